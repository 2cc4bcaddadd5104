// The fleet's row model and its one-line summary.
import assert from 'node:assert/strict';
import { listedRow, notRunningReason, rowKey, statusLabel, type FleetRow } from '../../../../src/diag/fleet/row';
import { setTranslator } from '../../../../src/diag/l10n';
import { marked } from '../../../support/marked-translator';
import { fleetSummary } from '../../../../src/diag/fleet/summary';

const DEP = 'https://coder.example.com';

function row(name: string, over: Partial<FleetRow> = {}): FleetRow {
  return {
    ...listedRow(DEP, { name, owner: 'alice', status: 'running', target: name }),
    checkedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}
const direct = (name: string, ms: number): FleetRow =>
  row(name, { path: { kind: 'p2p', derpRegion: null, endpoint: '198.51.100.7:41641' }, latencyMs: ms });
const relayed = (name: string, ms: number, region: string | null): FleetRow =>
  row(name, { path: { kind: 'derp', derpRegion: region, endpoint: null }, latencyMs: ms });

describe('fleet rows', () => {
  it('starts a running workspace unchecked and a stopped one with the reason it is not pinged', () => {
    assert.deepEqual(listedRow(DEP, { name: 'dev', owner: 'alice', status: 'running', target: 'dev' }), {
      deployment: DEP,
      owner: 'alice',
      name: 'dev',
      status: 'running',
      path: { kind: 'unknown', derpRegion: null, endpoint: null },
      latencyMs: null,
      checkedAt: null,
      error: null,
    });
    const stopped = listedRow(null, { name: 'old', owner: 'bob', status: 'stopped', target: 'old' });
    assert.equal(stopped.error, 'not pinged: the workspace is stopped; start it with `coder start old`');
    assert.equal(stopped.deployment, null);
  });

  it('says why for every status that is not running', () => {
    const why = (status: string) => notRunningReason({ status, target: 'w' });
    assert.match(why('starting'), /starting; refresh once it is running/);
    assert.match(why('pending'), /starting/);
    assert.match(why('failed'), /latest build failed/);
    assert.match(why('deleting'), /is deleting/);
    assert.match(why('something-new'), /not running \(status "something-new"\)/);
  });

  it('does not ping a running workspace whose name the CLI would read as a flag', () => {
    const r = listedRow(DEP, { name: '--help', owner: 'x', status: 'running', target: '--help' });
    assert.match(r.error ?? '', /^not pinged: A workspace name cannot start with "-"/);
  });

  it('keys rows by deployment, owner and name, so no separator in a name can make two rows one', () => {
    assert.notEqual(
      rowKey({ deployment: DEP, owner: 'a/b', name: 'c' }),
      rowKey({ deployment: DEP, owner: 'a', name: 'b/c' }),
    );
    assert.notEqual(
      rowKey({ deployment: null, owner: 'a', name: 'b' }),
      rowKey({ deployment: DEP, owner: 'a', name: 'b' }),
    );
    assert.equal(rowKey(row('dev')), rowKey(direct('dev', 5)));
  });
});

describe('fleet row status words', () => {
  afterEach(() => setTranslator(null));

  it("says each of coder list's statuses in the user's language, and an unknown one as the CLI said it", () => {
    const known = [
      'pending',
      'starting',
      'running',
      'stopping',
      'stopped',
      'failed',
      'canceling',
      'canceled',
      'deleting',
      'deleted',
    ];
    assert.deepEqual(known.map(statusLabel), known, 'English is the CLI word itself');
    setTranslator(marked);
    for (const status of known) assert.equal(statusLabel(status), `«${status}»`);
    assert.equal(statusLabel('hibernating'), 'hibernating');
    assert.match(
      notRunningReason({ status: 'stopped', target: 'alice/dev' }),
      /«not pinged: the workspace is «stopped»;/,
    );
  });
});

describe('fleet summary', () => {
  it('reads like the issue: running, direct, relayed with regions, slowest', () => {
    const rows = [
      direct('dev', 12),
      direct('api', 14),
      direct('web', 9),
      relayed('ml-box', 212, 'Frankfurt'),
      relayed('etl', 48, 'Frankfurt'),
    ];
    assert.equal(fleetSummary(rows), '5 running · 3 direct · 2 relayed (Frankfurt) · slowest: ml-box 212 ms');
  });

  it('lists the most used relay first, then counts Coder Connect, rows with no answer and the ones not running', () => {
    const rows = [
      relayed('a', 150, 'Sydney'),
      relayed('b', 40, 'Frankfurt'),
      relayed('c', 45, 'Frankfurt'),
      relayed('d', 45, null),
      row('vpn', { path: { kind: 'coder-connect', derpRegion: null, endpoint: null } }),
      row('hangs', { error: 'timed out: no pong within 15 s' }),
      row('queued', { checkedAt: null }),
      listedRow(DEP, { name: 'old', owner: 'a', status: 'stopped', target: 'old' }),
    ];
    assert.equal(
      fleetSummary(rows),
      '7 running · 4 relayed (Frankfurt, Sydney) · 1 Coder Connect · 1 no answer · 1 not running · slowest: a 150 ms',
    );
  });

  it('names no slowest for a single figure, and says when there is nothing', () => {
    assert.equal(fleetSummary([direct('dev', 12)]), '1 running · 1 direct');
    assert.equal(fleetSummary([]), 'No workspaces');
    assert.equal(
      fleetSummary([listedRow(DEP, { name: 'old', owner: 'a', status: 'stopped', target: 'old' })]),
      '0 running · 1 not running',
    );
  });
});
