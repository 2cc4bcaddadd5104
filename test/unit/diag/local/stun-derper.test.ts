// Our STUN client against derper's rule (the relays of a Coder deployment): the lab's derper
// stand-in keeps that rule, checked here request by request, then over real loopback sockets.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { judgeStun } from '../../../../src/diag/local/nat-verdict';
import { runStunBindings } from '../../../../src/diag/local/stun-client';
import { appendFingerprint, encodeBindingRequest } from '../../../../src/diag/local/stun-codec';
import { judgeRequest, startDerperStun, type DerperStun } from '../../../lab/support/derper-stun';
import { stunMessage } from './fake-stun';

const TXID = Buffer.from('0102030405060708090a0b0c', 'hex');
const software = (value: string): { type: number; value: Buffer } => ({ type: 0x8022, value: Buffer.from(value) });
/** A plain RFC 5389 Binding request: the header alone, as our client sent it before. */
const BARE = stunMessage(0x0001, TXID, []);

describe("derper's STUN rule (the lab's stand-in)", () => {
  it('accepts exactly what Tailscale sends: SOFTWARE "tailnode", FINGERPRINT last', () => {
    assert.equal(judgeRequest(encodeBindingRequest(TXID)), 'accepted');
  });

  it('refuses a bare request, a FINGERPRINT alone, other software and a missing, early or wrong FINGERPRINT', () => {
    const cases: [string, Buffer, string][] = [
      ['bare RFC 5389 request', BARE, 'wrong-software'],
      ['FINGERPRINT only', appendFingerprint(BARE), 'wrong-software'],
      ['other software', appendFingerprint(stunMessage(0x0001, TXID, [software('tailnodX')])), 'wrong-software'],
      ['"tailnode" with more', appendFingerprint(stunMessage(0x0001, TXID, [software('tailnode2')])), 'wrong-software'],
      ['no FINGERPRINT', stunMessage(0x0001, TXID, [software('tailnode')]), 'no-fingerprint'],
      [
        'FINGERPRINT before SOFTWARE',
        Buffer.concat([appendFingerprint(BARE), stunMessage(0x0001, TXID, [software('tailnode')]).subarray(20)]),
        'no-fingerprint',
      ],
      [
        'a Binding success',
        appendFingerprint(stunMessage(0x0101, TXID, [software('tailnode')])),
        'not-binding-request',
      ],
      ['not STUN', Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'not-stun'],
    ];
    const flipped = encodeBindingRequest(TXID);
    flipped[24] ^= 0x20; // "Tailnode": SOFTWARE no longer matches either
    cases.push(['SOFTWARE changed after the FINGERPRINT', flipped, 'wrong-software']);
    const badFp = encodeBindingRequest(TXID);
    badFp[badFp.length - 1] ^= 0x01;
    cases.push(['FINGERPRINT off by one bit', badFp, 'wrong-fingerprint']);
    const otherTx = encodeBindingRequest(TXID);
    otherTx[19] ^= 0x01; // the transaction id is covered too
    cases.push(['transaction id changed after the FINGERPRINT', otherTx, 'wrong-fingerprint']);
    for (const [name, bytes, verdict] of cases) assert.equal(judgeRequest(bytes), verdict, name);
  });
});

describe('STUN client against the derper stand-in on 127.0.0.1', () => {
  const running: DerperStun[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  const start = async (fingerprint = true): Promise<DerperStun> => {
    const s = await startDerperStun({ hosts: ['127.0.0.1'], port: 0, fingerprint });
    running.push(s);
    return s;
  };

  it('stays silent to a bare RFC 5389 request', async () => {
    const derper = await start();
    const socket = createSocket('udp4');
    const answers: Buffer[] = [];
    socket.on('message', (m) => answers.push(m));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve, reject) =>
      socket.send(BARE, derper.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.close();
    assert.deepEqual(answers, []);
    assert.deepEqual(derper.counts, { accepted: 0, dropped: 1 });
    assert.equal(derper.log[0].verdict, 'wrong-software');
  });

  for (const fingerprint of [true, false]) {
    it(`gets an answer to ours and reads the mapped address (answer ${fingerprint ? 'with' : 'without'} FINGERPRINT)`, async () => {
      const a = await start(fingerprint);
      const b = await start(fingerprint);
      const run = await runStunBindings(
        [
          { host: '127.0.0.1', port: a.port },
          { host: '127.0.0.1', port: b.port },
        ],
        { deadlineMs: 1500 },
      );
      assert.deepEqual(
        run.results.map((r) => r.outcome),
        ['answered', 'answered'],
      );
      for (const r of run.results)
        assert.deepEqual(r.mapped, { family: 'IPv4', address: '127.0.0.1', port: run.localPorts.IPv4 });
      assert.deepEqual([a.counts.dropped, b.counts.dropped], [0, 0]);
      assert.ok(a.counts.accepted >= 1 && b.counts.accepted >= 1);
      const verdict = judgeStun(run);
      assert.deepEqual([verdict.udp, verdict.mapping, verdict.findings], ['ok', 'endpoint-independent', []]);
    });
  }
});
