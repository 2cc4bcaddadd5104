// The Workspaces view as plain data: what each tree row says (label, description, icon, colour,
// tooltip Markdown, which actions fit), and the status bar's live reading folded into the row of the
// workspace it watches. Pure (no vscode), so the view's wording and escaping are unit-tested; its words
// come through the `L10n` it is given, the copied row report's too.
import { escapeInvisible } from '../../diag/printable';
import type { FleetListing } from '../../diag/fleet/fleet-check';
import type { PingFigures } from '../../diag/fleet/ping-workspace';
import { isPingable, statusLabel, type FleetPath, type FleetRow } from '../../diag/fleet/row';
import { pathLabel } from '../../diag/present/fleet-text';
import { mdText } from '../../diag/present/markdown-text';
import type { LiveSample, StatusState } from '../../diag/status/state';
import { formatLatency } from '../../diag/status/status-view';
import type { L10n } from '../l10n';

export interface Thresholds {
  warnMs: number;
  errorMs: number;
}

/** Which actions a row offers: `when` clauses in package.json match these exactly. */
export const ROW_CONTEXT = {
  running: 'fleetRow.running',
  notRunning: 'fleetRow.notRunning',
  deployment: 'fleetDeployment',
  message: 'fleetMessage',
} as const;

export interface RowView {
  label: string;
  description: string;
  /** A codicon id. */
  icon: string;
  /** A theme colour id for the icon, or none. */
  color: string | undefined;
  /** Markdown; every outside name in it is escaped. */
  tooltip: string;
  /** What a screen reader says: the status always, even where the icon alone shows it. */
  ariaLabel: string;
  contextValue: string;
}

/** A workspace as a window or the status bar names it: `[owner/]name[.agent]`, and the deployment host if known. */
export interface WorkspaceRef {
  name: string;
  owner: string | null;
  host: string | null;
}

