// `wsdoctor monitor`'s output: one JSON document with the timeline and the diagnoses, or the same
// as text (summary line, events, diagnoses). Names and details come from the CLI: printed safely.
import { printable } from '../printable';
import { l10n } from '../l10n';
import type { MonitorResult } from '../timeline/monitor';
import { TIMELINE_PATHS } from '../wire/timeline-data';
import type { TimelineEvent, TimelinePath, TimelineSample } from '../wire/timeline-data';
import type { TimelineStore } from '../timeline/store';
import { TRIGGER_TEXT } from '../timeline/auto-diagnose';
import { diagnosisCause } from '../timeline/diagnosis';
import { summaryLine } from '../timeline/summary';

/** Raised when a field is renamed, removed or changes meaning; added fields keep the version. */
const MONITOR_SCHEMA_VERSION = 1;

type JsonSample = Pick<TimelineSample, 'atMs' | 'latencyMs' | 'path' | 'derpRegion'>;

/**
 * Every sample, oldest first: the last hour's as recorded, and before it one per minute (the
 * minute's average latency on the path it spent most of that minute on), so a day stays small.
 */
function monitorSamples(store: TimelineStore): JsonSample[] {
  const out: JsonSample[] = [];
  store.forEachBucket((b) => {
    let most = 0;
    for (let i = 1; i < 4; i++) if (b.paths[i] > b.paths[most]) most = i;
    const path: TimelinePath = TIMELINE_PATHS[most];
    const avg = b.avgMs === null ? null : Math.round(b.avgMs * 10) / 10;
    out.push({ atMs: b.atMs, latencyMs: avg, path, derpRegion: path === 'derp' ? b.derpRegion : null });
  });
  store.forEachSample(({ atMs, latencyMs, path, derpRegion }) => out.push({ atMs, latencyMs, path, derpRegion }));
  return out;
}

export function toMonitorJson(result: MonitorResult): Record<string, unknown> {
  return {
    schemaVersion: MONITOR_SCHEMA_VERSION,
    workspace: result.workspace,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    samples: monitorSamples(result.store),
    events: result.store.events(),
    diagnoses: result.diagnoses.map(({ atMs, trigger, issues }) => ({
      atMs,
      trigger,
      issues: issues.map(({ id, side, message, docs }) => ({ id, side, message, docs })),
    })),
  };
}

function clock(atMs: number, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(atMs);
}

function pathWord(path: string | undefined): string {
  switch (path) {
    case 'p2p':
      return l10n.t('direct (p2p)');
    case 'derp':
      return 'DERP';
    case 'coder-connect':
      return 'Coder Connect';
    case 'unknown':
      return l10n.t('unknown');
    default:
      return '?';
  }
}

/** One event as a line of text, e.g. "path changed: direct (p2p) → DERP". */
export function eventText(event: TimelineEvent): string {
  const detail = event.detail ? printable(event.detail) : null;
  switch (event.type) {
    case 'path-changed':
      return l10n.t('path changed: {0} → {1}', pathWord(event.from), pathWord(event.to));
    case 'region-changed':
      return l10n.t('DERP region changed: {0} → {1}', printable(event.from ?? '?'), printable(event.to ?? '?'));
    case 'offline':
      return detail === null ? l10n.t('offline') : l10n.t('offline: {0}', detail);
    case 'online':
      return l10n.t('back online');
    case 'stale':
      return detail === null ? l10n.t('readings stale') : l10n.t('readings stale: {0}', detail);
    case 'clock-gap':
      return detail === null ? l10n.t('clock gap') : l10n.t('clock gap: {0}', detail);
    case 'workspace-stopped':
      return detail === null ? l10n.t('workspace stopped') : l10n.t('workspace stopped: {0}', detail);
    case 'workspace-started':
      return l10n.t('workspace started');
    case 'diagnosed':
      return detail === null ? l10n.t('diagnosed') : l10n.t('diagnosed: {0}', detail);
  }
}

const SIDE_WORDS = { client: 'your machine', agent: 'the workspace', general: 'general' } as const;

export function monitorText(result: MonitorResult, nowMs: number, timeZone?: string): string {
  const lines: string[] = [];
  const name = printable(result.workspace);
  lines.push(
    `wsdoctor monitor ${name}: ${result.startedAt} to ${result.finishedAt}${result.interrupted ? ' (interrupted)' : ''}`,
  );
  lines.push(summaryLine(result.store, nowMs, timeZone) ?? 'No reading was recorded.');
  const events = result.store.events();
  lines.push('', events.length === 0 ? 'Events: none' : 'Events:');
  for (const e of events) lines.push(`  ${clock(e.atMs, timeZone)}  ${eventText(e)}`);
  lines.push('', result.diagnoses.length === 0 ? 'Diagnoses: none' : 'Diagnoses:');
  for (const d of result.diagnoses) {
    lines.push(`  ${clock(d.atMs, timeZone)}  after ${TRIGGER_TEXT[d.trigger]}: ${printable(diagnosisCause(d))}`);
    for (const issue of d.issues) {
      lines.push(`    - [${SIDE_WORDS[issue.side]}] ${printable(issue.message)}`);
      lines.push(`      ${printable(issue.docs)}`);
    }
  }
  return lines.join('\n') + '\n';
}
