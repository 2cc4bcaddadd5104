import assert from 'node:assert/strict';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import { MAX_EVENTS } from '../../../../src/diag/wire/timeline-data';
import { MAX_TIMELINE_POINTS } from '../../../../src/diag/wire/timeline';
import { parseTimelineView } from '../../../../src/diag/wire/timeline';
import { timelineView } from '../../../../src/vscode/timeline/timeline-view';

const T0 = Date.UTC(2025, 2, 3, 0, 0, 0);

/** 25 hours of one reading a second, a path change every 3 minutes and a drop every hour. */
function fullDay(): TimelineStore {
  const store = new TimelineStore();
  for (let s = 0; s < 25 * 3600; s++) {
    const derp = Math.floor(s / 180) % 2 === 1;
    store.addSample({
      atMs: T0 + s * 1000,
      latencyMs: s % 3600 === 7 ? null : derp ? 45 + (s % 7) : 12 + (s % 5),
      path: derp ? 'derp' : 'p2p',
      derpRegion: derp ? 'Frankfurt' : null,
      ...(s % 3600 === 7 ? { lost: true as const } : {}),
    });
    if (s % 180 === 0 && s > 0)
      store.addEvent({
        atMs: T0 + s * 1000,
        type: 'path-changed',
        from: derp ? 'p2p' : 'derp',
        to: derp ? 'derp' : 'p2p',
      });
  }
  return store;
}

describe('the panel view of a timeline', () => {
  it('a full day fits the message limits whole: every point and event passes the validator', () => {
    const store = fullDay();
    const nowMs = T0 + 25 * 3600_000;
    const view = timelineView('dev', store, nowMs, 'UDP blocked on your machine', 'UTC');
    assert.equal(view.points.length, MAX_TIMELINE_POINTS);
    assert.equal(view.events.length, store.events().length);
    assert.ok(view.events.length > MAX_EVENTS - 5);
    const parsed = parseTimelineView(JSON.parse(JSON.stringify(view)));
    assert.deepEqual(parsed, view);
    assert.match(view.summary ?? '', /^since Mar 3, 00:00: direct \d+% of the time, 0 drops, median \d+ ms$/);
    // The minutes before the last hour: the path they spent most time on, their average, their losses.
    const minute = view.points[0];
    assert.equal(minute.path, 'p2p');
    assert.ok(minute.ms !== null && minute.ms >= 12 && minute.ms <= 16);
    assert.ok(view.points.some((p) => p.lost));
    // The whole message stays far below what a webview message can carry.
    const bytes = Buffer.byteLength(JSON.stringify({ type: 'timeline', timeline: view }));
    assert.ok(bytes < 600_000, `${bytes} bytes`);
  });

  it('words the events for the panel', () => {
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: 10, path: 'p2p', derpRegion: null });
    store.addEvent({ atMs: T0, type: 'diagnosed', detail: 'switched to DERP Frankfurt: UDP blocked on your machine' });
    const view = timelineView('dev', store, T0, null);
    assert.deepEqual(view.events, [
      { atMs: T0, type: 'diagnosed', text: 'switched to DERP Frankfurt: UDP blocked on your machine' },
    ]);
  });
});
