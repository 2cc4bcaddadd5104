// Speed test figures as display rows, shared by the panel and the Markdown presenter so both
// print the same numbers: the CLI's INTERVAL / TRANSFER / BANDWIDTH table, and the comparison
// with an earlier run. Pure.
import { l10n } from '../l10n';
import type { Direction, DirectionResult, SpeedInterval, SpeedtestReport } from '../speedtest/types';
import { summarizePath } from './speedtest-path';

interface IntervalRow {
  interval: string;
  transfer: string;
  bandwidth: string;
}

export function directionLabel(direction: Direction): string {
  return direction === 'download' ? l10n.t('Download') : l10n.t('Upload');
}

export function formatMbits(mbits: number | null | undefined): string {
  return mbits === null || mbits === undefined ? '–' : `${mbits.toFixed(2)} Mbit/s`;
}

export function formatMs(ms: number | null): string {
  return ms === null ? '–' : `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** One row like the CLI prints it: `0.00-1.00 sec  630.78 Mbit  630.74 Mbit/s`. */
export function intervalRow(i: SpeedInterval): IntervalRow {
  const seconds = i.end_time_seconds - i.start_time_seconds;
  return {
    interval: `${i.start_time_seconds.toFixed(2)}-${i.end_time_seconds.toFixed(2)} sec`,
    transfer: `${(i.throughput_mbits * seconds).toFixed(2)} Mbit`,
    bandwidth: formatMbits(i.throughput_mbits),
  };
}

export function intervalRows(result: DirectionResult): { rows: IntervalRow[]; overall: IntervalRow } {
  return { rows: result.intervals.map(intervalRow), overall: intervalRow(result.overall) };
}

interface ComparisonRow {
  label: string;
  now: string;
  before: string;
  /** e.g. "+12%" or "−3.2 ms"; empty when either side is missing. */
  change: string;
}

function percentChange(now: number, before: number): string {
  if (before <= 0) return '';
  const pct = ((now - before) / before) * 100;
  const rounded = Math.round(pct);
  return rounded === 0 ? '±0%' : `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

function msChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return '';
  const d = now - before;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} ms`;
}

const resultOf = (report: SpeedtestReport, d: Direction): DirectionResult | undefined =>
  report.results.find((r) => r.direction === d);

/** Rows comparing a run with an earlier one: bandwidth per direction that either measured, then latency. */
export function compareRows(now: SpeedtestReport, before: SpeedtestReport): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const d of ['download', 'upload'] as const) {
    const a = resultOf(now, d);
    const b = resultOf(before, d);
    if (!a && !b) continue;
    const change = a && b ? percentChange(a.overall.throughput_mbits, b.overall.throughput_mbits) : '';
    rows.push({
      label: directionLabel(d),
      now: formatMbits(a?.overall.throughput_mbits),
      before: formatMbits(b?.overall.throughput_mbits),
      change,
    });
  }
  // The path explains most differences between runs (a relay then, p2p now): shown when either knows it.
  const pathNow = summarizePath(now.path);
  const pathBefore = summarizePath(before.path);
  if (pathNow || pathBefore)
    rows.push({ label: l10n.t('Path'), now: pathNow?.label ?? '–', before: pathBefore?.label ?? '–', change: '' });
  rows.push({
    label: l10n.t('Idle latency'),
    now: formatMs(now.latency.idleMs),
    before: formatMs(before.latency.idleMs),
    change: msChange(now.latency.idleMs, before.latency.idleMs),
  });
  rows.push({
    label: l10n.t('Loaded latency'),
    now: formatMs(now.latency.loadedMs),
    before: formatMs(before.latency.loadedMs),
    change: msChange(now.latency.loadedMs, before.latency.loadedMs),
  });
  return rows;
}

/** The latency-under-load sentence: idle, loaded and the increase. */
export function latencySummary(report: SpeedtestReport): string {
  const { idleMs, loadedMs, increaseMs } = report.latency;
  if (idleMs === null && loadedMs === null) return l10n.t('No round trips were measured.');
  if (increaseMs === null) return l10n.t('Idle {0}, loaded {1}', formatMs(idleMs), formatMs(loadedMs));
  const increase = `${increaseMs >= 0 ? '+' : '−'}${Math.abs(increaseMs).toFixed(1)} ms`;
  return l10n.t('Idle {0}, loaded {1}, {2} under load', formatMs(idleMs), formatMs(loadedMs), increase);
}

/** A rate in the unit a person reads at a glance: "2.3 Gbit/s", "48.0 Mbit/s". */
export function formatRate(mbits: number): string {
  return mbits >= 1000 ? `${(mbits / 1000).toFixed(1)} Gbit/s` : `${mbits.toFixed(1)} Mbit/s`;
}

/** Said when the figure is a lower bound: "at least 2.3 Gbit/s: this machine's CPU was the limit". */
export function cpuLimitNote(r: DirectionResult): string | null {
  if (r.cpuLimited !== true) return null;
  return l10n.t("at least {0}: this machine's CPU was the limit", formatRate(r.overall.throughput_mbits));
}

/** "4 streams, summed" for a parallel run; null for one stream (and reports of older versions). */
export function streamsNote(r: DirectionResult): string | null {
  const n = r.streams ?? 1;
  return n > 1 ? l10n.t('{0} streams, summed', n) : null;
}

/** The notes that qualify a direction's figure, in reading order. */
export function resultNotes(r: DirectionResult): string[] {
  return [streamsNote(r), cpuLimitNote(r)].filter((n): n is string => n !== null);
}
