// The Timeline chart's data for one range (10 min, 1 h, 24 h) ending at the host's "now": a line
// per path, lost pings along the top, and one marker per event. Long ranges are folded into at
// most `buckets` slices, each keeping its lowest and highest reading per path, so a day draws as
// cheaply as ten minutes and a spike still shows. Pure: unit-tested and benchmarked.
import type { TimelinePath } from '../diag/wire/timeline-data';
import type { TimelineView, TimelineViewEvent } from '../diag/wire/timeline';
import type { ChartPoint } from './chart-series';

export type TimelineRange = '10m' | '1h' | '24h';
export const TIMELINE_RANGES: readonly { value: TimelineRange; label: string; ms: number }[] = [
  { value: '10m', label: '10 min', ms: 10 * 60_000 },
  { value: '1h', label: '1 h', ms: 60 * 60_000 },
  { value: '24h', label: '24 h', ms: 24 * 60 * 60_000 },
];

interface TimelineMarker extends ChartPoint {
  event: TimelineViewEvent;
}

export interface TimelineSeries {
  fromMs: number;
  toMs: number;
  p2p: ChartPoint[];
  derp: ChartPoint[];
  connect: ChartPoint[];
  /** Lost pings, at `topY`. */
  lost: ChartPoint[];
  /** The events of the range, at `topY`. */
  markers: TimelineMarker[];
  topY: number;
}

type Line = 'p2p' | 'derp' | 'connect';
const LINE_OF: Record<TimelinePath, Line | null> = {
  p2p: 'p2p',
  derp: 'derp',
  'coder-connect': 'connect',
  unknown: null,
};

const DEFAULT_TIMELINE_BUCKETS = 600;
/** Readings further apart than this (and a bucket's width) are not joined by a line: nothing was read between. */
const GAP_MS = 90_000;

function timelineRangeMs(range: TimelineRange): number {
  return TIMELINE_RANGES.find((r) => r.value === range)?.ms ?? TIMELINE_RANGES[0].ms;
}

export function timelineSeries(
  view: TimelineView,
  range: TimelineRange,
  buckets = DEFAULT_TIMELINE_BUCKETS,
): TimelineSeries {
  const toMs = view.nowMs;
  // The range, or the session when it is shorter: a minute of data does not hug the right edge.
  const start = Math.min(view.points[0]?.atMs ?? toMs, view.events[0]?.atMs ?? toMs);
  const fromMs = Math.min(toMs - 60_000, Math.max(toMs - timelineRangeMs(range), start));
  const width = (toMs - fromMs) / buckets;
  const gapMs = Math.max(GAP_MS, 3 * width);
  const out: TimelineSeries = { fromMs, toMs, p2p: [], derp: [], connect: [], lost: [], markers: [], topY: 10 };
  let maxY = 0;
  let lastLine: Line | null = null;
  let lastAtMs = -Infinity;
  const push = (line: Line, atMs: number, ms: number): void => {
    // A gap or a change of path ends the line that was being drawn.
    if (lastLine !== null && (lastLine !== line || atMs - lastAtMs > gapMs)) {
      const prev = out[lastLine];
      if (prev.length > 0 && prev[prev.length - 1].y !== null) prev.push({ x: atMs, y: null });
    }
    out[line].push({ x: atMs, y: ms });
    lastLine = line;
    lastAtMs = atMs;
    maxY = Math.max(maxY, ms);
  };

  // Per bucket and path: the lowest and the highest reading, in time order; one lost mark.
  let bucket = -1;
  let lo: Record<Line, { atMs: number; ms: number } | null> = { p2p: null, derp: null, connect: null };
  let hi: Record<Line, { atMs: number; ms: number } | null> = { p2p: null, derp: null, connect: null };
  let lostAt: number | null = null;
  const flush = (): void => {
    const picks: { line: Line; atMs: number; ms: number }[] = [];
    for (const line of ['p2p', 'derp', 'connect'] as Line[]) {
      const l = lo[line];
      const h = hi[line];
      if (l) picks.push({ line, ...l });
      if (h && h !== l) picks.push({ line, ...h });
    }
    picks.sort((a, b) => a.atMs - b.atMs);
    for (const p of picks) push(p.line, p.atMs, p.ms);
    if (lostAt !== null) out.lost.push({ x: lostAt, y: 0 });
    lo = { p2p: null, derp: null, connect: null };
    hi = { p2p: null, derp: null, connect: null };
    lostAt = null;
  };
  for (const p of view.points) {
    if (p.atMs < fromMs || p.atMs > toMs) continue;
    const b = Math.min(buckets - 1, Math.floor((p.atMs - fromMs) / width));
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (p.lost) lostAt ??= p.atMs;
    const line = LINE_OF[p.path];
    if (p.ms === null || line === null) continue;
    const reading = { atMs: p.atMs, ms: p.ms };
    if (!lo[line] || p.ms < lo[line].ms) lo[line] = reading;
    if (!hi[line] || p.ms > hi[line].ms) hi[line] = reading;
  }
  flush();
  out.topY = maxY > 0 ? Math.ceil(maxY * 1.15) : 10;
  for (const p of out.lost) p.y = out.topY;
  for (const event of view.events)
    if (event.atMs >= fromMs && event.atMs <= toMs) out.markers.push({ x: event.atMs, y: out.topY, event });
  return out;
}
