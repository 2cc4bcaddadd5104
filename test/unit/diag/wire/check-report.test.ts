// The connection report's schema: its issue ids are the catalogue's, and what older versions saved
// (no netcheck, an unreadable CLI part) still reads, with the unknown part shown as unknown.
import assert from 'node:assert/strict';
import { CATALOGUE } from '../../../../src/diag/catalogue';
import { reduceAll } from '../../../../src/diag/check/report';
import { ISSUE_IDS, boundReport, parseReport } from '../../../../src/diag/wire/check-report';

describe('connection report schema', () => {
  it('knows exactly the issues the catalogue explains', () => {
    assert.deepEqual([...ISSUE_IDS].sort(), Object.keys(CATALOGUE).sort());
  });

  it('reads a report saved before netcheck was kept, and one whose CLI part is unreadable', () => {
    const report = reduceAll([
      { type: 'started', workspace: 'dev', at: '2026-01-01T00:00:00.000Z' },
      { type: 'issue', source: 'local', finding: { id: 'vpn', side: 'client', detail: { iface: 'utun3', mtu: 1280 } } },
      { type: 'finished', at: '2026-01-01T00:00:09.000Z' },
    ]);
    const { netcheck: _none, ...old } = structuredClone(report);
    assert.deepEqual(parseReport(old), { ...report, netcheck: null });
    assert.deepEqual(parseReport({ ...report, cli: { path: 7 } }), { ...report, cli: null });
    assert.equal(parseReport({ ...report, pings: null }), null);
  });

  it('bounds an issue detail to plain values: a number that is no figure becomes text', () => {
    const report = reduceAll([
      { type: 'started', workspace: 'dev', at: 'now' },
      { type: 'issue', source: 'local', finding: { id: 'low-mtu', side: 'client', detail: { mtu: Number.NaN } } },
    ]);
    const bounded = boundReport(report);
    assert.deepEqual(bounded.issues[0].detail, { mtu: 'NaN' });
    assert.deepEqual(parseReport(structuredClone(bounded)), bounded);
    assert.deepEqual(parseReport(structuredClone(report))?.issues, [], 'unbounded, the issue is refused');
  });
});
