// Keeps the last speed test results per target (workspace or ssh:// address), newest last.
// Pure: the caller loads and saves the returned value (the extension keeps it in globalState).
// Stored data is untrusted (older versions, hand edits), so reading validates every entry.
import type { SpeedtestReport } from './types';

export const MAX_RESULTS_PER_TARGET = 20;
/** Bounds the stored data when someone tests many hosts over time; the stalest targets go. */
export const MAX_TARGETS = 50;

export type SpeedtestHistory = Record<string, SpeedtestReport[]>;

type ReportCheck = (v: unknown) => SpeedtestReport | null;

/** Reads stored history, keeping only well-formed reports under their own target. */
export function readHistory(raw: unknown, parse: ReportCheck): SpeedtestHistory {
  const out: SpeedtestHistory = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [target, list] of Object.entries(raw as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const reports = list.map(parse).filter((r): r is SpeedtestReport => r !== null && r.target === target);
    if (reports.length > 0) out[target] = reports.slice(-MAX_RESULTS_PER_TARGET);
  }
  return out;
}

const lastFinished = (list: readonly SpeedtestReport[]): string => list[list.length - 1]?.finishedAt ?? '';

/** A new history with `report` appended to its target's list, trimmed to the limits. */
export function addToHistory(history: SpeedtestHistory, report: SpeedtestReport): SpeedtestHistory {
  const list = [...(history[report.target] ?? []), report].slice(-MAX_RESULTS_PER_TARGET);
  const next: SpeedtestHistory = { ...history, [report.target]: list };
  const targets = Object.keys(next);
  if (targets.length > MAX_TARGETS) {
    // ISO timestamps sort as text; the target just written is the newest and always stays.
    const stalest = targets
      .filter((t) => t !== report.target)
      .sort((a, b) => lastFinished(next[a]).localeCompare(lastFinished(next[b])))
      .slice(0, targets.length - MAX_TARGETS);
    for (const t of stalest) delete next[t];
  }
  return next;
}

export function resultsFor(history: SpeedtestHistory, target: string): SpeedtestReport[] {
  return Object.prototype.hasOwnProperty.call(history, target) ? history[target] : [];
}

/**
 * Whether a report is worth comparing against later: it measured something and was not cut short
 * by the user. A run that failed before moving any bytes is kept out, so "previous" is a real figure.
 */
export function isComparable(report: SpeedtestReport): boolean {
  return !report.cancelled && report.results.some((r) => r.bytes > 0);
}
