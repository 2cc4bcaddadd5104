// The speed test's report and live events, as they cross to the panel and into history: each
// type, its check and its bounds from one description (schema.ts).
import { MAX_DIRECTIONS, MAX_INTERVALS, MAX_PATH_CHANGES, MAX_REGION_NAME, MAX_TARGET, MAX_TIMESTAMP } from './limits';
import {
  boolean,
  list,
  nullable,
  number,
  object,
  oneOf,
  optional,
  orElse,
  parserOf,
  refine,
  tagged,
  text,
} from './schema';
import type { Infer } from './schema';

export const directionSchema = oneOf(['download', 'upload']);
export type Direction = Infer<typeof directionSchema>;
const transportSchema = oneOf(['coder', 'ssh']);
export const phaseSchema = oneOf([
  'connecting',
  'probing',
  'waiting-direct',
  'idle-latency',
  'download',
  'upload',
  'cli-tunnel',
  'closing',
]);
export type SpeedtestPhase = Infer<typeof phaseSchema>;

/** One stretch of a transfer in the Coder CLI's shape (`coder speedtest -o json`). */
export const intervalSchema = refine(
  object({
    start_time_seconds: number({ min: 0 }),
    end_time_seconds: number(),
    throughput_mbits: number({ min: 0 }),
  }),
  (i) => i.end_time_seconds >= i.start_time_seconds,
);
export type SpeedInterval = Infer<typeof intervalSchema>;
const intervals = list(intervalSchema, MAX_INTERVALS);

export const directionResultSchema = object({
  direction: directionSchema,
  /** Whole run of this direction in the CLI's shape: start 0, end = seconds measured. */
  overall: intervalSchema,
  /** One per second; the last one may be shorter (e.g. 5.00-5.02), as the CLI prints it. */
  intervals,
  /** True when the transfer ended early (error, dropped link, cancel): figures cover what ran. */
  partial: boolean(),
  bytes: number({ min: 0 }),
  /** Median round trip measured while this direction was running, if any came back. */
  loadedLatencyMs: nullable(number()),
  /** Parallel streams summed into these figures (absent in reports of older versions: 1). */
  streams: optional(number({ min: 1, integer: true })),
  /** This process's main thread was busy >= 90% of the direction: the figure is a lower bound. */
  cpuLimited: optional(boolean()),
  /** Why this direction ended early or did not run. */
  error: optional(text()),
});
export type DirectionResult = Infer<typeof directionResultSchema>;

export const latencySummarySchema = object({
  /** Median round trip on the idle connection, just before the transfers. */
  idleMs: nullable(number()),
  /** Median round trip while data was flowing (all directions). */
  loadedMs: nullable(number()),
  /** loadedMs - idleMs. */
  increaseMs: nullable(number()),
  idleSamples: number(),
  loadedSamples: number(),
});
export type LatencySummary = Infer<typeof latencySummarySchema>;

/** The Coder CLI's own figure for the same direction and duration (`coder speedtest -o json`). */
export const tunnelResultSchema = object({
  direction: directionSchema,
  overall: optional(intervalSchema),
  intervals: optional(intervals),
  error: optional(text()),
});
export type TunnelResult = Infer<typeof tunnelResultSchema>;

/** The network path of a `coder ssh --stdio` connection. */
const pathHopFields = {
  kind: oneOf(['p2p', 'derp', 'coder-connect']),
  /** The DERP region relaying the traffic (kind 'derp'), as the CLI names it. */
  derpRegion: nullable(text(MAX_REGION_NAME)),
};
export const pathHopSchema = object(pathHopFields);
export type PathHop = Infer<typeof pathHopSchema>;

/** A path as first seen, or as it was after a change; seconds since the test started. A DERP hop names its region, no other does. */
export const pathChangeSchema = refine(
  object({ ...pathHopFields, atSeconds: number({ min: 0 }), latencyMs: nullable(number()) }),
  (c) => (c.kind === 'derp') === (c.derpRegion !== null),
);
export type PathChange = Infer<typeof pathChangeSchema>;

