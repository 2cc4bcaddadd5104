import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../src/diag/events';
import { reduceAll } from '../../../src/diag/check/report';
import { CUT_MARKER, MAX_EVENTS_PER_MESSAGE, MAX_TEXT } from '../../../src/diag/wire/limits';
import { parseHostMessage, parsePanelMessage, parsePanelState, trimForState } from '../../../src/shared/check-protocol';
import { parseDiagEvent, parseReport } from '../../../src/diag/wire/check-report';

const events: DiagEvent[] = [
  { type: 'started', workspace: 'dev', at: '2026-01-01T00:00:00.000Z' },
  { type: 'cli', cli: { path: '/usr/bin/coder', version: null } },
  { type: 'ping', sample: { outcome: 'pong', atMs: 10, path: 'derp', latencyMs: 40, derpRegion: 'Frankfurt' } },
  { type: 'ping', sample: { outcome: 'failed', atMs: 20, error: 'boom' } },
  { type: 'p2p-established', ms: 1412, atMs: 30 },
  { type: 'check', check: { id: 'wireguard', status: 'fail', message: 'no handshake' } },
  {
    type: 'issue',
    source: 'netcheck',
    finding: { id: 'low-mtu', side: 'client', detail: { interface: 'wg0', mtu: 1280 } },
  },
  {
    type: 'probe',
    outcome: { name: 'stun', ran: true, data: { servers: [{ host: 'a', mapped: '1.2.3.4:5' }], nat: 'easy' } },
  },
  { type: 'raw', source: 'ping', line: 'odd line' },
  { type: 'source-done', source: 'ping', ok: false, error: 'cancelled' },
  { type: 'finished', at: '2026-01-01T00:00:09.000Z' },
];

