// Bounds on what enters the timeline: the CLI and stored state are outside text, so every string
// is made printable and cut, and every number finite and rounded, before it is kept.
import { printable } from '../printable';
import { MAX_DETAIL_CHARS, MAX_REGION_CHARS, TIMELINE_PATHS } from '../wire/timeline-data';
import type { TimelinePath, TimelineSample } from '../wire/timeline-data';

/** Latency above this is not a reading of a live connection (pings time out long before). */
export const MAX_LATENCY_MS = 600_000;

// A lone surrogate would serialize as a six-byte escape; a replacement character keeps every char ≤ 3 UTF-8 bytes.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanText(text: string, max: number): string {
  const safe = printable(text).replace(LONE_SURROGATE, '\ufffd');
  if (safe.length <= max) return safe;
  // Never cut a surrogate pair in half.
  const cut = /[\ud800-\udbff]/.test(safe[max - 2] ?? '') ? max - 2 : max - 1;
  return `${safe.slice(0, cut)}…`;
}

export function cleanRegion(region: string | null | undefined): string | null {
  if (region === null || region === undefined) return null;
  const text = cleanText(region, MAX_REGION_CHARS).trim();
  return text === '' ? null : text;
}

export function cleanDetail(detail: string): string {
  return cleanText(detail, MAX_DETAIL_CHARS);
}

/** Rounded to 0.1 ms (more digits say nothing and cost bytes); null when not a plausible reading. */
function cleanLatency(ms: number | null | undefined): number | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return null;
  return Math.round(Math.min(ms, MAX_LATENCY_MS) * 10) / 10;
}

export function isTimelinePath(value: unknown): value is TimelinePath {
  return typeof value === 'string' && (TIMELINE_PATHS as readonly string[]).includes(value);
}

export function cleanSample(sample: TimelineSample): TimelineSample {
  const out: TimelineSample = {
    atMs: Math.round(sample.atMs),
    latencyMs: sample.lost ? null : cleanLatency(sample.latencyMs),
    path: isTimelinePath(sample.path) ? sample.path : 'unknown',
    derpRegion: cleanRegion(sample.derpRegion),
  };
  if (sample.lost) out.lost = true;
  return out;
}
