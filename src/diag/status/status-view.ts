// What the status indicator shows for a state: an icon name, a plain label, a severity, tooltip
// lines and a screen-reader sentence. Drawing it (codicon syntax, colours) is the host's job.
import { l10n } from '../l10n';
import type { LiveSample, StatusState } from './state';

export type StatusKind =
  'hidden' | 'unknown' | 'connecting' | 'ok' | 'warn' | 'error' | 'offline' | 'cli-missing' | 'signed-out';
export type StatusIcon = 'pulse' | 'warning' | 'account' | 'debug-disconnect' | 'sync~spin';
export type Severity = 'none' | 'warning' | 'error';

export interface StatusView {
  visible: boolean;
  kind: StatusKind;
  /** The codicon in front of the label, chosen here; the host draws it. */
  icon: StatusIcon;
  /** Plain text after the icon; may hold untrusted names (the host keeps them from becoming icons). */
  label: string;
  severity: Severity;
  stale: boolean;
  /** Plain-text tooltip lines (the VS Code layer adds the action links). */
  tooltip: string[];
  /** Short sentence for screen readers. */
  ariaLabel: string;
}

const MAX_REGION = 24;

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
  if (!config.enabled)
    return { ...base, visible: false, kind: 'hidden', icon: 'pulse', label: '', tooltip: [], ariaLabel: '' };
  if (workspace === null) {
    // Nothing to report on yet; shown again as soon as a workspace is known.
    return { ...base, visible: false, kind: 'hidden', icon: 'pulse', label: '', tooltip: [], ariaLabel: '' };
  }
  const who = l10n.t('Workspace: {0}', workspace);
  if (state.phase === 'cli-missing') {
    const why = state.problem ?? l10n.t('Coder CLI not found.');
    return {
      ...base,
      visible: true,
      kind: 'cli-missing',
      severity: 'warning',
      icon: 'warning',
      label: l10n.t('Coder CLI missing'),
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
      icon: 'account',
      label: l10n.t('Sign in to Coder'),
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
      icon: 'pulse',
      label: '? ms',
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
      icon: 'debug-disconnect',
      label: l10n.t('offline'),
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
        icon: 'sync~spin',
        label: l10n.t('connecting'),
        tooltip: [who, l10n.t('Measuring latency…')],
        ariaLabel: l10n.t('Connecting to {0}', workspace),
      };
    }
    return {
      ...base,
      visible: true,
      kind: 'unknown',
      icon: 'pulse',
      label: '– ms',
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
      icon: 'pulse',
      label: `${stale ? '~' : ''}Coder Connect`,
      tooltip,
      ariaLabel: l10n.t('Workspace {0} connected through Coder Connect', workspace),
    };
  }
  const kind: StatusKind = state.level;
  const severity: Severity = kind === 'error' ? 'error' : kind === 'warn' ? 'warning' : 'none';
  const latency = formatLatency(last.latencyMs);
  const path = pathText(last);
  const label = `${stale ? '~' : ''}${latency} · ${path}`;
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
  return { visible: true, kind, icon: 'pulse', label, severity, stale, tooltip, ariaLabel };
}
