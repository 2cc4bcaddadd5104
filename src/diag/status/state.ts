// The status indicator as a pure state machine: feed events in, get the state out (status-view.ts
// says what to show). No clocks here; the caller passes `nowMs` where time matters.

// Coder Connect (the Coder VPN) is a path of its own: the CLI reports it with `p2p: false` and
// `latency: 0`, which is neither a relay nor a measured 0 ms.
type LivePath = 'p2p' | 'derp' | 'coder-connect';
type StatusSource = 'network-info' | 'ping';

export interface LiveSample {
  /** Null when the path gives no latency (Coder Connect). */
  latencyMs: number | null;
  path: LivePath;
  region: string | null;
  endpoint: string | null;
  atMs: number;
  source: StatusSource;
  /** Live traffic on the connection, when the network-info file tells it. */
  rates?: { downloadBytesSec: number; uploadBytesSec: number } | null;
}

export interface StatusConfig {
  enabled: boolean;
  warnMs: number;
  errorMs: number;
  /** Older data than this is shown with a stale mark. */
  staleAfterMs: number;
  /** Older data than this counts as offline. */
  offlineAfterMs: number;
  /** Timeouts/failures in a row before the workspace counts as offline. */
  offlineAfterFailures: number;
}

/** 'unknown': the feed went silent, so neither a reading nor a failure can be shown. */
type Phase = 'idle' | 'connecting' | 'live' | 'unknown' | 'offline' | 'cli-missing' | 'signed-out';
type LatencyLevel = 'ok' | 'warn' | 'error';

export interface StatusState {
  config: StatusConfig;
  workspace: string | null;
  phase: Phase;
  last: LiveSample | null;
  failuresInRow: number;
  /** The colour shown; it changes only when two readings in a row agree (no flashing). */
  level: LatencyLevel;
  /** The last two latency readings, newest last. */
  recentMs: number[];
  /** What went wrong last (CLI missing, workspace stopped, timeouts), for the tooltip. */
  problem: string | null;
}

export type StatusEvent =
  | { type: 'config'; config: StatusConfig }
  | { type: 'workspace'; workspace: string | null }
  | { type: 'connecting' }
  | { type: 'sample'; sample: LiveSample }
  | { type: 'failure'; reason: string }
  | { type: 'offline'; reason: string }
  /** The CLI stopped answering (no line for a while): the latency is unknown until it speaks again. */
  | { type: 'unknown'; reason: string }
  | { type: 'cli-missing'; reason: string }
  /** No login for the workspace's deployment, or the deployment refused it. */
  | { type: 'signed-out'; reason: string };

export function defaultStatusConfig(refreshSeconds = 5): StatusConfig {
  const staleAfterMs = Math.max(3 * refreshSeconds * 1000, 10_000);
  return {
    enabled: true,
    warnMs: 100,
    errorMs: 250,
    staleAfterMs,
    offlineAfterMs: staleAfterMs * 4,
    offlineAfterFailures: 3,
  };
}

export function initialStatus(config: StatusConfig): StatusState {
  return {
    config,
    workspace: null,
    phase: 'idle',
    last: null,
    failuresInRow: 0,
    level: 'ok',
    recentMs: [],
    problem: null,
  };
}

/** Levels from calm to loud; the index is the rank. */
const LEVELS: readonly LatencyLevel[] = ['ok', 'warn', 'error'];

function latencyLevel(ms: number, config: StatusConfig): LatencyLevel {
  return ms >= config.errorMs ? 'error' : ms >= config.warnMs ? 'warn' : 'ok';
}

/**
 * The colour moves only as far as both of the last two readings agree: up to the lower of their
 * levels, down to the higher. One slow (or one fast) reading in between changes nothing.
 */
function nextLevel(current: LatencyLevel, recentMs: number[], config: StatusConfig): LatencyLevel {
  if (recentMs.length < 2) return current;
  const ranks = recentMs.map((ms) => LEVELS.indexOf(latencyLevel(ms, config)));
  const low = Math.min(...ranks);
  const high = Math.max(...ranks);
  const now = LEVELS.indexOf(current);
  if (low > now) return LEVELS[low];
  if (high < now) return LEVELS[high];
  return current;
}

function withReading(state: StatusState, sample: LiveSample): Pick<StatusState, 'level' | 'recentMs'> {
  // Coder Connect has no latency to colour; a later measured path starts afresh.
  if (sample.latencyMs === null) return { level: 'ok', recentMs: [] };
  const recentMs = [...state.recentMs, sample.latencyMs].slice(-2);
  return { level: nextLevel(state.level, recentMs, state.config), recentMs };
}

export function statusReduce(state: StatusState, event: StatusEvent): StatusState {
  switch (event.type) {
    case 'config': {
      // New thresholds apply at once, to the readings both agree on.
      const [a, b] = state.recentMs;
      const level = b === undefined ? 'ok' : latencyLevel(Math.min(a, b), event.config);
      return { ...state, config: event.config, level };
    }
    case 'workspace':
      if (event.workspace === state.workspace) return state;
      return { ...initialStatus(state.config), workspace: event.workspace };
    case 'connecting':
      // Keep the last sample: a restarted pinger should not blank a good reading.
      return {
        ...state,
        // A restart after a silence stays unknown until a reading comes: never 'connecting' forever.
        phase: state.last || state.phase === 'unknown' ? state.phase : 'connecting',
        problem: state.phase === 'cli-missing' || state.phase === 'signed-out' ? null : state.problem,
      };
    case 'sample':
      return {
        ...state,
        ...withReading(state, event.sample),
        phase: 'live',
        last: event.sample,
        failuresInRow: 0,
        problem: null,
      };
    case 'failure': {
      const failuresInRow = state.failuresInRow + 1;
      const offline = failuresInRow >= state.config.offlineAfterFailures;
      return { ...state, failuresInRow, problem: event.reason, phase: offline ? 'offline' : state.phase };
    }
    case 'offline':
      return { ...state, phase: 'offline', problem: event.reason };
    case 'unknown':
      return { ...state, phase: 'unknown', problem: event.reason };
    case 'cli-missing':
      return { ...state, phase: 'cli-missing', problem: event.reason };
    case 'signed-out':
      return { ...state, phase: 'signed-out', problem: event.reason };
  }
}
