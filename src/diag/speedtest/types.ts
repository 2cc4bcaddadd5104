// Public types of the SSH speed test: what callers pass in, the events they receive live, and the
// final report. Presenters (webview panel, `wsdoctor speedtest`) import only from this file.
import type { SpeedInterval } from '../coder/speedtest-json';

export type { SpeedInterval };

export type Direction = 'download' | 'upload';

/** A plain SSH server: all the engine needs is what the address names. */
export interface SshTarget {
  kind: 'ssh';
  host: string;
  port: number;
  username: string;
}

/** What the user named (parsed once, by `parseTarget`): a Coder workspace or a plain SSH server. */
export type ParsedTarget = { kind: 'coder'; workspace: string } | SshTarget;

/**
 * Where to measure: a Coder workspace (through `coder ssh --stdio`) with the CLI that reaches it,
 * attached when the run starts (`withCoderCli`), or a plain SSH server.
 */
export type SpeedtestTarget =
  /** `globalArgs`: the root flags of the user's login (`--global-config`, `--url`, ...), before every subcommand. */
  { kind: 'coder'; workspace: string; coderPath: string; globalArgs: readonly string[] } | SshTarget;

/**
 * How the front end running the test lets the user do what a message tells them to: `wsdoctor` has
 * flags, the extension has settings and asks about a host key itself. Messages name these, never the
 * other front end's.
 */
export interface SpeedtestFrontEnd {
  /** Where a key file is given: `--identity KEYFILE`, or the setting `wsdoctor.speedtest.identityFile`. */
  keyFileOption: string;
  /** True: an unknown host key is trusted with flags (`--trust-host-key`, `--accept-new`). False: the front end offers it from `unknownHostKey`. */
  hostKeyFlags: boolean;
}

/** `wsdoctor speedtest`'s: the engine's default. */
export const CLI_FRONT_END: SpeedtestFrontEnd = { keyFileOption: '--identity KEYFILE', hostKeyFlags: true };

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
  /** Trust and record an unknown host key only if it has this fingerprint (`SHA256:...`, the one the user checked); any other key is refused. */
  trustHostKey?: string;
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
  /** The login's session tokens (CoderCli.secrets): cleaned, with the environment's and any token-shaped text, from every event and the report. */
  secrets?: readonly string[];
  /** Coder only: wait up to this long for a direct (p2p) connection before measuring, like `coder speedtest -d`. */
  waitForDirectMs?: number;
  /** Parallel streams per direction (iperf3 -P), 1 to 16; default 1. Their bytes are summed. */
  streams?: number;
  /** Default CLI_FRONT_END. */
  frontEnd?: SpeedtestFrontEnd;
}

/** The network path of a `coder ssh --stdio` connection. */
export interface PathHop {
  kind: 'p2p' | 'derp' | 'coder-connect';
  /** The DERP region relaying the traffic (kind 'derp'), as the CLI names it. */
  derpRegion: string | null;
}

/** A path as first seen, or as it was after a change; seconds since the test started. */
export interface PathChange extends PathHop {
  atSeconds: number;
  latencyMs: number | null;
}

/** What the test waited for with --direct, and whether a direct connection formed in time. */
export interface DirectWait {
  timeoutSeconds: number;
  waitedSeconds: number;
  formed: boolean;
}

/** Which path the measurement ran over (Coder workspaces only). */
export interface SpeedtestPath {
  /** 'network-info': the connection's own reports; 'ping': `coder ping` before and after (old CLI). */
  source: 'network-info' | 'ping';
  /** The first path seen, then each change (e.g. DERP -> p2p), oldest first; empty when never learned. */
  changes: PathChange[];
  /** Seconds since the test started when the transfers began and ended (null before they ran). */
  measuredFromSeconds: number | null;
  measuredToSeconds: number | null;
  /** Why the path is unknown or only partly known. */
  note: string | null;
  directWait: DirectWait | null;
}

export type SpeedtestPhase =
  'connecting' | 'probing' | 'waiting-direct' | 'idle-latency' | 'download' | 'upload' | 'cli-tunnel' | 'closing';

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
  /** Parallel streams summed into these figures (absent in reports of older versions: 1). */
  streams?: number;
  /** This process's main thread was busy >= 90% of the direction: the figure is a lower bound. */
  cpuLimited?: boolean;
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
  /** The path of a Coder workspace's connection; null for plain SSH. Absent in reports of older versions. */
  path?: SpeedtestPath | null;
  /** Set when the test could not run or ended early: what failed and what to do. */
  error: string | null;
  /** The fingerprint (`SHA256:…`) of a plain SSH host key refused as unknown to known_hosts: a front end without host key flags offers to trust it. */
  unknownHostKey?: string;
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
  /** The connection's path was seen for the first time, or changed. */
  | { type: 'path'; change: PathChange }
  | { type: 'warning'; message: string }
  | { type: 'done'; report: SpeedtestReport };

export type SpeedtestEmit = (event: SpeedtestEvent) => void;