/** What the test waited for with --direct, and whether a direct connection formed in time. */
export const directWaitSchema = object({ timeoutSeconds: number(), waitedSeconds: number(), formed: boolean() });
export type DirectWait = Infer<typeof directWaitSchema>;

/** Which path the measurement ran over (Coder workspaces only). */
export const speedtestPathSchema = object({
  /** 'network-info': the connection's own reports; 'ping': `coder ping` before and after (old CLI). */
  source: oneOf(['network-info', 'ping']),
  /** The first path seen, then each change (e.g. DERP -> p2p), oldest first; empty when never learned. */
  changes: list(pathChangeSchema, MAX_PATH_CHANGES),
  /** Seconds since the test started when the transfers began and ended (null before they ran). */
  measuredFromSeconds: nullable(number()),
  measuredToSeconds: nullable(number()),
  /** Why the path is unknown or only partly known. */
  note: nullable(text()),
  directWait: nullable(directWaitSchema),
});
export type SpeedtestPath = Infer<typeof speedtestPathSchema>;

export const speedtestReportSchema = object({
  /** `workspace` or `ssh://user@host:port`. */
  target: text(MAX_TARGET),
  transport: transportSchema,
  startedAt: text(MAX_TIMESTAMP),
  finishedAt: text(MAX_TIMESTAMP),
  durationSeconds: number(),
  /** `uname -s` of the remote side when known (Linux, Darwin, ...), or 'windows'. */
  remoteOs: nullable(text()),
  results: list(directionResultSchema, MAX_DIRECTIONS),
  latency: latencySummarySchema,
  tunnel: list(tunnelResultSchema, MAX_DIRECTIONS),
  /** The path of a Coder workspace's connection; null for plain SSH (or unreadable). Absent in reports of older versions. */
  path: optional(orElse(nullable(speedtestPathSchema), null)),
  /** Set when the test could not run or ended early: what failed and what to do. */
  error: nullable(text()),
  /** The fingerprint (`SHA256:…`) of a plain SSH host key refused as unknown to known_hosts: a front end without host key flags offers to trust it. */
  unknownHostKey: optional(text()),
  cancelled: boolean(),
});
export type SpeedtestReport = Infer<typeof speedtestReportSchema>;

export const speedtestEventSchema = tagged('type', {
  phase: { phase: phaseSchema, message: text() },
  connected: { transport: transportSchema, remoteOs: nullable(text()) },
  /** Live figure: Mbit/s over the last sample period, and bytes moved so far in this direction. */
  sample: { direction: directionSchema, tSeconds: number(), mbits: number({ min: 0 }), bytesTotal: number() },
  /** A completed one-second interval, in the CLI's shape. */
  interval: { direction: directionSchema, interval: intervalSchema },
  latency: { phase: oneOf(['idle', 'loaded']), ms: number(), direction: optional(directionSchema) },
  'direction-done': { result: directionResultSchema },
  tunnel: { result: tunnelResultSchema },
  /** The connection's path was seen for the first time, or changed. */
  path: { change: pathChangeSchema },
  warning: { message: text() },
  done: { report: speedtestReportSchema },
});
export type SpeedtestEvent = Infer<typeof speedtestEventSchema>;

/** A report or event from outside (a message, stored state, history), within the limits; null when it is none. */
export const parseSpeedtestReport = parserOf(speedtestReportSchema);
export const parseSpeedtestEvent = parserOf(speedtestEventSchema);
/** Our own report or event within every limit the panel checks. */
export const boundSpeedtestReport = (report: SpeedtestReport): SpeedtestReport => speedtestReportSchema.bound(report);
export const boundSpeedtestEvent = (event: SpeedtestEvent): SpeedtestEvent => speedtestEventSchema.bound(event);
