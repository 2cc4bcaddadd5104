import assert from 'node:assert/strict';
import { parseHostMessage } from '../../../../src/shared/check-protocol';
import { MAX_TIMELINE_EVENTS, MAX_TIMELINE_EVENT_TEXT, MAX_TIMELINE_POINTS } from '../../../../src/diag/wire/timeline';
import { parseTimelineView } from '../../../../src/diag/wire/timeline';
import type { TimelineView } from '../../../../src/diag/wire/timeline';
import { MAX_NOTICE, MAX_WORKSPACE } from '../../../../src/diag/wire/limits';

const view = (over: Partial<TimelineView> = {}): TimelineView => ({
  workspace: 'dev',
  nowMs: 1_000_000,
  summary: 'since 09:12: direct 93% of the time, 2 drops, median 23 ms',
  lastCause: null,
  points: [
    { atMs: 1000, ms: 12, path: 'p2p', lost: false },
    { atMs: 2000, ms: null, path: 'unknown', lost: true },
  ],
  events: [{ atMs: 1500, type: 'path-changed', text: 'path changed: direct (p2p) → DERP' }],
  ...over,
});

describe('timeline message shape', () => {
  it('passes a timeline through unchanged, inside a host message too', () => {
    assert.deepEqual(parseTimelineView(view()), view());
    assert.deepEqual(parseHostMessage({ type: 'timeline', timeline: view() }), { type: 'timeline', timeline: view() });
  });

  it('refuses what is no timeline at all, and only that', () => {
    for (const bad of [
      null,
      'x',
      [],
      { ...view(), workspace: 3 },
      { ...view(), nowMs: -1 },
      { ...view(), nowMs: 8.64e15 + 1 },
      { ...view(), points: {} },
    ])
      assert.equal(parseTimelineView(bad), null, JSON.stringify(bad));
    assert.equal(parseHostMessage({ type: 'timeline', timeline: 'nope' }), null);
  });

  it('leaves out bad points and events, keeps the rest', () => {
    const parsed = parseTimelineView({
      ...view(),
      points: [
        { atMs: 1, ms: 5, path: 'p2p', lost: false },
        { atMs: 2, ms: -5, path: 'p2p', lost: false },
        { atMs: 3, ms: 5, path: 'moon', lost: false },
        { atMs: 4, ms: 5, path: 'derp' },
        { atMs: '5', ms: 5, path: 'derp', lost: false },
        { atMs: 6, ms: null, path: 'derp', lost: true, extra: '<b>' },
        { atMs: 1e300, ms: 5, path: 'p2p', lost: false },
      ],
      events: [
        { atMs: 1, type: 'hacked', text: 'x' },
        { atMs: 2, type: 'offline', text: 'gone' },
        { type: 'online' },
        { atMs: 9e15, type: 'online', text: 'later than any date' },
      ],
    });
    assert.deepEqual(
      parsed?.points.map((p) => p.atMs),
      [1, 6],
    );
    assert.deepEqual(parsed?.points[1], { atMs: 6, ms: null, path: 'derp', lost: true });
    assert.deepEqual(parsed?.events, [{ atMs: 2, type: 'offline', text: 'gone' }]);
  });

  it('keeps the newest points and events within the limits, and cuts long text', () => {
    const points = Array.from({ length: MAX_TIMELINE_POINTS + 10 }, (_, i) => ({
      atMs: i,
      ms: 1,
      path: 'p2p' as const,
      lost: false,
    }));
    const events = Array.from({ length: MAX_TIMELINE_EVENTS + 5 }, (_, i) => ({
      atMs: i,
      type: 'stale' as const,
      text: 'x'.repeat(MAX_TIMELINE_EVENT_TEXT * 2),
    }));
    const parsed = parseTimelineView(
      view({ points, events, workspace: 'w'.repeat(5000), summary: 's'.repeat(5000), lastCause: 'c'.repeat(5000) }),
    )!;
    assert.equal(parsed.points.length, MAX_TIMELINE_POINTS);
    assert.equal(parsed.points[0].atMs, 10);
    assert.equal(parsed.points.at(-1)?.atMs, MAX_TIMELINE_POINTS + 9);
    assert.equal(parsed.events.length, MAX_TIMELINE_EVENTS);
    assert.equal(parsed.events[0].atMs, 5);
    assert.ok(parsed.events.every((e) => e.text.length === MAX_TIMELINE_EVENT_TEXT && e.text.endsWith('[cut]')));
    assert.equal(parsed.workspace.length, MAX_WORKSPACE);
    assert.equal(parsed.summary?.length, MAX_NOTICE);
    assert.equal(parsed.lastCause?.length, MAX_NOTICE);
  });
});
