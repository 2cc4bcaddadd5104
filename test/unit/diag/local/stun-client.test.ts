import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { runStunBindings } from '../../../../src/diag/local/stun-client';
import { parseStunServer, serverLabel } from '../../../../src/diag/coder/stun-server';
import { judgeStun } from '../../../../src/diag/local/nat-verdict';
import { FORGED_MAPPED, startFakeStun, type FakeStun } from './fake-stun';

describe('STUN client over a real UDP socket (loopback stand-ins)', () => {
  const servers: FakeStun[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (...args: Parameters<typeof startFakeStun>): Promise<FakeStun> => {
    const s = await startFakeStun(...args);
    servers.push(s);
    return s;
  };

  it('sends from ONE socket: both servers see the same source port, no hard NAT', async () => {
    const a = await start('answer');
    const b = await start('answer');
    const run = await runStunBindings(
      [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
      { deadlineMs: 3000 },
    );
    assert.deepEqual(
      run.results.map((r) => r.outcome),
      ['answered', 'answered'],
    );
    assert.equal(run.results[0].mapped?.port, run.localPorts.IPv4);
    assert.equal(run.results[1].mapped?.port, run.localPorts.IPv4);
    const verdict = judgeStun(run);
    assert.equal(verdict.udp, 'ok');
    assert.equal(verdict.mapping, 'endpoint-independent');
    assert.deepEqual(verdict.findings, []);
    assert.deepEqual(verdict.mappedEndpoints, [`127.0.0.1:${run.localPorts.IPv4}`]);
  });

  it('reports hard NAT when the servers see different public ports', async () => {
    const a = await start('answer', () => ({ address: '198.51.100.9', port: 40001 }));
    const b = await start('answer', () => ({ address: '198.51.100.9', port: 40002 }));
    const verdict = judgeStun(
      await runStunBindings(
        [
          { host: '127.0.0.1', port: a.port },
          { host: '127.0.0.1', port: b.port },
        ],
        { deadlineMs: 3000 },
      ),
    );
    assert.equal(verdict.mapping, 'endpoint-dependent');
    assert.deepEqual(verdict.findings, [
      { id: 'hard-nat', side: 'client', detail: { endpoints: '198.51.100.9:40001, 198.51.100.9:40002' } },
    ]);
    assert.deepEqual(verdict.publicAddresses, ['198.51.100.9']);
  });

  it('retransmits to a silent server, then calls UDP blocked when nobody answers', async () => {
    const a = await start('silent');
    const b = await start('silent');
    const run = await runStunBindings(
      [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
      { deadlineMs: 1000, rtoMs: 50 },
    );
    // 50 ms doubling schedules sends at 0, 50, 150, 350 and 750 ms: never more than 5, and a
    // retransmit at all even on a busy machine.
    for (const r of run.results) {
      assert.equal(r.outcome, 'no-answer');
      assert.ok(r.attempts >= 2 && r.attempts <= 5, `attempts ${r.attempts}`);
      assert.match(r.error ?? '', /no answer within 1000 ms/);
    }
    assert.ok(a.requests >= 2 && b.requests >= 2);
    const verdict = judgeStun(run);
    assert.equal(verdict.udp, 'blocked');
    assert.deepEqual(
      verdict.findings.map((f) => f.id),
      ['udp-blocked'],
    );
  });

  it('stops at Rc requests per server', async () => {
    const a = await start('silent');
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], {
      deadlineMs: 500,
      rtoMs: 5,
      maxRequests: 3,
    });
    assert.equal(run.results[0].attempts, 3);
  });

  it('ignores garbage and answers to other transactions, then takes the real answer', async () => {
    const a = await start('garbage-then-answer', () => ({ address: '203.0.113.4', port: 5555 }));
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], { deadlineMs: 3000 });
    assert.equal(run.results[0].outcome, 'answered');
    assert.equal(run.results[0].mapped?.address, '203.0.113.4');
    const verdict = judgeStun(run);
    assert.equal(verdict.mapping, 'unknown');
    assert.match(verdict.note ?? '', /only 1 STUN server answered/);
  });

  it('treats an error response as "UDP works" without a mapping', async () => {
    const a = await start('error');
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], { deadlineMs: 3000 });
    assert.equal(run.results[0].outcome, 'error-response');
    assert.match(run.results[0].error ?? '', /400 Bad Request/);
    assert.equal(judgeStun(run).udp, 'ok');
    assert.deepEqual(judgeStun(run).findings, []);
  });

  it('reports names that do not resolve, and cannot conclude when nothing could be sent', async () => {
    const run = await runStunBindings([{ host: 'stun.invalid', port: 3478 }], {
      deadlineMs: 1000,
      lookup: () => Promise.reject(new Error('getaddrinfo ENOTFOUND stun.invalid')),
    });
    assert.equal(run.results[0].outcome, 'unresolved');
    const verdict = judgeStun(run);
    assert.equal(verdict.udp, 'unknown');
    assert.match(verdict.inconclusive ?? '', /stun\.invalid:3478: getaddrinfo ENOTFOUND/);
    assert.deepEqual(verdict.findings, []);
  });

  it('does not wait past a slow DNS lookup', async () => {
    const run = await runStunBindings([{ host: 'slow.example', port: 3478 }], {
      deadlineMs: 200,
      lookup: () => new Promise(() => undefined),
    });
    assert.equal(run.results[0].outcome, 'unresolved');
    assert.match(run.results[0].error ?? '', /took longer than 100 ms/);
  });

  it('stops on abort and says so', async () => {
    const a = await start('silent');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], {
      deadlineMs: 10_000,
      signal: controller.signal,
    });
    assert.equal(run.results[0].outcome, 'no-answer');
    assert.match(run.results[0].error ?? '', /cancelled/);
  });

  it('does not let a packet from a closed port crash anything', async () => {
    // A port nobody listens on: the kernel may answer with ICMP; an unconnected socket sees nothing.
    const probe = createSocket('udp4');
    await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
    const port = probe.address().port;
    probe.close();
    const run = await runStunBindings([{ host: '127.0.0.1', port }], { deadlineMs: 300, rtoMs: 50 });
    assert.equal(run.results[0].outcome, 'no-answer');
  });

  for (const mode of ['no-cookie-then-answer', 'spoofed-then-answer'] as const) {
    it(`ignores an answer without the magic cookie or from another address (${mode})`, async () => {
      const a = await start(mode);
      const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], { deadlineMs: 3000 });
      assert.equal(run.results[0].outcome, 'answered');
      assert.notEqual(run.results[0].mapped?.address, FORGED_MAPPED.address);
      assert.equal(run.results[0].mapped?.port, run.localPorts.IPv4);
    });
  }

  it('drops an answer whose FINGERPRINT does not match, and takes the good one after it', async () => {
    const a = await start('corrupted-then-answer');
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], { deadlineMs: 3000 });
    assert.equal(run.results[0].outcome, 'answered');
    assert.deepEqual(run.results[0].mapped, { family: 'IPv4', address: '127.0.0.1', port: run.localPorts.IPv4 });
  });

  it('never takes a corrupted answer: a server sending only those counts as silent', async () => {
    const a = await start('corrupted');
    const run = await runStunBindings([{ host: '127.0.0.1', port: a.port }], { deadlineMs: 400, rtoMs: 50 });
    assert.equal(run.results[0].outcome, 'no-answer');
    assert.equal(run.results[0].mapped, undefined);
    assert.ok(a.requests >= 2);
  });

  it('parses server strings', () => {
    assert.deepEqual(parseStunServer('stun.example.com:19302'), { host: 'stun.example.com', port: 19302 });
    assert.deepEqual(parseStunServer(' 192.0.2.1 '), { host: '192.0.2.1', port: 3478 });
    assert.deepEqual(parseStunServer('[2001:db8::1]:3479'), { host: '2001:db8::1', port: 3479 });
    assert.deepEqual(parseStunServer('2001:db8::1'), { host: '2001:db8::1', port: 3478 });
    for (const bad of ['', 'host:0', 'host:70000', 'host:99999', '[::1]:0', 'http://x:1', 'a b:1', ',,,', ':1'])
      assert.equal(parseStunServer(bad), null, bad);
    assert.equal(serverLabel({ host: '2001:db8::1', port: 3478 }), '[2001:db8::1]:3478');
  });
});
