// Public types of the SSH speed test: what callers pass in, the events they receive live, and the
// final report. Presenters (webview panel, `wsdoctor speedtest`) import only from this file.
import type { SpeedInterval } from '../coder/speedtest-json';

export type { SpeedInterval };

export type Direction = 'download' | 'upload';

/** Where to measure: a Coder workspace (through `coder ssh --stdio`) or a plain SSH server. */
export type SpeedtestTarget =
  | { kind: 'coder'; workspace: string; coderPath: string }
  | { kind: 'ssh'; host: string; port: number; username: string };

export interface SpeedtestOptions {
  target: SpeedtestTarget;
  /** Run in this order; e.g. ['download', 'upload'] for both. */
  directions: Direction[];
  /** Length of each direction's transfer. */
  durationSeconds: number;
  /** Private key file for plain SSH (and for Coder workspaces that ask for a key). */
  identityFile?: string;
  /** known_hosts files to check plain SSH host keys against; default ~/.ssh/known_hosts(2). */
  knownHostsFiles?: string[];
  /** Trust and record a host key that known_hosts does not know yet (never a changed one). */
  acceptNew?: boolean;
  /** Also run `coder speedtest -o json` per direction for the CLI's own tunnel figure. */
  cliTunnel?: boolean;
  /** Give up connecting after this long (default 20 s for Coder, 10 s for plain SSH). */
  connectTimeoutMs?: number;
  /** A transfer that moves no bytes for this long counts as a dropped link (default 4 s). */
  stallTimeoutMs?: number;
  /** How often samples are emitted (default 250 ms, i.e. 4 per second). */
  sampleIntervalMs?: number;
  /** Environment for the Coder CLI child; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export type SpeedtestPhase =
  'connecting' | 'probing' | 'idle-latency' | 'download' | 'upload' | 'cli-tunnel' | 'closing';

export interface DirectionResult {
  direction: Direction;
  /** Whole run of this direction in the CLI's shape: start 0, end = seconds measured. */
  overall: SpeedInterval;
  /** One per second; the last one may be shorter (e.g. 5.00-5.02), as the CLI prints it. */
  intervals: SpeedInterval[];
  /** True when the transfer ended early (error, dropped link, cancel): figures cover what ran. */
  partial: boolean;
  bytes: number;
  /** Median round trip measured while this direction was running, if any came back. */
  loadedLatencyMs: number | null;
  /** Why this direction ended early or did not run. */
  error?: string;
}

export interface LatencySummary {
  /** Median round trip on the idle connection, just before the transfers. */
  idleMs: number | null;
  /** Median round trip while data was flowing (all directions). */
  loadedMs: number | null;
  /** loadedMs - idleMs. */
  increaseMs: number | null;
  idleSamples: number;
  loadedSamples: number;
}

/** The Coder CLI's own figure for the same direction and duration (`coder speedtest -o json`). */
export interface TunnelResult {
  direction: Direction;
  overall?: SpeedInterval;
  intervals?: SpeedInterval[];
  error?: string;
}

export interface SpeedtestReport {
  /** `workspace` or `ssh://user@host:port`. */
  target: string;
  transport: 'coder' | 'ssh';
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  /** `uname -s` of the remote side when known (Linux, Darwin, ...), or 'windows'. */
  remoteOs: string | null;
  results: DirectionResult[];
  latency: LatencySummary;
  tunnel: TunnelResult[];
  /** Set when the test could not run or ended early: what failed and what to do. */
  error: string | null;
  cancelled: boolean;
}

export type SpeedtestEvent =
  | { type: 'phase'; phase: SpeedtestPhase; message: string }
  | { type: 'connected'; transport: 'coder' | 'ssh'; remoteOs: string | null }
  /** Live figure: Mbit/s over the last sample period, and bytes moved so far in this direction. */
  | { type: 'sample'; direction: Direction; tSeconds: number; mbits: number; bytesTotal: number }
  /** A completed one-second interval, in the CLI's shape. */
  | { type: 'interval'; direction: Direction; interval: SpeedInterval }
  | { type: 'latency'; phase: 'idle' | 'loaded'; ms: number; direction?: Direction }
  | { type: 'direction-done'; result: DirectionResult }
  | { type: 'tunnel'; result: TunnelResult }
  | { type: 'warning'; message: string }
  | { type: 'done'; report: SpeedtestReport };

export type SpeedtestEmit = (event: SpeedtestEvent) => void;
