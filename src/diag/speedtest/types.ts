// Public types of the SSH speed test: what callers pass in, the events they receive live, and the
// final report. Presenters (webview panel, `wsdoctor speedtest`) import only from this file. The
// events and the report are described once, with their check and bounds, in wire/speedtest-report.ts.
import type { Direction, SpeedtestEvent } from '../wire/speedtest-report';

export type {
  DirectionResult,
  Direction,
  DirectWait,
  LatencySummary,
  PathChange,
  PathHop,
  SpeedInterval,
  SpeedtestEvent,
  SpeedtestPath,
  SpeedtestPhase,
  SpeedtestReport,
  TunnelResult,
} from '../wire/speedtest-report';

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

export type SpeedtestEmit = (event: SpeedtestEvent) => void;
