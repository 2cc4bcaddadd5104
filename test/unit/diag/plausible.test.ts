import assert from 'node:assert/strict';
import { netcheckFindings, parseNetcheck } from '../../../src/diag/coder/netcheck';
import { classifyDiagnostic } from '../../../src/diag/coder/ping-diagnostics';
import { createPingParser } from '../../../src/diag/coder/ping-parser';
import type { DiagEvent } from '../../../src/diag/events';
import { lowMtuFindings } from '../../../src/diag/local/interfaces';
import { reduceAll } from '../../../src/diag/check/report';

function parseLines(lines: string[]): DiagEvent[] {
  const parser = createPingParser(() => 0);
  return [...lines.flatMap((l) => parser.push(l)), ...parser.end()];
}

const netcheckWith = (netcheck: Record<string, unknown>, interfaces: unknown[] = [], nodeReports: unknown[] = []) =>
  JSON.stringify({
    derp: {
      regions: {
        '1': { region: { RegionID: 1, RegionName: 'A', Nodes: [] }, node_reports: nodeReports },
      },
      netcheck,
    },
    interfaces: { interfaces },
  });

describe('impossible figures are refused, with a note', () => {
  it('ping: negative and absurd round trips and set-up times are not counted, and the line says why', () => {
    const events = parseLines([
      'pong from dev proxied via DERP(A) in -5ms',
      'pong from dev p2p via 192.0.2.1:4242 in 1000000000000000000000000000000000000000000h',
      'p2p connection established in -3s',
      'pong from dev proxied via DERP(A) in 12ms',
    ]);
    const report = reduceAll(events);
    assert.equal(report.pings.received, 1);
    assert.equal(report.pings.minMs, 12);
    assert.equal(report.pings.maxMs, 12);
    assert.equal(report.p2pEstablishedMs, null);
    const notes = events.flatMap((e) => (e.type === 'raw' ? [e.line] : []));
    assert.equal(notes.length, 3);
    assert.match(notes[0], /in -5ms \(ignored latency -5 ms: not a possible value\)/);
    assert.match(notes[1], /ignored latency 3\.6e\+\d+ ms/);
    assert.match(notes[2], /ignored p2p set-up time -3000 ms/);
  });

  it('netcheck: negative and 3.6e62 ms latencies, and MTUs of 1e-300 or 1.5, are left out with notes', () => {
    const report = parseNetcheck(
      netcheckWith(
        { RegionLatency: { '1': -5e6, '2': 3.6e68, '3': 12e6 } },
        [
          { name: 'tiny', mtu: 1e-300, addresses: ['192.0.2.2/24'] },
          { name: 'half', mtu: 1.5, addresses: ['192.0.2.3/24'] },
          { name: 'wg0', mtu: 1280, addresses: ['10.0.0.2/24'] },
        ],
        [{ round_trip_ping_ms: 3.6e62 }, { round_trip_ping_ms: 40 }],
      ),
    );
    assert.deepEqual(report.regionLatencyMs, { '3': 12 });
    assert.equal(report.regions[0].roundTripMs, 40);
    assert.deepEqual(
      report.interfaces.map((i) => i.mtu),
      [0, 0, 1280],
    );
    assert.equal(report.notes.length, 5);
    assert.ok(report.notes.some((n) => /RegionLatency\.1: ignored latency -5 ms/.test(n)));
    assert.ok(report.notes.some((n) => /\(tiny\): ignored MTU 1e-300/.test(n)));
    assert.ok(report.notes.some((n) => /\(half\): ignored MTU 1.5/.test(n)));
    assert.deepEqual(
      netcheckFindings(report).filter((f) => f.id === 'low-mtu'),
      [{ id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } }],
    );
  });

  it('local interfaces and CLI text: an impossible MTU is never reported as low', () => {
    const iface = (name: string, mtu: number) => ({ name, mtu, up: true, addresses: ['192.0.2.9'] });
    assert.deepEqual(
      lowMtuFindings([iface('a', 1.5), iface('b', 1e-300), iface('c', 1200)]).map((f) => f.detail?.interface),
      ['c'],
    );
    assert.deepEqual(classifyDiagnostic('Network interface eth0 has MTU 999999, less than 1378').detail, {
      interface: 'eth0',
    });
  });
});
