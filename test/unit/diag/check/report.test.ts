import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../../src/diag/events';
import { reduceAll } from '../../../../src/diag/check/report';

const pong = (ms: number, path: 'p2p' | 'derp', atMs = 0): DiagEvent => ({
  type: 'ping',
  sample:
    path === 'derp'
      ? { outcome: 'pong', atMs, path, derpRegion: 'Frankfurt', latencyMs: ms }
      : { outcome: 'pong', atMs, path, endpoint: '198.51.100.7:41641', latencyMs: ms },
});
const finished: DiagEvent = { type: 'finished', at: 'end' };

describe('report reducer', () => {
  it('counts every attempt and keeps min/avg/max/jitter over pongs only', () => {
    const r = reduceAll([
      pong(40, 'derp'),
      { type: 'ping', sample: { outcome: 'timeout', atMs: 1 } },
      pong(50, 'derp'),
      pong(30, 'derp'),
      { type: 'ping', sample: { outcome: 'failed', atMs: 2, error: 'boom' } },
      finished,
    ]);
    assert.deepEqual(
      { sent: r.pings.sent, received: r.pings.received, timedOut: r.pings.timedOut, failed: r.pings.failed },
      { sent: 5, received: 3, timedOut: 1, failed: 1 },
    );
    assert.equal(r.pings.minMs, 30);
    assert.equal(r.pings.maxMs, 50);
    assert.equal(r.pings.avgMs, 40);
    // Only 50 -> 30 are consecutive pongs (the timeout breaks 40 -> 50).
    assert.equal(r.pings.jitterMs, 20);
    assert.deepEqual(
      r.samples.map((s) => s.seq),
      [1, 2, 3, 4, 5],
    );
  });

  it('ends on the last path and records when it turned direct', () => {
    const r = reduceAll([
      pong(60, 'derp', 100),
      { type: 'p2p-established', ms: 1412, atMs: 1500 },
      pong(12, 'p2p', 1600),
      finished,
    ]);
    assert.deepEqual(r.path, { kind: 'p2p', derpRegion: null, endpoint: '198.51.100.7:41641' });
    assert.equal(r.p2pEstablishedMs, 1412);
    assert.equal(r.upgradedAtMs, 1500);
    assert.equal(r.issues.length, 0);
  });

  it('adds the relay issue when the run ends relayed, once, even if the CLI said it too', () => {
    const r = reduceAll([
      pong(60, 'derp'),
      { type: 'issue', source: 'ping', finding: { id: 'derp-relay', side: 'general' } },
      finished,
    ]);
    assert.deepEqual(
      r.issues.map((i) => i.id),
      ['derp-relay'],
    );
    assert.match(r.issues[0].docs, /#common-problems-with-direct-connections$/);
    const none = reduceAll([finished]);
    assert.equal(none.path.kind, 'unknown');
    assert.deepEqual(none.issues, []);
  });

  it('merges the same finding from two sources into one issue', () => {
    const r = reduceAll([
      {
        type: 'issue',
        source: 'ping',
        finding: {
          id: 'low-mtu',
          side: 'client',
          detail: { interface: 'wg0', mtu: 1280 },
          cliText: 'network interface wg0 has MTU 1280',
        },
      },
      {
        type: 'issue',
        source: 'netcheck',
        finding: { id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } },
      },
      {
        type: 'issue',
        source: 'local',
        finding: { id: 'low-mtu', side: 'client', detail: { interface: 'tun0', mtu: 1200 } },
      },
      { type: 'issue', source: 'ping', finding: { id: 'hard-nat', side: 'agent' } },
      { type: 'issue', source: 'netcheck', finding: { id: 'hard-nat', side: 'client' } },
    ]);
    assert.deepEqual(
      r.issues.map((i) => [i.id, i.side, i.sources.join('+')]),
      [
        ['low-mtu', 'client', 'ping+netcheck'],
        ['low-mtu', 'client', 'local'],
        ['hard-nat', 'agent', 'ping'],
        ['hard-nat', 'client', 'netcheck'],
      ],
    );
    assert.match(r.issues[0].message, /wg0 on your machine has MTU 1280/);
  });

  it('keeps the latest state of each check and source', () => {
    const r = reduceAll([
      { type: 'check', check: { id: 'wireguard', status: 'fail', message: 'a' } },
      { type: 'check', check: { id: 'wireguard', status: 'ok', message: 'b' } },
      { type: 'source-done', source: 'netcheck', ok: false, error: 'unknown command' },
    ]);
    assert.deepEqual(r.checks, [{ id: 'wireguard', status: 'ok', message: 'b' }]);
    assert.deepEqual(r.sources, [{ source: 'netcheck', ok: false, error: 'unknown command' }]);
  });

  it('bounds the samples it keeps while counting all of them', () => {
    const events: DiagEvent[] = [];
    for (let i = 0; i < 4000; i++) events.push(pong(10 + (i % 7), 'p2p', i));
    const r = reduceAll(events);
    assert.equal(r.samples.length, 3600);
    assert.equal(r.pings.sent, 4000);
    assert.equal(r.samples[0].seq, 401);
  });
});