export function workspaceRef(target: string, host: string | null = null): WorkspaceRef {
  const slash = target.indexOf('/');
  const owner = slash >= 0 ? target.slice(0, slash) : null;
  const rest = slash >= 0 ? target.slice(slash + 1) : target;
  const dot = rest.indexOf('.');
  return { name: dot >= 0 ? rest.slice(0, dot) : rest, owner, host };
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/** Whether `row` is the workspace `ref` names (an owner or host it does not give matches any). */
export function isRowOf(row: Pick<FleetRow, 'deployment' | 'owner' | 'name'>, ref: WorkspaceRef): boolean {
  if (row.name !== ref.name) return false;
  if (ref.owner !== null && row.owner !== '' && row.owner !== ref.owner) return false;
  const host = hostOf(row.deployment);
  return ref.host === null || host === null || host === ref.host;
}

/** The status bar's latest reading, when it is fresh enough to stand for a check. */
export interface LiveReading {
  workspace: WorkspaceRef;
  sample: LiveSample;
}

export function figuresOf(sample: LiveSample): PingFigures {
  const path: FleetPath =
    sample.path === 'coder-connect'
      ? { kind: 'coder-connect', derpRegion: null, endpoint: null }
      : sample.path === 'p2p'
        ? { kind: 'p2p', derpRegion: null, endpoint: sample.endpoint }
        : { kind: 'derp', derpRegion: sample.region, endpoint: null };
  return { path, latencyMs: sample.latencyMs, checkedAt: new Date(sample.atMs).toISOString(), error: null };
}

/** A running row with the live reading of its workspace when that is newer than its own check. */
export function withLive(row: FleetRow, live: LiveReading | null): FleetRow {
  if (!live || !isPingable(row.status) || row.skipped === true || !isRowOf(row, live.workspace)) return row;
  const checked = row.checkedAt === null ? NaN : Date.parse(row.checkedAt);
  if (!Number.isNaN(checked) && checked > live.sample.atMs) return row;
  return { ...row, ...figuresOf(live.sample) };
}

/** "just now", "40 s ago", "3 min ago", "2 h ago", "3 days ago"; "" for no time. */
export function relativeTime(iso: string | null, nowMs: number, l10n: L10n): string {
  if (iso === null) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const s = Math.max(0, Math.round((nowMs - at) / 1000));
  if (s < 10) return l10n.t('just now');
  if (s < 60) return l10n.t('{0} s ago', s);
  if (s < 3600) return l10n.t('{0} min ago', Math.round(s / 60));
  if (s < 48 * 3600) return l10n.t('{0} h ago', Math.round(s / 3600));
  return l10n.t('{0} days ago', Math.round(s / 86400));
}

type Level = 'ok' | 'warn' | 'error';

function levelOf(ms: number, t: Thresholds): Level {
  return ms >= t.errorMs ? 'error' : ms >= t.warnMs ? 'warn' : 'ok';
}

const LEVEL_COLOR: Record<Level, string> = {
  ok: 'charts.green',
  warn: 'list.warningForeground',
  error: 'list.errorForeground',
};

function levelWords(level: Level, l10n: L10n): string {
  if (level === 'ok') return l10n.t('below the warning level');
  if (level === 'warn') return l10n.t('at or above the warning level');
  return l10n.t('at or above the error level');
}

/** The icon says the status; a measured workspace's colour says how its latency compares to the thresholds. */
function iconOf(row: FleetRow, checking: boolean, t: Thresholds): { icon: string; color: string | undefined } {
  if (checking) return { icon: 'sync~spin', color: undefined };
  switch (row.status) {
    case 'running':
      if (row.latencyMs !== null) return { icon: 'vm-running', color: LEVEL_COLOR[levelOf(row.latencyMs, t)] };
      if (row.path.kind === 'coder-connect') return { icon: 'vm-running', color: LEVEL_COLOR.ok };
      if (row.checkedAt !== null || row.error !== null) return { icon: 'warning', color: 'list.warningForeground' };
      return { icon: 'vm-outline', color: undefined };
    case 'stopped':
    case 'canceled':
      return { icon: 'debug-stop', color: 'disabledForeground' };
    case 'pending':
    case 'starting':
    case 'stopping':
    case 'canceling':
    case 'deleting':
      return { icon: 'clock', color: undefined };
    case 'failed':
      return { icon: 'error', color: 'list.errorForeground' };
    default:
      return { icon: 'question', color: undefined };
  }
}

/**
 * What the row says after its name: path, latency, when, or why there is no figure. A running
 * workspace's icon says it runs, so the narrow sidebar keeps room for the figures; any other status
 * is spelled out.
 */
function descriptionOf(row: FleetRow, checking: boolean, current: boolean, nowMs: number, l10n: L10n): string {
  const parts: string[] = current ? [l10n.t('this window')] : [];
  if (isPingable(row.status)) {
    if (row.path.kind !== 'unknown') parts.push(pathLabel({ ...row.path, endpoint: null }));
    if (row.latencyMs !== null) parts.push(formatLatency(row.latencyMs));
    else if (row.error !== null) parts.push(shortReason(row.error, l10n));
    const when = relativeTime(row.checkedAt, nowMs, l10n);
    if (checking) parts.push(l10n.t('checking…'));
    else if (when) parts.push(when);
    else if (row.error === null && row.path.kind === 'unknown') parts.push(l10n.t('not checked yet'));
  } else {
    parts.push(statusLabel(row.status), l10n.t('not pinged'));
  }
  return parts.join(' · ');
}

/** The first clause of a reason ("timed out", "CLI error", "no pong"; the engine's English), for the one-line description. */
function shortReason(error: string, l10n: L10n): string {
  const head = error.split(':')[0].trim();
  return head.length > 0 && head.length <= 24 ? head : l10n.t('no figure');
}

function tooltipOf(
  row: FleetRow,
  current: boolean,
  checking: boolean,
  t: Thresholds,
  nowMs: number,
  l10n: L10n,
): string {
  const name = `**${mdText(row.name)}**`;
  const lines = [current ? l10n.t('{0} — this window’s workspace', name) : name];
  if (row.owner) lines.push(l10n.t('Owner: {0}', mdText(row.owner)));
  lines.push(
    l10n.t('Deployment: {0}', row.deployment === null ? l10n.t('the Coder CLI’s own login') : mdText(row.deployment)),
  );
  lines.push(l10n.t('Status: {0}', mdText(statusLabel(row.status))));
  if (row.path.kind !== 'unknown') lines.push(l10n.t('Path: {0}', mdText(pathLabel(row.path))));
  if (row.latencyMs !== null) {
    const level = levelWords(levelOf(row.latencyMs, t), l10n);
    lines.push(l10n.t('Latency: {0} ({1}, {2}/{3} ms)', formatLatency(row.latencyMs), level, t.warnMs, t.errorMs));
  }
  if (row.checkedAt !== null) {
    const at = new Date(row.checkedAt);
    if (!Number.isNaN(at.getTime()))
      lines.push(l10n.t('Checked: {0} ({1})', at.toLocaleTimeString(), relativeTime(row.checkedAt, nowMs, l10n)));
  }
  if (checking) lines.push(l10n.t('Checking now…'));
  if (row.error !== null) lines.push(l10n.t('Why no figure: {0}', mdText(row.error)));
  return lines.join('  \n');
}

export function rowView(
  row: FleetRow,
  options: { checking: boolean; current: boolean; thresholds: Thresholds; nowMs: number; l10n: L10n },
): RowView {
  const { checking, current, thresholds, nowMs, l10n } = options;
  const description = descriptionOf(row, checking, current, nowMs, l10n);
  const name = escapeInvisible(row.name);
  return {
    label: name,
    description,
    ariaLabel: `${name}: ${isPingable(row.status) ? `${statusLabel(row.status)} · ` : ''}${description}`,
    ...iconOf(row, checking, thresholds),
    tooltip: tooltipOf(row, current, checking, thresholds, nowMs, l10n),
    contextValue: isPingable(row.status) ? ROW_CONTEXT.running : ROW_CONTEXT.notRunning,
  };
}

/** A deployment's group line: its host, how many workspaces, or why its list could not be read. */
export function deploymentView(listing: FleetListing, rows: readonly FleetRow[], l10n: L10n): RowView {
  const host = hostOf(listing.deployment);
  const label = listing.deployment === null ? l10n.t('Coder CLI login') : escapeInvisible(host ?? listing.deployment);
  const running = rows.filter((r) => isPingable(r.status)).length;
  const count = rows.length === 1 ? l10n.t('1 workspace') : l10n.t('{0} workspaces', rows.length);
  const description = listing.ok
    ? l10n.t('{0} · {1} running', count, running)
    : l10n.t('could not list its workspaces');
  const why = mdText(listing.error ?? l10n.t('unknown error'));
  const tooltip = [
    listing.deployment === null ? l10n.t('The Coder CLI’s own login') : mdText(listing.deployment),
    ...(listing.ok ? [] : [l10n.t('Could not list its workspaces: {0}', why)]),
  ].join('  \n');
  return {
    label,
    description,
    icon: listing.ok ? 'server-environment' : 'warning',
    color: listing.ok ? undefined : 'list.warningForeground',
    tooltip,
    ariaLabel: `${label}: ${description}`,
    contextValue: ROW_CONTEXT.deployment,
  };
}

/** The view's top line: the fleet summary, and what is going on or went wrong. */
export function viewMessage(
  summary: string,
  state: { checking: number; done: number; cancelled: boolean; failedLists: number },
  l10n: L10n,
): string {
  const parts = [summary];
  if (state.checking > 0) parts.push(l10n.t('checking {0}/{1}…', state.done, state.done + state.checking));
  if (state.cancelled) parts.push(l10n.t('refresh cancelled'));
  if (state.failedLists === 1) parts.push(l10n.t('1 deployment could not be listed'));
  else if (state.failedLists > 1) parts.push(l10n.t('{0} deployments could not be listed', state.failedLists));
  return parts.join(' · ');
}

/** "Copy report" of one row: what a teammate or an admin needs to see this workspace's connection. */
export function rowMarkdown(row: FleetRow, thresholds: Thresholds, l10n: L10n): string {
  const cell = (text: string): string => mdText(text);
  const latency =
    row.latencyMs === null
      ? '–'
      : l10n.t(
          '{0} ({1}, {2}/{3} ms)',
          formatLatency(row.latencyMs),
          levelWords(levelOf(row.latencyMs, thresholds), l10n),
          thresholds.warnMs,
          thresholds.errorMs,
        );
  // Labels are escaped like values: a translation with a `|` must not add a column.
  const line = (label: string, value: string): string => `| ${cell(label)} | ${value} |`;
  const lines = [
    `### ${l10n.t('Workspace connection: {0}', cell(row.owner ? `${row.owner}/${row.name}` : row.name))}`,
    '',
    '| | |',
    '| --- | --- |',
    line(
      l10n.t('Deployment'),
      row.deployment === null ? cell(l10n.t('the Coder CLI’s own login')) : cell(row.deployment),
    ),
    line(l10n.t('Status'), cell(statusLabel(row.status))),
    line(l10n.t('Path'), cell(pathLabel(row.path))),
    line(l10n.t('Latency'), latency),
    line(l10n.t('Checked'), row.checkedAt === null ? cell(l10n.t('not checked')) : cell(row.checkedAt)),
  ];
  if (row.error !== null) lines.push(line(l10n.t('Why no figure'), cell(row.error)));
  return lines.join('\n') + '\n';
}

/** The status bar's reading as a LiveReading, when it is live and not stale; null otherwise. */
export function liveReadingOf(state: StatusState, nowMs: number, host: string | null): LiveReading | null {
  if (state.phase !== 'live' || state.last === null || state.workspace === null) return null;
  if (nowMs - state.last.atMs > state.config.staleAfterMs) return null;
  return { workspace: workspaceRef(state.workspace, host), sample: state.last };
}
