// Counts bytes per whole second of a transfer and turns the counts into the CLI's result shape.
// Bytes are attributed to the second they arrived in, so intervals are exact, not interpolated.
import type { SpeedInterval } from '../coder/speedtest-json';

/**
 * A tail shorter than this is folded into the previous interval rather than reported alone: the
 * timer that ends a run fires a millisecond or two late; the CLI's own tails are 10 ms or more.
 */
const MIN_TAIL_SECONDS = 0.005;

export function mbits(bytes: number, seconds: number): number {
  if (seconds <= 0) return 0;
  return (bytes * 8) / 1e6 / seconds;
}

const round = (v: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(v * f) / f;
};

function interval(start: number, end: number, bytes: number): SpeedInterval {
  return {
    start_time_seconds: round(start, 3),
    end_time_seconds: round(end, 3),
    throughput_mbits: round(mbits(bytes, end - start), 2),
  };
}

export class ByteMeter {
  private readonly perSecond: number[] = [];
  private bytes = 0;

  get total(): number {
    return this.bytes;
  }

  /** Records `count` bytes that arrived `tSeconds` after the transfer started. */
  add(count: number, tSeconds: number): void {
    if (count <= 0) return;
    const second = Math.max(0, Math.floor(tSeconds));
    this.perSecond[second] = (this.perSecond[second] ?? 0) + count;
    this.bytes += count;
  }

  /** Bytes per whole second so far (index = second). */
  buckets(): number[] {
    return Array.from(this.perSecond, (b) => b ?? 0);
  }
}

/** One interval per whole second up to `endSeconds`, then the shorter tail, like the CLI prints. */
export function intervalsFrom(buckets: readonly number[], endSeconds: number): SpeedInterval[] {
  if (!(endSeconds > 0)) return [];
  const whole = Math.floor(endSeconds);
  let tail = endSeconds - whole;
  const counts = Array.from({ length: whole + 1 }, (_, i) => buckets[i] ?? 0);
  // Anything counted past the end (a clock edge) belongs to the last interval.
  for (let i = whole + 1; i < buckets.length; i++) counts[whole] += buckets[i] ?? 0;
  if (tail < MIN_TAIL_SECONDS) {
    if (whole === 0) return [interval(0, endSeconds, counts[0])];
    counts[whole - 1] += counts[whole];
    tail = 0;
  }
  const out: SpeedInterval[] = [];
  for (let i = 0; i < whole; i++) out.push(interval(i, i + 1, counts[i]));
  if (tail > 0) out.push(interval(whole, endSeconds, counts[whole]));
  return out;
}

export function overallFrom(totalBytes: number, endSeconds: number): SpeedInterval {
  return interval(0, Math.max(0, endSeconds), totalBytes);
}
