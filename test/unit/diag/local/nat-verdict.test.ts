import assert from 'node:assert/strict';
import { issueMessage } from '../../../../src/diag/catalogue';
import type { DerpRegionResult } from '../../../../src/diag/local/derp-probe';
import { judgeStun, relaysAnsweredOverTcp, withRelayEvidence } from '../../../../src/diag/local/nat-verdict';
import type { StunRun, StunServerResult } from '../../../../src/diag/local/stun-client';

const silent = (server: string): StunServerResult => ({
  server,
  address: server.split(':')[0],
  outcome: 'no-answer',
  attempts: 4,
  error: 'no answer within 3000 ms',
});
const run = (...results: StunServerResult[]): StunRun => ({ localPorts: { IPv4: 40000 }, results });

function relay(regionName: string, over: Partial<DerpRegionResult>): DerpRegionResult {
  return {
    regionId: 1,
    regionName,
    url: `https://${regionName.toLowerCase()}.example/derp`,
    dialed: { address: '192.0.2.1', from: 'ipv4' },
    latencyMs: null,
    upgrade: 'failed',
    websocket: 'failed',
    ...over,
  };
}

const SILENT = run(silent('derp1.example:3478'), silent('derp2.example:3478'));

describe('NAT verdict: silence from every STUN server, and what the relays said over TCP', () => {
  it('names the silent servers in the verdict and the finding', () => {
    const verdict = judgeStun(SILENT);
    assert.equal(verdict.udp, 'blocked');
    assert.deepEqual(verdict.silentServers, ['derp1.example:3478', 'derp2.example:3478']);
    assert.deepEqual(verdict.findings, [
      { id: 'udp-blocked', side: 'client', detail: { servers: 'derp1.example:3478, derp2.example:3478' } },
    ]);
    assert.equal(
      issueMessage({ ...verdict.findings[0], message: '' }),
      'Your machine got no answer over UDP from the STUN servers derp1.example:3478, derp2.example:3478, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.',
    );
  });

  it('counts a relay as answering over TCP by its latency check, its DERP upgrade or its WebSocket', () => {
    const results = [
      relay('Latency', { latencyMs: 12 }),
      relay('Upgrade', { upgrade: 'ok' }),
      relay('WebSocket', { websocket: 'ok', upgrade: 'refused' }),
      relay('Refused', { upgrade: 'refused', websocket: 'refused' }),
      relay('Dead', {}),
      relay('Latency', { latencyMs: 30 }),
    ];
    assert.deepEqual(relaysAnsweredOverTcp(results), ['Latency', 'Upgrade', 'WebSocket']);
    assert.deepEqual(relaysAnsweredOverTcp([]), []);
  });

  it('with relays answering over TCP: UDP looks blocked, or the servers refuse our requests', () => {
    const relays = relaysAnsweredOverTcp([relay('Frankfurt', { latencyMs: 20, upgrade: 'ok' }), relay('Tokyo', {})]);
    const verdict = withRelayEvidence(judgeStun(SILENT), SILENT, relays);
    assert.deepEqual(verdict.relaysAnswered, ['Frankfurt']);
    assert.deepEqual(verdict.silentServers, ['derp1.example:3478', 'derp2.example:3478']);
    assert.equal(verdict.udp, 'blocked');
    assert.deepEqual(verdict.findings, [
      {
        id: 'udp-blocked',
        side: 'client',
        detail: { servers: 'derp1.example:3478, derp2.example:3478', relaysAnswered: 'Frankfurt' },
      },
    ]);
    assert.equal(
      issueMessage({ ...verdict.findings[0], message: '' }),
      'UDP looks blocked, or these STUN servers refuse our requests: derp1.example:3478, derp2.example:3478 answered nothing over UDP while the DERP relays Frankfurt answered over TCP. Allow outbound UDP (to the STUN servers and to the other end) in the firewall; if it is allowed, compare with what coder netcheck says about UDP.',
    );
  });

  it('changes nothing when no relay answered, when UDP works, or when a local firewall refused the requests', () => {
    const blocked = judgeStun(SILENT);
    assert.deepEqual(withRelayEvidence(blocked, SILENT, []), blocked);

    const answered = run(
      {
        server: 'a:3478',
        outcome: 'answered',
        attempts: 1,
        mapped: { family: 'IPv4', address: '198.51.100.1', port: 1 },
      },
      silent('b:3478'),
    );
    const ok = judgeStun(answered);
    assert.deepEqual(withRelayEvidence(ok, answered, ['Frankfurt']), ok);

    const refusedHere = run(
      { server: 'a:3478', outcome: 'send-blocked', attempts: 1, error: 'EPERM' },
      { server: 'b:3478', outcome: 'send-blocked', attempts: 1, error: 'EPERM' },
    );
    const local = judgeStun(refusedHere);
    assert.equal(local.udp, 'blocked');
    assert.deepEqual(withRelayEvidence(local, refusedHere, ['Frankfurt']), local);
  });

  it('explains the agent side and a CLI finding without detail as before', () => {
    assert.match(
      issueMessage({ id: 'udp-blocked', side: 'client', message: '' }),
      /^Your machine could not reach a STUN server over UDP/,
    );
    assert.match(
      issueMessage({ id: 'udp-blocked', side: 'agent', message: '', detail: { servers: 'x:1', relaysAnswered: 'y' } }),
      /^The workspace could not reach a STUN server over UDP/,
    );
  });
});
