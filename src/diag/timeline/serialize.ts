// The timeline as stored per workspace (extension state) and back. Stored data is outside input:
// anything corrupt, hostile or too big gives an empty timeline and the reason, never a throw.
import { arr, isTimeMs, num, obj, optStr, parseJson, ShapeError, str } from '../wire/validate';
import { errorMessage } from '../errors';
import { isTimelinePath } from './clean';
import { TimelineStore } from './store';
import { MAX_EVENTS, MAX_FINE_SAMPLES, MAX_MINUTE_BUCKETS, TIMELINE_EVENT_TYPES } from '../wire/timeline-data';
import type { MinuteBucket, TimelineEvent, TimelineEventType, TimelineSample } from '../wire/timeline-data';

/** Raised when the stored shape changes; an older or newer one is dropped with a reason. */
const TIMELINE_STORE_VERSION = 1;

interface StoredTimeline {
  version: number;
  samples: TimelineSample[];
  buckets: MinuteBucket[];
  events: TimelineEvent[];
}

export function timelineToJson(store: TimelineStore): StoredTimeline {
  const { samples, buckets, events } = store.toContents();
  return { version: TIMELINE_STORE_VERSION, samples: [...samples], buckets: [...buckets], events: [...events] };
}

export interface RestoredTimeline {
  store: TimelineStore;
  /** Why the stored timeline was not used (null when it was, or nothing was stored). */
  reason: string | null;
}

/** Restores a stored timeline (the object, or its JSON text); never throws. */
export function timelineFromJson(stored: unknown): RestoredTimeline {
  if (stored === undefined || stored === null) return { store: new TimelineStore(), reason: null };
  try {
    const value = typeof stored === 'string' ? parseJson(stored, 'The stored timeline') : stored;
    return { store: new TimelineStore(readStored(value)), reason: null };
  } catch (err) {
    return { store: new TimelineStore(), reason: `The stored timeline was dropped: ${errorMessage(err)}` };
  }
}

function bounded(v: unknown, where: string, max: number): unknown[] {
  const list = arr(v, where);
  if (list.length > max) throw new ShapeError(where, `at most ${max} entries, not ${list.length}`);
  return list;
}

function time(v: unknown, where: string, after: number): number {
  const ms = num(v, where);
  // Within the Date range too: a later time passes as a number but throws wherever it is shown.
  if (!Number.isInteger(ms) || !isTimeMs(ms)) throw new ShapeError(where, 'a time in milliseconds');
  if (ms < after) throw new ShapeError(where, 'times in order, oldest first');
  return ms;
}

function latency(v: unknown, where: string): number | null {
  if (v === null) return null;
  const ms = num(v, where);
  if (ms < 0) throw new ShapeError(where, 'a latency of 0 ms or more');
  return ms;
}

function region(v: unknown, where: string): string | null {
  return v === null || v === undefined ? null : str(v, where);
}

function readStored(value: unknown): StoredTimeline {
  const root = obj(value, 'timeline');
  if (root.version !== TIMELINE_STORE_VERSION)
    throw new ShapeError('timeline.version', `version ${TIMELINE_STORE_VERSION}`);
  let last = 0;
  const buckets = bounded(root.buckets, 'timeline.buckets', MAX_MINUTE_BUCKETS).map((v, i) => {
    const w = `timeline.buckets[${i}]`;
    const b = obj(v, w);
    const paths = arr(b.paths, `${w}.paths`);
    if (paths.length !== 4) throw new ShapeError(`${w}.paths`, 'four counts');
    const counts = paths.map((n, j) => count(n, `${w}.paths[${j}]`));
    const bucket: MinuteBucket = {
      atMs: (last = time(b.atMs, `${w}.atMs`, last)),
      measured: count(b.measured, `${w}.measured`),
      minMs: latency(b.minMs, `${w}.minMs`),
      avgMs: latency(b.avgMs, `${w}.avgMs`),
      maxMs: latency(b.maxMs, `${w}.maxMs`),
      lost: count(b.lost, `${w}.lost`),
      paths: [counts[0], counts[1], counts[2], counts[3]],
      derpRegion: region(b.derpRegion, `${w}.derpRegion`),
    };
    return bucket;
  });
  const samples = bounded(root.samples, 'timeline.samples', MAX_FINE_SAMPLES).map((v, i) => {
    const w = `timeline.samples[${i}]`;
    const s = obj(v, w);
    if (!isTimelinePath(s.path)) throw new ShapeError(`${w}.path`, 'p2p, derp, coder-connect or unknown');
    const sample: TimelineSample = {
      atMs: (last = time(s.atMs, `${w}.atMs`, last)),
      latencyMs: latency(s.latencyMs, `${w}.latencyMs`),
      path: s.path,
      derpRegion: region(s.derpRegion, `${w}.derpRegion`),
    };
    if (s.lost === true) sample.lost = true;
    return sample;
  });
  let lastEvent = 0;
  const events = bounded(root.events, 'timeline.events', MAX_EVENTS).map((v, i) => {
    const w = `timeline.events[${i}]`;
    const e = obj(v, w);
    const type = str(e.type, `${w}.type`);
    if (!(TIMELINE_EVENT_TYPES as readonly string[]).includes(type))
      throw new ShapeError(`${w}.type`, `one of ${TIMELINE_EVENT_TYPES.join(', ')}`);
    const event: TimelineEvent = {
      atMs: (lastEvent = time(e.atMs, `${w}.atMs`, lastEvent)),
      type: type as TimelineEventType,
    };
    const from = optStr(e.from, `${w}.from`);
    const to = optStr(e.to, `${w}.to`);
    const detail = optStr(e.detail, `${w}.detail`);
    if (from !== undefined) event.from = from;
    if (to !== undefined) event.to = to;
    if (detail !== undefined) event.detail = detail;
    return event;
  });
  return { version: TIMELINE_STORE_VERSION, samples, buckets, events };
}

function count(v: unknown, where: string): number {
  const n = num(v, where);
  if (!Number.isInteger(n) || n < 0) throw new ShapeError(where, 'a count');
  return n;
}
