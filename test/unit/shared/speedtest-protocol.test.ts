import assert from 'node:assert/strict';
import {
  DEFAULT_SETTINGS,
  directionsOf,
  parseHostMessage,
  parsePanelMessage,
  parsePanelState,
  parseRunSettings,
} from '../../../src/shared/speedtest-protocol';
import { HOSTILE, report } from '../diag/speedtest/report-fixtures';
import { MAX_EVENTS_PER_MESSAGE, MAX_NOTICE } from '../../../src/diag/wire/limits';

describe('speed test protocol: panel -> host', () => {
  it('accepts each action and a valid start', () => {
    for (const type of ['ready', 'cancel', 'copy-markdown', 'save-json', 'change-target'])
      assert.deepEqual(parsePanelMessage({ type }), { type });
    const settings = { direction: 'both', durationSeconds: 10, compareCli: true, waitForDirect: true };
    assert.deepEqual(parsePanelMessage({ type: 'start', settings }), { type: 'start', settings });
  });

  it('reads settings saved before the direct wait existed as not waiting', () => {
    const old = { direction: 'both', durationSeconds: 10, compareCli: true };
    assert.deepEqual(parseRunSettings(old), { ...old, waitForDirect: false });
  });

  it('rejects unknown types, extra fields and bad settings', () => {
    assert.equal(parsePanelMessage({ type: 'run-shell', command: 'rm -rf /' }), null);
    assert.equal(parsePanelMessage({ type: 'cancel', extra: 1 }), null);
    assert.equal(parsePanelMessage('cancel'), null);
    assert.equal(parsePanelMessage(null), null);
    const bad = [
      { direction: 'sideways', durationSeconds: 5, compareCli: false },
      { direction: 'download', durationSeconds: 0, compareCli: false },
      { direction: 'download', durationSeconds: 61, compareCli: false },
      { direction: 'download', durationSeconds: 2.5, compareCli: false },
      { direction: 'download', durationSeconds: '5', compareCli: false },
      { direction: 'download', durationSeconds: 5, compareCli: 'yes' },
      { direction: 'download', durationSeconds: 5, compareCli: false, waitForDirect: 'yes' },
    ];
    for (const settings of bad)
      assert.equal(parsePanelMessage({ type: 'start', settings }), null, JSON.stringify(settings));
    assert.equal(parsePanelMessage({ type: 'start', settings: DEFAULT_SETTINGS, more: true }), null);
  });

  it('maps the direction choice to the engine order', () => {
    assert.deepEqual(directionsOf('both'), ['download', 'upload']);
    assert.deepEqual(directionsOf('upload'), ['upload']);
    assert.deepEqual(parseRunSettings(DEFAULT_SETTINGS), {
      direction: 'both',
      durationSeconds: 5,
      compareCli: false,
      waitForDirect: false,
    });
  });
});

describe('speed test protocol: host -> panel', () => {
  const snapshot = {
    type: 'snapshot',
    target: { label: HOSTILE, kind: 'coder' },
    settings: DEFAULT_SETTINGS,
    running: false,
    events: [{ type: 'phase', phase: 'download', message: 'Measuring' }],
    report: report(),
    previous: null,
  };

  it('passes a valid snapshot through, untrusted text unchanged (the panel renders it as text)', () => {
    const m = parseHostMessage(snapshot);
    assert.ok(m && m.type === 'snapshot');
    assert.equal(m.target?.label, HOSTILE);
    assert.equal(m.report?.results.length, 2);
  });

  it('carries the translations of the texts the panel makes, as string pairs only; none leaves it English', () => {
    const bare = parseHostMessage(snapshot);
    assert.ok(bare?.type === 'snapshot' && bare.translations === undefined);
    const m = parseHostMessage({ ...snapshot, translations: { Start: 'Starten', onclick: ['alert(1)'] } });
    assert.ok(m?.type === 'snapshot');
    assert.deepEqual({ ...m.translations }, { Start: 'Starten' });
  });

  it('leaves out the malformed part of a snapshot, and rejects one that is no snapshot', () => {
    const broken = report();
    (broken.results[0].overall as { throughput_mbits: unknown }).throughput_mbits = 'fast';
    const m = parseHostMessage({ ...snapshot, report: broken });
    assert.equal(m?.type === 'snapshot' && m.report?.results.length, broken.results.length - 1);
    const unreadable = parseHostMessage({ ...snapshot, report: { ...report(), latency: null } });
    assert.equal(unreadable?.type === 'snapshot' && unreadable.report, null);
    assert.equal(parseHostMessage({ ...snapshot, target: { label: 'x', kind: 'ftp' } }), null);
    assert.equal(parseHostMessage({ ...snapshot, running: 'no' }), null);
  });

  it('drops malformed events from a batch and keeps the rest', () => {
    const m = parseHostMessage({
      type: 'events',
      events: [
        { type: 'sample', direction: 'download', tSeconds: 0.25, mbits: 40, bytesTotal: 1_250_000 },
        { type: 'sample', direction: 'download', tSeconds: 0.5, mbits: -1, bytesTotal: 1 },
        { type: 'sample', direction: 'sideways', tSeconds: 0.5, mbits: 1, bytesTotal: 1 },
        { type: 'latency', phase: 'loaded', ms: Number.NaN },
        {
          type: 'interval',
          direction: 'upload',
          interval: { start_time_seconds: 2, end_time_seconds: 1, throughput_mbits: 1 },
        },
        { type: 'eval', code: 'alert(1)' },
        { type: 'latency', phase: 'idle', ms: 50 },
      ],
    });
    assert.ok(m && m.type === 'events');
    assert.deepEqual(
      m.events.map((e) => e.type),
      ['sample', 'latency'],
    );
  });

  it('cuts texts and reads at most a batch, never refusing the message', () => {
    const notice = parseHostMessage({ type: 'notice', level: 'error', text: 'x'.repeat(MAX_NOTICE + 1) });
    assert.equal(notice?.type === 'notice' && notice.text.length, MAX_NOTICE);
    assert.equal(parseHostMessage({ type: 'notice', level: 'shout', text: 'x' }), null);
    const flood = parseHostMessage({
      type: 'events',
      events: new Array(MAX_EVENTS_PER_MESSAGE + 1).fill({ type: 'latency', phase: 'idle', ms: 1 }),
    });
    assert.equal(flood?.type === 'events' && flood.events.length, MAX_EVENTS_PER_MESSAGE);
    assert.deepEqual(parseHostMessage({ type: 'run-state', running: true }), { type: 'run-state', running: true });
  });
});

describe('speed test panel state', () => {
  it('falls back part by part when restored state is damaged', () => {
    assert.deepEqual(parsePanelState(undefined), {
      target: null,
      settings: DEFAULT_SETTINGS,
      report: null,
      previous: null,
    });
    const s = parsePanelState({
      target: { label: 'dev', kind: 'coder' },
      settings: { direction: 'up' },
      report: report(),
      previous: { nope: 1 },
    });
    assert.deepEqual(s.target, { label: 'dev', kind: 'coder' });
    assert.deepEqual(s.settings, DEFAULT_SETTINGS);
    assert.equal(s.report?.target, 'dev');
    assert.equal(s.previous, null);
  });
});
