import assert from 'node:assert/strict';
import { emptyReport } from '../../../../src/diag/check/report';
import { toJsonReport } from '../../../../src/diag/present/json';
import { reportToMarkdown } from '../../../../src/diag/present/markdown';
import {
  reportTimeline,
  timelineEventLine,
  timelineTooltipMarkdown,
  tooltipText,
} from '../../../../src/diag/present/timeline-text';
import { TimelineStore } from '../../../../src/diag/timeline/store';

const T0 = Date.UTC(2025, 2, 3, 14, 20, 0);
const HOSTILE = '<img src=x onerror=alert(1)> *bold* [link](http://x) $(zap)';

function degradedStore(): TimelineStore {
  const store = new TimelineStore();
  for (let i = 0; i < 300; i++)
    store.addSample({
      atMs: T0 + i * 1000,
      latencyMs: i < 150 ? 12 : 48,
      path: i < 150 ? 'p2p' : 'derp',
      derpRegion: i < 150 ? null : 'Frankfurt',
    });
  store.addEvent({ atMs: T0 + 150_000, type: 'path-changed', from: 'p2p', to: 'derp' });
  store.addEvent({ atMs: T0 + 160_000, type: 'offline', detail: HOSTILE });
  store.addEvent({ atMs: T0 + 170_000, type: 'online' });
  store.addEvent({
    atMs: T0 + 12 * 60_000,
    type: 'diagnosed',
    detail: 'switched to DERP Frankfurt: UDP blocked on your machine',
  });
  return store;
}

describe('timeline text: tooltip and report', () => {
  it('the tooltip has a sparkline of the last 10 minutes, the last three events newest first, and the cause', () => {
    const store = degradedStore();
    const nowMs = T0 + 300_000;
    const lines = timelineTooltipMarkdown({
      store,
      nowMs,
      lastDiagnosis: { atMs: T0 + 12 * 60_000, cause: 'switched to DERP Frankfurt: UDP blocked on your machine' },
      timeZone: 'UTC',
    });
    assert.match(lines[0], /^Last 10 min: `[ ▁▂▃▄▅▆▇█]{30}` 12–48 ms$/);
    // 30 buckets of 20 s over the window: the first half empty (before the first reading), low then high.
    assert.ok(lines[0].includes('▁') && lines[0].includes('█'), lines[0]);
    assert.equal(lines.length, 5);
    assert.equal(lines[1], '· 14:32 switched to DERP Frankfurt: UDP blocked on your machine');
    assert.equal(lines[2], '· 14:22 back online');
    assert.match(lines[3], /^· 14:22 offline: /);
    assert.equal(lines[4], 'Automatic diagnosis (14:32): switched to DERP Frankfurt: UDP blocked on your machine');
  });

  it('escapes untrusted text: no HTML, no Markdown, no theme icon from a detail', () => {
    const lines = timelineTooltipMarkdown({ store: degradedStore(), nowMs: T0 + 300_000, lastDiagnosis: null });
    const offline = lines.find((l) => l.includes('offline'))!;
    assert.ok(!offline.includes('<img'), offline);
    assert.ok(offline.includes('&lt;img'), offline);
    assert.ok(offline.includes('\\*bold\\*') && offline.includes('\\[link\\]'), offline);
    assert.ok(offline.includes('\\$(zap)'), offline);
    assert.equal(tooltipText('a\nb'), 'a b');
  });

  it('says so when the last 10 minutes have no reading, and nothing at all before anything is recorded', () => {
    assert.deepEqual(timelineTooltipMarkdown({ store: new TimelineStore(), nowMs: T0, lastDiagnosis: null }), []);
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: null, path: 'unknown', derpRegion: null, lost: true });
    const lines = timelineTooltipMarkdown({ store, nowMs: T0 + 1000, lastDiagnosis: null });
    assert.deepEqual(lines, ['Last 10 min: pings lost, no answer']);
  });

  it('an event line is its clock time and words; a diagnosis is its own detail', () => {
    assert.equal(
      timelineEventLine({ atMs: T0, type: 'path-changed', from: 'p2p', to: 'derp' }, T0, 'UTC'),
      '14:20 path changed: direct (p2p) → DERP',
    );
    assert.equal(
      timelineEventLine({ atMs: T0, type: 'diagnosed', detail: 'pings lost: no cause found' }, T0, 'UTC'),
      '14:20 pings lost: no cause found',
    );
  });

  it('the Markdown report has a Timeline section with the summary and every event, escaped', () => {
    const store = degradedStore();
    const report = { ...emptyReport('dev', new Date(T0).toISOString()), finishedAt: new Date(T0).toISOString() };
    const nowMs = T0 + 300_000;
    const md = reportToMarkdown(report, reportTimeline(store, nowMs), nowMs);
    assert.match(md, /^## Timeline$/m);
    assert.match(md, /^since \d\d:20: direct 50% of the time, 1 drop, median (12|48) ms$/m);
    assert.equal((md.match(/^- \d\d:\d\d /gm) ?? []).length, 4);
    assert.ok(!md.includes('<img'));
    assert.doesNotMatch(reportToMarkdown(report), /## Timeline/);
  });

  it('the JSON report carries the summary and the events when given, and keeps its schema version', () => {
    const store = degradedStore();
    const report = emptyReport('dev', new Date(T0).toISOString());
    const json = toJsonReport(report, reportTimeline(store, T0 + 300_000));
    assert.equal(json.schemaVersion, 1);
    const timeline = json.timeline as { summary: string; events: { type: string }[] };
    assert.match(timeline.summary, /^since /);
    assert.deepEqual(
      timeline.events.map((e) => e.type),
      ['path-changed', 'offline', 'online', 'diagnosed'],
    );
    assert.equal('timeline' in toJsonReport(report), false);
  });
});
