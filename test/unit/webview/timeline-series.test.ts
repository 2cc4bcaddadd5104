import assert from 'node:assert/strict';
import type { TimelinePoint, TimelineView } from '../../../src/diag/wire/timeline';
import { timelineSeries } from '../../../src/webview/timeline-series';

const timelinePointCount = (s: ReturnType<typeof timelineSeries>): number =>
  s.p2p.length + s.derp.length + s.connect.length + s.lost.length + s.markers.length;

const NOW = Date.UTC(2025, 2, 3, 12, 0, 0);

function view(points: TimelinePoint[], events: TimelineView['events'] = []): TimelineView {
  return { workspace: 'dev', nowMs: NOW, summary: null, lastCause: null, points, events };
}

describe('timeline chart series', () => {
  it('keeps only the range, breaks the line on a path change, marks losses and events at the top', () => {
    const points: TimelinePoint[] = [
      { atMs: NOW - 20 * 60_000, ms: 99, path: 'p2p', lost: false },
      { atMs: NOW - 5000, ms: 10, path: 'p2p', lost: false },
      { atMs: NOW - 4000, ms: 12, path: 'p2p', lost: false },
      { atMs: NOW - 3000, ms: 50, path: 'derp', lost: false },
      { atMs: NOW - 2000, ms: null, path: 'unknown', lost: true },
      { atMs: NOW - 1000, ms: 20, path: 'coder-connect', lost: false },
    ];
    const s = timelineSeries(
      view(points, [
        { atMs: NOW - 3000, type: 'path-changed', text: 'path changed' },
        { atMs: NOW - 30 * 60_000, type: 'offline', text: 'too old for 10 min' },
      ]),
      '10m',
    );
    assert.deepEqual(s.p2p, [
      { x: NOW - 5000, y: 10 },
      { x: NOW - 4000, y: 12 },
      { x: NOW - 3000, y: null },
    ]);
    assert.deepEqual(s.derp, [
      { x: NOW - 3000, y: 50 },
      { x: NOW - 1000, y: null },
    ]);
    assert.deepEqual(s.connect, [{ x: NOW - 1000, y: 20 }]);
    assert.equal(s.topY, Math.ceil(50 * 1.15));
    assert.deepEqual(s.lost, [{ x: NOW - 2000, y: s.topY }]);
    assert.deepEqual(
      s.markers.map((m) => m.event.text),
      ['path changed'],
    );
    // The 1 h range reaches the older reading and the older event.
    const hour = timelineSeries(view(points, [{ atMs: NOW - 30 * 60_000, type: 'offline', text: 'x' }]), '1h');
    assert.equal(hour.p2p[0].x, NOW - 20 * 60_000);
    assert.equal(hour.markers.length, 1);
  });

  it('does not join readings across a silence', () => {
    const s = timelineSeries(
      view([
        { atMs: NOW - 50 * 60_000, ms: 10, path: 'p2p', lost: false },
        { atMs: NOW - 10 * 60_000, ms: 11, path: 'p2p', lost: false },
      ]),
      '1h',
    );
    assert.deepEqual(
      s.p2p.map((p) => p.y),
      [10, null, 11],
    );
  });

  it("folds a day into a bounded number of points, keeping each slice's spike", () => {
    const points: TimelinePoint[] = [];
    for (let m = 24 * 60; m > 60; m--) points.push({ atMs: NOW - m * 60_000, ms: 20, path: 'p2p', lost: false });
    for (let s = 3600; s > 0; s--)
      points.push({ atMs: NOW - s * 1000, ms: s === 1800 ? 900 : 20, path: 'p2p', lost: false });
    const series = timelineSeries(view(points), '24h');
    assert.ok(timelinePointCount(series) <= 2 * 600, `${timelinePointCount(series)} points`);
    assert.ok(
      series.p2p.some((p) => p.y === 900),
      'the spike was folded away',
    );
    // Ten minutes of seconds stay one point each.
    assert.equal(timelineSeries(view(points), '10m').p2p.length, 600);
  });
});
