import assert from 'node:assert/strict';
import type { PingSample } from '../../../src/diag/model';
import { buildSeries } from '../../../src/webview/chart-series';

const pointCount = (s: ReturnType<typeof buildSeries>): number => s.derp.length + s.p2p.length + s.lost.length;

function samples(n: number, make: (i: number) => Partial<PingSample> = () => ({})): PingSample[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({ seq: i + 1, outcome: 'pong', atMs: i * 1000, path: 'p2p', latencyMs: 10 + (i % 7), ...make(i) }) as PingSample,
  );
}

describe('latency chart series', () => {
  it('keeps one point per ping while the run is short', () => {
    const s = buildSeries(samples(100));
    assert.equal(s.p2p.length, 100);
    assert.equal(s.derp.length, 0);
    assert.deepEqual(s.p2p[5], { x: 5, y: 15 });
  });

  it('colours by path and breaks the line where the path changes', () => {
    const s = buildSeries(samples(10, (i) => (i < 4 ? { path: 'derp', latencyMs: 60 } : {})));
    assert.equal(s.derp.filter((p) => p.y !== null).length, 4);
    assert.equal(s.p2p.length, 6);
    assert.deepEqual(s.derp[s.derp.length - 1], { x: 4, y: null }, 'the relay line ends where p2p starts');
  });

  it('marks timeouts and failures along the top', () => {
    const s = buildSeries(
      samples(10, (i) =>
        i === 2
          ? { outcome: 'timeout', path: undefined, latencyMs: undefined }
          : i === 6
            ? { outcome: 'failed', path: undefined, latencyMs: undefined }
            : {},
      ),
    );
    assert.deepEqual(
      s.lost.map((p) => p.x),
      [2, 6],
    );
    assert.ok(s.lost.every((p) => p.y === s.lostY));
    assert.ok(s.lostY > 16);
    assert.equal(s.p2p.length, 8);
  });

  it('draws a bounded number of points for an hour of pings, keeping spikes and timeouts', () => {
    const hour = samples(3600, (i) =>
      i === 100 ? { latencyMs: 900 } : i === 200 ? { outcome: 'timeout', path: undefined, latencyMs: undefined } : {},
    );
    const s = buildSeries(hour);
    assert.ok(pointCount(s) <= 600 + 2 * 200 + 200 + 10, `${pointCount(s)} points`);
    assert.ok(pointCount(s) < buildSeries(samples(1000)).p2p.length + 500);
    assert.ok(
      s.p2p.some((p) => p.y === 900),
      'the spike survives decimation',
    );
    assert.ok(
      s.lost.some((p) => p.x === 200),
      'the old timeout survives decimation',
    );
    assert.equal(s.p2p[s.p2p.length - 1].x, 3599, 'the newest point is exact');
    for (let i = 1; i < s.p2p.length; i++) assert.ok(s.p2p[i].x >= s.p2p[i - 1].x, 'x never goes back');
    assert.equal(s.sampleCount, 3600);
  });

  it('handles no samples', () => {
    const s = buildSeries([]);
    assert.equal(pointCount(s), 0);
    assert.equal(s.lostY, 10);
  });
});