describe('panel message protocol', () => {
  it('accepts exactly the panel messages, and nothing extra', () => {
    for (const type of ['ready', 'run-again', 'cancel', 'copy-report', 'save-report', 'open-speed-test']) {
      assert.deepEqual(parsePanelMessage({ type }), { type });
    }
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'run' },
      { type: 'ready', extra: 1 },
      { type: 'open-link', url: 'file:///etc/passwd' },
      { type: 42 },
    ]) {
      assert.equal(parsePanelMessage(bad), null, JSON.stringify(bad));
    }
  });

  it('passes every engine event through validation unchanged', () => {
    for (const event of events) assert.deepEqual(parseDiagEvent(JSON.parse(JSON.stringify(event))), event);
    const old: DiagEvent = {
      type: 'cli',
      cli: { path: '/opt/coder', version: 'v0.27.3', note: 'Limited diagnostics.' },
    };
    assert.deepEqual(parseDiagEvent(JSON.parse(JSON.stringify(old))), old);
    const withLogin: DiagEvent = {
      type: 'cli',
      cli: { path: '/opt/coder', version: 'v2.18.0', deployment: 'https://coder.example.com' },
    };
    assert.deepEqual(parseDiagEvent(JSON.parse(JSON.stringify(withLogin))), withLogin);
  });

  it('rejects malformed events and drops only the bad ones of a batch', () => {
    const bad = [
      { type: 'ping', sample: { outcome: 'pong', atMs: 'soon' } },
      { type: 'issue', source: 'ping', finding: { id: 'not-an-issue', side: 'client' } },
      { type: 'issue', source: 'ping', finding: { id: 'vpn', side: 'server' } },
      { type: 'check', check: { id: 'x', status: 'maybe', message: 'm' } },
      { type: 'source-done', source: 'shell', ok: true },
      { type: 'finished' },
      { type: 'cli', cli: { path: '/opt/coder', version: 'v0.27.3', note: 42 } },
      { type: 'cli', cli: { path: '/opt/coder', version: 'v2.18.0', deployment: { url: 'x' } } },
      { type: 'unknown' },
    ];
    for (const b of bad) assert.equal(parseDiagEvent(b), null, JSON.stringify(b).slice(0, 80));
    const parsed = parseHostMessage({ type: 'events', events: [...bad, events[2]] });
    assert.deepEqual(parsed, { type: 'events', events: [events[2]] });
  });

  it('cuts an oversized text instead of refusing its event, and reads at most a batch', () => {
    const raw = parseDiagEvent({ type: 'raw', source: 'ping', line: 'x'.repeat(5000) });
    assert.equal(raw?.type === 'raw' && raw.line.length, MAX_TEXT);
    assert.ok(raw?.type === 'raw' && raw.line.endsWith(CUT_MARKER));
    const cli = parseDiagEvent({
      type: 'cli',
      cli: { path: '/opt/coder', version: 'v0.27.3', note: 'n'.repeat(5000) },
    });
    assert.equal(cli?.type === 'cli' && cli.cli.note?.length, MAX_TEXT);
    const flood = parseHostMessage({ type: 'events', events: new Array(MAX_EVENTS_PER_MESSAGE + 1).fill(events[2]) });
    assert.equal(flood?.type === 'events' && flood.events.length, MAX_EVENTS_PER_MESSAGE);
  });

  it('validates snapshots with a full report, and refuses a broken one', () => {
    const report = reduceAll(events);
    const snapshot = {
      type: 'snapshot',
      report,
      running: false,
      workspace: 'dev',
      thresholds: { warnMs: 100, errorMs: 250 },
    };
    assert.deepEqual(parseHostMessage(JSON.parse(JSON.stringify(snapshot))), snapshot);
    // A bad item costs that item; a report that is not one costs the report, never the snapshot.
    const badSample = parseHostMessage({
      ...snapshot,
      report: { ...report, samples: [{ seq: 1 }, ...report.samples] },
    });
    assert.deepEqual(badSample, snapshot);
    assert.deepEqual(parseHostMessage({ ...snapshot, report: { ...report, path: { kind: 'relay' } } }), {
      ...snapshot,
      report: null,
    });
    assert.equal(parseHostMessage({ ...snapshot, thresholds: { warnMs: 'high' } }), null);
    const badIssue = parseReport({ ...report, issues: [{ ...report.issues[0], sources: ['telnet'] }] });
    assert.deepEqual(badIssue?.issues, []);
    assert.equal(parseReport({ ...report, cli: { path: '/opt/coder', version: 'v0.27.3', note: ['x'] } })?.cli, null);
    assert.deepEqual(
      parseHostMessage({
        type: 'snapshot',
        report: null,
        running: true,
        workspace: null,
        thresholds: { warnMs: 1, errorMs: 2 },
      })?.type,
      'snapshot',
    );
  });

  it('carries the translations of the texts the panel makes, as string pairs only; none leaves it English', () => {
    const snapshot = {
      type: 'snapshot',
      report: null,
      running: false,
      workspace: 'dev',
      thresholds: { warnMs: 1, errorMs: 2 },
    };
    const bare = parseHostMessage(snapshot);
    assert.ok(bare?.type === 'snapshot' && bare.translations === undefined);
    const m = parseHostMessage({
      ...snapshot,
      translations: { 'Run again': 'Erneut ausführen', 'Checked at {0}.': 'Geprüft um {0}.', cancel: 42 },
    });
    assert.ok(m?.type === 'snapshot');
    assert.deepEqual({ ...m.translations }, { 'Run again': 'Erneut ausführen', 'Checked at {0}.': 'Geprüft um {0}.' });
  });

  it('keeps restored panel state small and survives junk in it', () => {
    const many: DiagEvent[] = [
      events[0],
      ...Array.from({ length: 2000 }, (_, i): DiagEvent => ({
        type: 'ping',
        sample: { outcome: 'pong', atMs: i * 1000, path: 'p2p', latencyMs: 10 },
      })),
    ];
    const report = reduceAll(many);
    const trimmed = trimForState(report, 1200);
    assert.equal(trimmed.samples.length, 1200);
    assert.equal(trimmed.samples[1199].seq, 2000);
    assert.equal(trimmed.pings.sent, 2000, 'the statistics stay whole');
    assert.deepEqual(parsePanelState({ workspace: 'dev', report: trimmed }), { workspace: 'dev', report: trimmed });
    assert.deepEqual(parsePanelState({ workspace: 'dev', report: { nonsense: true } }), {
      workspace: 'dev',
      report: null,
    });
    assert.equal(parsePanelState('junk'), null);
    assert.equal(parsePanelState(undefined), null);
  });
});
