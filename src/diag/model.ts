// The data every source feeds and every presenter reads. Pure types and constants only.

type PathKind = 'p2p' | 'derp' | 'unknown';
export type Side = 'general' | 'client' | 'agent';
export type CheckStatus = 'ok' | 'warn' | 'fail';
export type SourceName = 'ping' | 'netcheck' | 'local' | 'version';

type CheckId = 'derp-connected' | 'coordinator-sent' | 'coordinator-received' | 'wireguard' | string;

export type IssueId =
  | 'derp-relay'
  | 'direct-disabled-deployment'
  | 'direct-disabled-local'
  | 'no-stun'
  | 'udp-blocked'
  | 'hard-nat'
  | 'aws-hard-nat'
  | 'low-mtu'
  | 'vpn'
  | 'derp-websocket-only'
  | 'derp-unreachable'
  | 'proxy-only-network'
  | 'proxy-problem'
  | 'tls-certificate'
  | 'tls-checks-off'
  | 'tls-file'
  | 'client-certificate'
  | 'deployment-headers'
  | 'settings-withheld'
  | 'cli-other';

export interface Check {
  id: CheckId;
  status: CheckStatus;
  message: string;
}

export interface Issue {
  id: IssueId;
  side: Side;
  /** Our own plain sentence, ending with the next step to take. */
  message: string;
  /** Link to the matching troubleshooting section. */
  docs: string;
  detail?: Record<string, string | number>;
  /** Where the finding came from; several sources may agree on one issue. */
  sources: SourceName[];
  /** The CLI's own wording, when the CLI reported it. */
  cliText?: string;
}

type PingOutcome = 'pong' | 'timeout' | 'failed';

export interface PingSample {
  seq: number;
  outcome: PingOutcome;
  /** Milliseconds since the check started, when the line arrived. */
  atMs: number;
  path?: 'p2p' | 'derp';
  latencyMs?: number;
  derpRegion?: string;
  endpoint?: string;
  error?: string;
}

export interface PathState {
  kind: PathKind;
  derpRegion: string | null;
  endpoint: string | null;
}

export interface PingStats {
  sent: number;
  received: number;
  timedOut: number;
  failed: number;
  minMs: number | null;
  avgMs: number | null;
  maxMs: number | null;
  /** Mean absolute difference between consecutive pongs. */
  jitterMs: number | null;
  /** How many consecutive pong pairs the jitter is averaged over. */
  jitterPairs: number;
}

export interface SourceOutcome {
  source: SourceName;
  ok: boolean;
  /** Present when the source failed or was skipped: what happened and what to do. */
  error?: string;
  /** The source was stopped by a cancel (`error` says so in the user's words). */
  cancelled?: boolean;
}

export interface CliInfo {
  path: string;
  version: string | null;
  /** The deployment URL whose login the CLI used; null: the CLI's own defaults. */
  deployment?: string | null;
  /** Set when this CLI's diagnostics are limited: what is missing and what to do. */
  note?: string;
}

/** One probe's result from the extension's own client-side checks, kept as data. */
export interface ProbeOutcome {
  name: string;
  ran: boolean;
  /** Why a probe could not run. */
  reason?: string;
  data?: unknown;
}

/** A warning or error `coder netcheck` reported, with the part of its report it came from. */
export interface NetcheckWarning {
  where: string;
  code: string;
  message: string;
}

export interface NetcheckRegionLatency {
  regionId: number;
  regionName: string;
  latencyMs: number;
  /** netcheck's preferred (home) region. */
  preferred: boolean;
}

/** The facts `coder netcheck` states about this machine's network. null: absent or unreadable, never a guessed no. */
export interface NetcheckFacts {
  udp: boolean | null;
  ipv4: boolean | null;
  ipv4CanSend: boolean | null;
  ipv6: boolean | null;
  ipv6CanSend: boolean | null;
  osHasIPv6: boolean | null;
  mappingVariesByDestIP: boolean | null;
  hairPinning: boolean | null;
  upnp: boolean | null;
  pmp: boolean | null;
  pcp: boolean | null;
  captivePortal: boolean | null;
  /** "" when netcheck found none. */
  globalV4: string | null;
  globalV6: string | null;
}

/** What `coder netcheck` found about this machine's network. */
export interface NetcheckSummary extends NetcheckFacts {
  preferredRegion: { regionId: number; regionName: string } | null;
  /** Nearest first. */
  regionLatencies: NetcheckRegionLatency[];
  warnings: NetcheckWarning[];
  /** Fields whose values could not be read (shown as unknown). */
  unreadable: string[];
}

export interface Report {
  workspace: string;
  startedAt: string;
  finishedAt: string | null;
  cli: CliInfo | null;
  path: PathState;
  pings: PingStats;
  /** Bounded history of ping samples (oldest dropped first). */
  samples: PingSample[];
  p2pEstablishedMs: number | null;
  /** Milliseconds since start at which the path turned direct. */
  upgradedAtMs: number | null;
  checks: Check[];
  issues: Issue[];
  sources: SourceOutcome[];
  probes: ProbeOutcome[];
  /** `coder netcheck`'s view of the network, when it ran. */
  netcheck: NetcheckSummary | null;
  /** Lines no parser understood, kept for the log. Bounded. */
  rawLines: string[];
}
