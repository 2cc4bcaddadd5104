// The session timeline as the check panel gets it: chart points, the events already worded,
// the summary line and the last automatic diagnosis's cause. Type, check and bounds from one
// description (schema.ts): over-long lists keep their newest items, bad items are left out, text is cut.
import { MAX_NOTICE, MAX_WORKSPACE } from './limits';
import { MAX_DATE_MS } from './validate';
import {
  MAX_EVENTS,
  MAX_FINE_SAMPLES,
  MAX_MINUTE_BUCKETS,
  TIMELINE_EVENT_TYPES,
  TIMELINE_PATHS,
} from './timeline-data';
import { boolean, list, nullable, number, object, oneOf, parserOf, text } from './schema';
import type { Infer } from './schema';

/** Every point the store can hold: an hour of seconds and a day of minutes. */
export const MAX_TIMELINE_POINTS = MAX_FINE_SAMPLES + MAX_MINUTE_BUCKETS;
export const MAX_TIMELINE_EVENTS = MAX_EVENTS;
/** An event's words: a detail is cut at 200 characters by the store, plus the event's own. */
export const MAX_TIMELINE_EVENT_TEXT = 400;

/** A time a Date can show: from 1970 on, within the Date range. */
const time = number({ min: 0, max: MAX_DATE_MS });

/** One reading, or (beyond the last hour) one minute: its average latency on the path it spent most of it on. */
export const timelinePointSchema = object({
  atMs: time,
  /** Null for a lost ping, Coder Connect, or a minute without an answer. */
  ms: nullable(number({ min: 0 })),
  path: oneOf(TIMELINE_PATHS),
  lost: boolean(),
});
export type TimelinePoint = Infer<typeof timelinePointSchema>;

export const timelineViewEventSchema = object({
  atMs: time,
  type: oneOf(TIMELINE_EVENT_TYPES),
  /** The event in words, without its time ("path changed: direct (p2p) → DERP"). */
  text: text(MAX_TIMELINE_EVENT_TEXT),
});
export type TimelineViewEvent = Infer<typeof timelineViewEventSchema>;

export const timelineViewSchema = object({
  workspace: text(MAX_WORKSPACE),
  /** The host's clock when this was made: ranges end here. */
  nowMs: time,
  summary: nullable(text(MAX_NOTICE)),
  lastCause: nullable(text(MAX_NOTICE)),
  points: list(timelinePointSchema, MAX_TIMELINE_POINTS, { keep: 'newest' }),
  events: list(timelineViewEventSchema, MAX_TIMELINE_EVENTS, { keep: 'newest' }),
});
export type TimelineView = Infer<typeof timelineViewSchema>;

/** A timeline from the host, within every limit; null when it is not one at all. */
export const parseTimelineView = parserOf(timelineViewSchema);
