// The status bar indicator as a pure state machine: feed events in, get what to show out.
// No clocks and no VS Code here; the caller passes `nowMs` so staleness is testable.
import { escapeInvisible } from '../coder/lines';
import { l10n } from '../l10n';

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

type StatusKind =
  'hidden' | 'unknown' | 'connecting' | 'ok' | 'warn' | 'error' | 'offline' | 'cli-missing' | 'signed-out';
type Severity = 'none' | 'warning' | 'error';

interface StatusView {
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

/**
 * Untrusted text for the status bar: codicon syntax would render as icons (a backslash keeps it
 * literal), and invisible characters show as codes.
 */
export function escapeIcons(text: string): string {
  return escapeInvisible(text).replace(/\$\(/g, '\\$(');
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatLatency(ms: number): string {
  return ms < 1 ? '<1 ms' : `${Math.round(ms)} ms`;
}

/** Bytes per second as bits per second in decimal units: 569 → `4.6 kbit/s`. */
export function formatBitRate(bytesPerSec: number): string {
  const bits = Math.max(0, bytesPerSec) * 8;
  const units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
  let value = bits;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function pathText(sample: Pick<LiveSample, 'path' | 'region'>): string {
  if (sample.path === 'coder-connect') return 'Coder Connect';
  if (sample.path === 'p2p') return 'p2p';
  return sample.region ? `DERP ${shorten(sample.region, MAX_REGION)}` : 'DERP';
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 90 ? l10n.t('{0} s ago', s) : l10n.t('{0} min ago', Math.round(s / 60));
}

/** "Direct (p2p) to 203.0.113.5:41641", "Relayed via DERP Frankfurt". */
function routeText(last: LiveSample): string {
  if (last.path === 'p2p') return last.endpoint ? l10n.t('Direct (p2p) to {0}', last.endpoint) : l10n.t('Direct (p2p)');
  return last.region ? l10n.t('Relayed via DERP {0}', last.region) : l10n.t('Relayed via DERP');
}

export function presentStatus(state: StatusState, nowMs: number): StatusView {
  const { config, workspace, last } = state;
  const base = { stale: false, severity: 'none' as Severity };
  if (!config.enabled) return { ...base, visible: false, kind: 'hidden', text: '', tooltip: [], ariaLabel: '' };
  if (workspace === null) {
    // Nothing to report on yet; shown again as soon as a workspace is known.
    return { ...base, visible: false, kind: 'hidden', text: '', tooltip: [], ariaLabel: '' };
  }
  const who = l10n.t('Workspace: {0}', workspace);
  if (state.phase === 'cli-missing') {
    const why = state.problem ?? l10n.t('Coder CLI not found.');
    return {
      ...base,
      visible: true,
      kind: 'cli-missing',
      severity: 'warning',
      text: `$(warning) ${escapeIcons(l10n.t('Coder CLI missing'))}`,
      tooltip: [who, why],
      ariaLabel: l10n.t('Coder CLI missing. {0}', why),
    };
  }
  if (state.phase === 'signed-out') {
    const why = state.problem ?? l10n.t('Not signed in to the deployment.');
    return {
      ...base,
      visible: true,
      kind: 'signed-out',
      severity: 'warning',
      text: `$(account) ${escapeIcons(l10n.t('Sign in to Coder'))}`,
      tooltip: [who, why],
      ariaLabel: l10n.t('Not signed in. {0}', why),
    };
  }
  const age = last ? nowMs - last.atMs : Infinity;
  if (state.phase === 'unknown') {
    const why = state.problem ?? l10n.t('No answer from the Coder CLI.');
    const tooltip = [who, why];
    if (last)
      tooltip.push(
        l10n.t(
          'Last reading {0}: {1}.',
          ago(age),
          last.latencyMs === null ? pathText(last) : `${formatLatency(last.latencyMs)} · ${pathText(last)}`,
        ),
      );
    return {
      ...base,
      visible: true,
      kind: 'unknown',
      stale: last !== null,
      text: '$(pulse) ? ms',
      tooltip,
      ariaLabel: l10n.t('Latency to {0} unknown. {1}', workspace, why),
    };
  }
  if (state.phase === 'offline' || (state.phase === 'live' && age > config.offlineAfterMs)) {
    const why =
      state.problem ??
      (last ? l10n.t('No answer from the workspace since {0}.', ago(age)) : l10n.t('The workspace does not answer.'));
    return {
      ...base,
      visible: true,
      kind: 'offline',
      severity: 'error',
      text: `$(debug-disconnect) ${escapeIcons(l10n.t('offline'))}`,
      tooltip: [who, why],
      ariaLabel: l10n.t('Workspace {0} offline. {1}', workspace, why),
    };
  }
  if (!last) {
    if (state.phase === 'connecting') {
      return {
        ...base,
        visible: true,
        kind: 'connecting',
        text: `$(sync~spin) ${escapeIcons(l10n.t('connecting'))}`,
        tooltip: [who, l10n.t('Measuring latency…')],
        ariaLabel: l10n.t('Connecting to {0}', workspace),
      };
    }
    return {
      ...base,
      visible: true,
      kind: 'unknown',
      text: '$(pulse) – ms',
      tooltip: [who, l10n.t('No measurement yet.')],
      ariaLabel: l10n.t('Latency to {0} unknown', workspace),
    };
  }
  const stale = age > config.staleAfterMs;
  const measured =
    last.source === 'network-info'
      ? l10n.t('Measured {0} by the Coder extension.', ago(age))
      : l10n.t('Measured {0} by `coder ping`.', ago(age));
  const staleNote = l10n.t('The reading is old (~): no fresh measurement arrived.');
  if (last.path === 'coder-connect' || last.latencyMs === null) {
    const tooltip = [
      who,
      l10n.t('Connected through Coder Connect; the Coder CLI measures no latency for it.'),
      measured,
    ];
    if (stale) tooltip.push(staleNote);
    if (state.problem) tooltip.push(state.problem);
    return {
      visible: true,
      kind: 'ok',
      severity: 'none',
      stale,
      text: `$(pulse) ${stale ? '~' : ''}Coder Connect`,
      tooltip,
      ariaLabel: l10n.t('Workspace {0} connected through Coder Connect', workspace),
    };
  }
  const kind: StatusKind = state.level;
  const severity: Severity = kind === 'error' ? 'error' : kind === 'warn' ? 'warning' : 'none';
  const latency = formatLatency(last.latencyMs);
  const path = pathText(last);
  const text = `$(pulse) ${stale ? '~' : ''}${latency} · ${escapeIcons(path)}`;
  const route = routeText(last);
  const tooltip = [who, `${route}, ${latency}`];
  if (last.rates)
    tooltip.push(
      l10n.t(
        'Live traffic: ↓ {0} ↑ {1}',
        formatBitRate(last.rates.downloadBytesSec),
        formatBitRate(last.rates.uploadBytesSec),
      ),
    );
  tooltip.push(measured);
  if (stale) tooltip.push(staleNote);
  if (kind === 'error')
    tooltip.push(l10n.t('Above the error threshold of {0} ms in the last two readings.', config.errorMs));
  else if (kind === 'warn')
    tooltip.push(l10n.t('Above the warning threshold of {0} ms in the last two readings.', config.warnMs));
  if (state.problem) tooltip.push(state.problem);
  const ariaLabel = stale
    ? l10n.t('Latency to {0} about {1}, {2}', workspace, latency, route)
    : l10n.t('Latency to {0} {1}, {2}', workspace, latency, route);
  return { visible: true, kind, text, severity, stale, tooltip, ariaLabel };
}
