// The session timeline as the connection panel gets it: chart points, the events already worded,
// the summary line and the last automatic diagnosis's cause. Validated on arrival like every host
// message: over-long lists keep their newest items, bad items are left out, text is cut.
import {
  MAX_EVENTS,
  MAX_FINE_SAMPLES,
  MAX_MINUTE_BUCKETS,
  TIMELINE_EVENT_TYPES,
  TIMELINE_PATHS,
} from '../diag/timeline/types';
import type { TimelineEventType, TimelinePath } from '../diag/timeline/types';
import { MAX_NOTICE, MAX_WORKSPACE, clipText } from '../diag/wire/limits';
import { isNumOrNull, isObject, isTimeMs } from '../diag/wire/validate';

/** One reading, or (beyond the last hour) one minute: its average latency on the path it spent most of it on. */
export interface TimelinePoint {
  atMs: number;
  /** Null for a lost ping, Coder Connect, or a minute without an answer. */
  ms: number | null;
  path: TimelinePath;
  lost: boolean;
}

export interface TimelineViewEvent {
  atMs: number;
  type: TimelineEventType;
  /** The event in words, without its time ("path changed: direct (p2p) → DERP"). */
  text: string;
}

export interface TimelineView {
  workspace: string;
  /** The host's clock when this was made: ranges end here. */
  nowMs: number;
  summary: string | null;
  lastCause: string | null;
  points: TimelinePoint[];
  events: TimelineViewEvent[];
}

/** Every point the store can hold: an hour of seconds and a day of minutes. */
export const MAX_TIMELINE_POINTS = MAX_FINE_SAMPLES + MAX_MINUTE_BUCKETS;
export const MAX_TIMELINE_EVENTS = MAX_EVENTS;
/** An event's words: a detail is cut at 200 characters by the store, plus the event's own. */
export const MAX_TIMELINE_EVENT_TEXT = 400;

const isTime = isTimeMs;

function parsePoint(v: unknown): TimelinePoint | null {
  if (!isObject(v) || !isTime(v.atMs) || !isNumOrNull(v.ms) || typeof v.lost !== 'boolean') return null;
  if (!(TIMELINE_PATHS as readonly unknown[]).includes(v.path)) return null;
  if (v.ms !== null && v.ms < 0) return null;
  return { atMs: v.atMs, ms: v.ms, path: v.path as TimelinePath, lost: v.lost };
}

function parseEvent(v: unknown): TimelineViewEvent | null {
  if (!isObject(v) || !isTime(v.atMs) || typeof v.text !== 'string') return null;
  if (!(TIMELINE_EVENT_TYPES as readonly unknown[]).includes(v.type)) return null;
  return { atMs: v.atMs, type: v.type as TimelineEventType, text: clipText(v.text, MAX_TIMELINE_EVENT_TEXT) };
}

/** The newest `max` items of `v` that parse, oldest first; null when `v` is no list. */
function newestParsed<T>(v: unknown, max: number, parse: (x: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (let i = v.length - 1; i >= 0 && out.length < max; i--) {
    const item = parse(v[i]);
    if (item !== null) out.push(item);
  }
  return out.reverse();
}

const textOrNull = (v: unknown): string | null | undefined =>
  v === null ? null : typeof v === 'string' ? clipText(v, MAX_NOTICE) : undefined;

/** A timeline from the host, within every limit; null when it is not one at all. */
export function parseTimelineView(v: unknown): TimelineView | null {
  if (!isObject(v) || typeof v.workspace !== 'string' || !isTime(v.nowMs)) return null;
  const summary = textOrNull(v.summary);
  const lastCause = textOrNull(v.lastCause);
  const points = newestParsed(v.points, MAX_TIMELINE_POINTS, parsePoint);
  const events = newestParsed(v.events, MAX_TIMELINE_EVENTS, parseEvent);
  if (summary === undefined || lastCause === undefined || !points || !events) return null;
  return { workspace: clipText(v.workspace, MAX_WORKSPACE), nowMs: v.nowMs, summary, lastCause, points, events };
}
