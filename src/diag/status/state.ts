// The status bar indicator as a pure state machine: feed events in, get what to show out.
// No clocks and no VS Code here; the caller passes `nowMs` so staleness is testable.

export type LivePath = 'p2p' | 'derp';
export type StatusSource = 'network-info' | 'ping';

export interface LiveSample {
  latencyMs: number;
  path: LivePath;
  region: string | null;
  endpoint: string | null;
  atMs: number;
  source: StatusSource;
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

export type Phase = 'idle' | 'connecting' | 'live' | 'offline' | 'cli-missing';

export interface StatusState {
  config: StatusConfig;
  workspace: string | null;
  phase: Phase;
  last: LiveSample | null;
  failuresInRow: number;
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
  | { type: 'cli-missing'; reason: string };

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
  return { config, workspace: null, phase: 'idle', last: null, failuresInRow: 0, problem: null };
}

export function statusReduce(state: StatusState, event: StatusEvent): StatusState {
  switch (event.type) {
    case 'config':
      return { ...state, config: event.config };
    case 'workspace':
      if (event.workspace === state.workspace) return state;
      return { ...state, workspace: event.workspace, phase: 'idle', last: null, failuresInRow: 0, problem: null };
    case 'connecting':
      // Keep the last sample: a restarted pinger should not blank a good reading.
      return {
        ...state,
        phase: state.last ? state.phase : 'connecting',
        problem: state.phase === 'cli-missing' ? null : state.problem,
      };
    case 'sample':
      return { ...state, phase: 'live', last: event.sample, failuresInRow: 0, problem: null };
    case 'failure': {
      const failuresInRow = state.failuresInRow + 1;
      const offline = failuresInRow >= state.config.offlineAfterFailures;
      return { ...state, failuresInRow, problem: event.reason, phase: offline ? 'offline' : state.phase };
    }
    case 'offline':
      return { ...state, phase: 'offline', problem: event.reason };
    case 'cli-missing':
      return { ...state, phase: 'cli-missing', problem: event.reason };
  }
}

export type StatusKind = 'hidden' | 'unknown' | 'connecting' | 'ok' | 'warn' | 'error' | 'offline' | 'cli-missing';
export type Severity = 'none' | 'warning' | 'error';

export interface StatusView {
  visible: boolean;
  kind: StatusKind;
  /** Status bar text; `$(name)` are codicons, untrusted names are escaped. */
  text: string;
  severity: Severity;
  stale: boolean;
  /** Plain-text tooltip lines (the VS Code layer adds the action links). */
  tooltip: string[];
  /** Short sentence for screen readers. */
  ariaLabel: string;
}

const MAX_REGION = 24;

/** Codicon syntax in untrusted text would render as icons; a backslash keeps it literal. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatLatency(ms: number): string {
  return ms < 1 ? '<1 ms' : `${Math.round(ms)} ms`;
}

export function pathText(sample: Pick<LiveSample, 'path' | 'region'>): string {
  if (sample.path === 'p2p') return 'p2p';
  return sample.region ? `DERP ${shorten(sample.region, MAX_REGION)}` : 'DERP';
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

export function presentStatus(state: StatusState, nowMs: number): StatusView {
  const { config, workspace, last } = state;
  const base = { stale: false, severity: 'none' as Severity };
  if (!config.enabled) return { ...base, visible: false, kind: 'hidden', text: '', tooltip: [], ariaLabel: '' };
  if (workspace === null) {
    // Nothing to report on yet; shown again as soon as a workspace is known.
    return { ...base, visible: false, kind: 'hidden', text: '', tooltip: [], ariaLabel: '' };
  }
  const who = `Workspace: ${workspace}`;
  if (state.phase === 'cli-missing') {
    const why = state.problem ?? 'Coder CLI not found.';
    return {
      ...base,
      visible: true,
      kind: 'cli-missing',
      severity: 'warning',
      text: '$(warning) Coder CLI missing',
      tooltip: [who, why],
      ariaLabel: `Coder CLI missing. ${why}`,
    };
  }
  const age = last ? nowMs - last.atMs : Infinity;
  if (state.phase === 'offline' || (state.phase === 'live' && age > config.offlineAfterMs)) {
    const why =
      state.problem ?? (last ? `No answer from the workspace since ${ago(age)}.` : 'The workspace does not answer.');
    return {
      ...base,
      visible: true,
      kind: 'offline',
      severity: 'error',
      text: '$(debug-disconnect) offline',
      tooltip: [who, why],
      ariaLabel: `Workspace ${workspace} offline. ${why}`,
    };
  }
  if (!last) {
    if (state.phase === 'connecting') {
      return {
        ...base,
        visible: true,
        kind: 'connecting',
        text: '$(sync~spin) connecting',
        tooltip: [who, 'Measuring latency…'],
        ariaLabel: `Connecting to ${workspace}`,
      };
    }
    return {
      ...base,
      visible: true,
      kind: 'unknown',
      text: '$(pulse) – ms',
      tooltip: [who, 'No measurement yet.'],
      ariaLabel: `Latency to ${workspace} unknown`,
    };
  }
  const stale = age > config.staleAfterMs;
  const kind: StatusKind = last.latencyMs >= config.errorMs ? 'error' : last.latencyMs >= config.warnMs ? 'warn' : 'ok';
  const severity: Severity = kind === 'error' ? 'error' : kind === 'warn' ? 'warning' : 'none';
  const latency = formatLatency(last.latencyMs);
  const path = pathText(last);
  const text = `$(pulse) ${stale ? '~' : ''}${latency} · ${escapeIcons(path)}`;
  const route =
    last.path === 'p2p'
      ? `Direct (p2p)${last.endpoint ? ` to ${last.endpoint}` : ''}`
      : `Relayed via DERP${last.region ? ` ${last.region}` : ''}`;
  const tooltip = [
    who,
    `${route}, ${latency}`,
    `Measured ${ago(age)} by ${last.source === 'network-info' ? 'the Coder extension' : '`coder ping`'}.`,
  ];
  if (stale) tooltip.push('The reading is old (~): no fresh measurement arrived.');
  if (kind !== 'ok')
    tooltip.push(
      `Above the ${kind === 'error' ? 'error' : 'warning'} threshold of ${kind === 'error' ? config.errorMs : config.warnMs} ms.`,
    );
  if (state.problem) tooltip.push(state.problem);
  const ariaLabel = `Latency to ${workspace} ${stale ? 'about ' : ''}${latency}, ${route}`;
  return { visible: true, kind, text, severity, stale, tooltip, ariaLabel };
}
