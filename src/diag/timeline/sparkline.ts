// The last minutes of latency as data (one value per bucket, null for no reading) and as a row of
// Unicode blocks for a plain-text tooltip: ▁▂▃▄▅▆▇█, a space where nothing was measured.
import type { TimelineStore } from './store';

const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';
const SPARK_GAP = ' ';

interface SparklineOptions {
  /** How far back, ending at nowMs (default 10 min). */
  windowMs?: number;
  /** How many buckets (default 30: 20 s each over 10 min). */
  buckets?: number;
}

interface Sparkline {
  fromMs: number;
  toMs: number;
  /** The highest latency in each bucket (a spike is what the eye should catch), null where none was read. */
  values: (number | null)[];
  /** Buckets that hold a lost ping. */
  lost: boolean[];
}

export function sparkline(store: TimelineStore, nowMs: number, options: SparklineOptions = {}): Sparkline {
  const windowMs = options.windowMs ?? 10 * 60_000;
  const n = Math.max(1, Math.floor(options.buckets ?? 30));
  const fromMs = nowMs - windowMs;
  const values: (number | null)[] = new Array<number | null>(n).fill(null);
  const lost: boolean[] = new Array<boolean>(n).fill(false);
  const width = windowMs / n;
  store.forEachRecent(fromMs, (s) => {
    if (s.atMs > nowMs) return;
    const i = Math.min(n - 1, Math.floor((s.atMs - fromMs) / width));
    if (s.lost) lost[i] = true;
    if (s.latencyMs !== null) values[i] = Math.max(values[i] ?? 0, s.latencyMs);
  });
  return { fromMs, toMs: nowMs, values, lost };
}

/** One block per value, scaled from the lowest to the highest value shown; gaps stay gaps. */
export function renderSparkline(values: readonly (number | null)[]): string {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const top = SPARK_BLOCKS.length - 1;
  let out = '';
  for (const v of values) {
    if (v === null) out += SPARK_GAP;
    else out += SPARK_BLOCKS[high === low ? 0 : Math.round(((v - low) / (high - low)) * top)];
  }
  return out;
}
