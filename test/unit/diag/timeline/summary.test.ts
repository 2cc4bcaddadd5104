import assert from 'node:assert/strict';
import { TimelineStore } from '../../../../src/diag/timeline/store';
import { renderSparkline, sparkline } from '../../../../src/diag/timeline/sparkline';
import { clockTime, summaryFigures, summaryLine } from '../../../../src/diag/timeline/summary';
import { FINE_WINDOW_MS } from '../../../../src/diag/wire/timeline-data';

const T0 = Date.UTC(2025, 2, 3, 9, 12, 0);

describe('timeline summary line', () => {
  it('"since 09:12: direct 93% of the time, 2 drops, median 23 ms" in the given time zone', () => {
    const store = new TimelineStore();
    for (let i = 0; i < 100; i++)
      store.addSample({
        atMs: T0 + i * 1000,
        latencyMs: i < 51 ? 23 : 40,
        path: i < 93 ? 'p2p' : 'derp',
        derpRegion: null,
      });
    store.addEvent({ atMs: T0 + 10_000, type: 'offline' });
    store.addEvent({ atMs: T0 + 20_000, type: 'online' });
    store.addEvent({ atMs: T0 + 30_000, type: 'offline' });
    assert.equal(summaryLine(store, T0 + 100_000, 'UTC'), 'since 09:12: direct 93% of the time, 2 drops, median 23 ms');
    assert.equal(
      summaryLine(store, T0 + 100_000, 'Asia/Tokyo'),
      'since 18:12: direct 93% of the time, 2 drops, median 23 ms',
    );
  });

  it('counts the folded minutes too, and says the day when it is not today', () => {
    const store = new TimelineStore();
    const n = 2 * 3600;
    for (let i = 0; i < n; i++) store.addSample({ atMs: T0 + i * 1000, latencyMs: 10, path: 'derp', derpRegion: 'X' });
    const f = summaryFigures(store)!;
    assert.equal(f.relayedShare, 1);
    assert.equal(f.directShare, 0);
    assert.equal(f.medianMs, 10);
    assert.equal(clockTime(T0, T0 + 24 * 3600_000, 'UTC'), 'Mar 3, 09:12');
    assert.match(
      summaryLine(store, T0 + FINE_WINDOW_MS, 'UTC')!,
      /^since 09:12: direct 0% of the time, 0 drops, median 10 ms$/,
    );
  });

  it('never rounds a partial share up to 100%, and says nothing before the first reading', () => {
    const store = new TimelineStore();
    assert.equal(summaryLine(store, T0), null);
    for (let i = 0; i < 1000; i++)
      store.addSample({ atMs: T0 + i, latencyMs: 5, path: i === 0 ? 'derp' : 'p2p', derpRegion: null });
    assert.match(summaryLine(store, T0, 'UTC')!, /direct 99% of the time, 0 drops, median 5 ms/);
  });

  it('Coder Connect sessions say so and have no median', () => {
    const store = new TimelineStore();
    store.addSample({ atMs: T0, latencyMs: null, path: 'coder-connect', derpRegion: null });
    assert.equal(summaryLine(store, T0, 'UTC'), 'since 09:12: Coder Connect 100% of the time, 0 drops');
  });
});

describe('timeline sparkline', () => {
  it('folds the last 10 minutes to buckets of their highest latency, with gaps where nothing was read', () => {
    const store = new TimelineStore();
    const now = T0 + 20 * 60_000;
    store.addSample({ atMs: now - 15 * 60_000, latencyMs: 999, path: 'p2p', derpRegion: null });
    for (let b = 0; b < 10; b++) {
      if (b === 4) continue;
      store.addSample({
        atMs: now - 10 * 60_000 + b * 60_000 + 1000,
        latencyMs: 10 + b * 10,
        path: 'p2p',
        derpRegion: null,
      });
      store.addSample({ atMs: now - 10 * 60_000 + b * 60_000 + 2000, latencyMs: 5, path: 'p2p', derpRegion: null });
    }
    store.addSample({ atMs: now - 30_000, latencyMs: null, path: 'unknown', derpRegion: null, lost: true });
    const line = sparkline(store, now, { buckets: 10 });
    assert.deepEqual(line.values, [10, 20, 30, 40, null, 60, 70, 80, 90, 100]);
    assert.deepEqual(line.lost, [false, false, false, false, false, false, false, false, false, true]);
    assert.equal(renderSparkline(line.values), '▁▂▃▃ ▅▆▆▇█');
  });

  it('a flat line and an empty one', () => {
    assert.equal(renderSparkline([20, 20, null, 20]), '▁▁ ▁');
    assert.equal(renderSparkline([null, null]), '  ');
  });
});
