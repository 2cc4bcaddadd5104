// The session timeline's data as recorded and stored: samples, minute buckets, events, and their bounds.

export type TimelinePath = 'p2p' | 'derp' | 'coder-connect' | 'unknown';
export const TIMELINE_PATHS: readonly TimelinePath[] = ['p2p', 'derp', 'coder-connect', 'unknown'];

/** One reading (or one failed ping: `lost`), at wall-clock `atMs`. */
export interface TimelineSample {
  atMs: number;
  /** Null when the path gives none (Coder Connect) or the ping was lost. */
  latencyMs: number | null;
  path: TimelinePath;
  derpRegion: string | null;
  lost?: true;
}

/** One minute of samples older than the last hour, folded to min/avg/max. */
export interface MinuteBucket {
  /** Start of the minute (wall clock, ms). */
  atMs: number;
  /** Readings with a latency in this minute, and their min/avg/max (null when none had one). */
  measured: number;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
  lost: number;
  /** Samples per path in TIMELINE_PATHS order: how the time was split between paths. */
  paths: [number, number, number, number];
  /** The last DERP region seen in the minute. */
  derpRegion: string | null;
}

export type TimelineEventType =
  | 'path-changed'
  | 'region-changed'
  | 'offline'
  | 'online'
  | 'stale'
  | 'clock-gap'
  | 'workspace-stopped'
  | 'workspace-started'
  | 'diagnosed';

export const TIMELINE_EVENT_TYPES: readonly TimelineEventType[] = [
  'path-changed',
  'region-changed',
  'offline',
  'online',
  'stale',
  'clock-gap',
  'workspace-stopped',
  'workspace-started',
  'diagnosed',
];

export interface TimelineEvent {
  atMs: number;
  type: TimelineEventType;
  /** path-changed: path values; region-changed: region names. */
  from?: string;
  to?: string;
  /** One plain sentence: why offline, the diagnosed cause, how long the clock jumped. */
  detail?: string;
}

/** Per-second samples are kept this long, then folded into minute buckets. */
export const FINE_WINDOW_MS = 60 * 60 * 1000;
/** At most one sample a second over the fine window; a faster feed folds its oldest early. */
export const MAX_FINE_SAMPLES = 3600;
/** 24 h of minutes beyond the fine window: with it, 25 h are covered. */
export const MAX_MINUTE_BUCKETS = 24 * 60;
/**
 * Events are rare (a path change, a drop, a diagnosis); 500 holds a day of a connection flapping every
 * three minutes, and older ones matter less than the memory a pathological feed would take.
 */
export const MAX_EVENTS = 500;
/**
 * Longer region names and details are cut: they come from the CLI, so their length is not ours to
 * trust. DERP region names are a word or two ("Frankfurt", "New York City").
 */
export const MAX_REGION_CHARS = 32;
export const MAX_DETAIL_CHARS = 200;
