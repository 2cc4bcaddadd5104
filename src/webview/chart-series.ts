// Turns up to an hour of ping samples into a bounded number of chart points: the newest samples
// at full resolution, older ones folded into min/max buckets, so a redraw costs the same after
// 100 pings or 3,600. Pure, so it is unit-tested and benchmarked without a browser.
import type { PingSample } from '../diag/model';

/** `y: null` breaks the line (the path changed or a sample is missing). */
export interface ChartPoint {
  x: number;
  y: number | null;
}

interface ChartSeries {
  derp: ChartPoint[];
  p2p: ChartPoint[];
  /** Timeouts and failures, drawn as marks along the top. */
  lost: ChartPoint[];
  /** The y value the lost marks sit at. */
  lostY: number;
  /** Samples the series stand for. */
  sampleCount: number;
}

interface SeriesOptions {
  /** Newest samples kept one point each. */
  recent: number;
  /** Buckets for everything older. */
  buckets: number;
}

const DEFAULT_SERIES: SeriesOptions = { recent: 600, buckets: 200 };

type Path = 'derp' | 'p2p';

function emptySeries(): Omit<ChartSeries, 'lostY' | 'sampleCount'> {
  return { derp: [], p2p: [], lost: [] };
}

/** Adds a point to its path's line, breaking the other line so it does not bridge the gap. */
function pushPoint(
  series: Omit<ChartSeries, 'lostY' | 'sampleCount'>,
  path: Path,
  x: number,
  y: number,
  lastPath: { value: Path | null },
): void {
  if (lastPath.value !== null && lastPath.value !== path) {
    const other = series[lastPath.value];
    if (other.length > 0 && other[other.length - 1].y !== null) other.push({ x, y: null });
  }
  series[path].push({ x, y });
  lastPath.value = path;
}

export function buildSeries(samples: readonly PingSample[], options: SeriesOptions = DEFAULT_SERIES): ChartSeries {
  const series = emptySeries();
  const lastPath = { value: null as Path | null };
  let maxY = 0;
  const split = Math.max(0, samples.length - options.recent);
  const old = samples.slice(0, split);
  if (old.length > 0) {
    const size = Math.ceil(old.length / options.buckets);
    for (let start = 0; start < old.length; start += size) {
      const bucket = old.slice(start, start + size);
      // Per path, the lowest and the highest pong keep spikes visible after folding.
      for (const path of ['derp', 'p2p'] as Path[]) {
        const pongs = bucket.filter((s) => s.outcome === 'pong' && s.path === path && s.latencyMs !== undefined);
        if (pongs.length === 0) continue;
        let lo = pongs[0];
        let hi = pongs[0];
        for (const s of pongs) {
          if ((s.latencyMs as number) < (lo.latencyMs as number)) lo = s;
          if ((s.latencyMs as number) > (hi.latencyMs as number)) hi = s;
        }
        const picks = lo === hi ? [lo] : lo.atMs <= hi.atMs ? [lo, hi] : [hi, lo];
        for (const s of picks) {
          pushPoint(series, path, s.atMs / 1000, s.latencyMs as number, lastPath);
          maxY = Math.max(maxY, s.latencyMs as number);
        }
      }
      const lost = bucket.find((s) => s.outcome !== 'pong');
      if (lost) series.lost.push({ x: lost.atMs / 1000, y: 0 });
    }
  }
  for (let i = split; i < samples.length; i++) {
    const s = samples[i];
    if (s.outcome === 'pong' && s.path && s.latencyMs !== undefined) {
      pushPoint(series, s.path, s.atMs / 1000, s.latencyMs, lastPath);
      maxY = Math.max(maxY, s.latencyMs);
    } else if (s.outcome !== 'pong') {
      series.lost.push({ x: s.atMs / 1000, y: 0 });
    }
  }
  const lostY = maxY > 0 ? maxY * 1.1 : 10;
  for (const p of series.lost) p.y = lostY;
  return { ...series, lostY, sampleCount: samples.length };
}
