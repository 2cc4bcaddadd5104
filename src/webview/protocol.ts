// Messages between the extension host and the connection panel, both directions typed and
// validated: nothing from the other side is trusted before it passes these checks.
import type { DiagEvent } from '../diag/events';
import type { Report } from '../diag/model';
import { isRec, parseDiagEvent, parseReport } from './report-shape';

export interface Thresholds {
  warnMs: number;
  errorMs: number;
}

/** Host -> panel. */
export type HostMessage =
  /** Everything the panel needs to draw itself from scratch (first load, reveal, reload). */
  | { type: 'snapshot'; report: Report | null; running: boolean; workspace: string | null; thresholds: Thresholds }
  /** Engine events of the current run, in order, batched. */
  | { type: 'events'; events: DiagEvent[] }
  | { type: 'run-state'; running: boolean; workspace: string | null }
  | { type: 'notice'; text: string };

/** Panel -> host. */
export type PanelMessage =
  | { type: 'ready' }
  | { type: 'run-again' }
  | { type: 'cancel' }
  | { type: 'copy-report' }
  | { type: 'save-report' }
  | { type: 'open-speed-test' };

const PANEL_TYPES: readonly PanelMessage['type'][] = [
  'ready',
  'run-again',
  'cancel',
  'copy-report',
  'save-report',
  'open-speed-test',
];
export const MAX_EVENTS_PER_MESSAGE = 2000;

export function parsePanelMessage(v: unknown): PanelMessage | null {
  if (!isRec(v) || typeof v.type !== 'string') return null;
  const type = v.type as PanelMessage['type'];
  if (!PANEL_TYPES.includes(type) || Object.keys(v).length !== 1) return null;
  return { type } as PanelMessage;
}

const isThresholds = (v: unknown): v is Thresholds =>
  isRec(v) &&
  typeof v.warnMs === 'number' &&
  typeof v.errorMs === 'number' &&
  Number.isFinite(v.warnMs) &&
  Number.isFinite(v.errorMs);
const isWorkspace = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length <= 512);

export function parseHostMessage(v: unknown): HostMessage | null {
  if (!isRec(v)) return null;
  switch (v.type) {
    case 'snapshot': {
      const report = v.report === null ? null : parseReport(v.report);
      if (
        (v.report !== null && report === null) ||
        typeof v.running !== 'boolean' ||
        !isWorkspace(v.workspace) ||
        !isThresholds(v.thresholds)
      )
        return null;
      return { type: 'snapshot', report, running: v.running, workspace: v.workspace, thresholds: v.thresholds };
    }
    case 'events': {
      if (!Array.isArray(v.events) || v.events.length > MAX_EVENTS_PER_MESSAGE) return null;
      const events: DiagEvent[] = [];
      for (const raw of v.events) {
        const event = parseDiagEvent(raw);
        // One bad event does not poison the batch; it is dropped.
        if (event) events.push(event);
      }
      return { type: 'events', events };
    }
    case 'run-state':
      return typeof v.running === 'boolean' && isWorkspace(v.workspace)
        ? { type: 'run-state', running: v.running, workspace: v.workspace }
        : null;
    case 'notice':
      return typeof v.text === 'string' && v.text.length <= 500 ? { type: 'notice', text: v.text } : null;
    default:
      return null;
  }
}

/** What the panel keeps with `setState` so a reload shows the last run. */
export interface PanelState {
  workspace: string | null;
  report: Report | null;
}

export function parsePanelState(v: unknown): PanelState | null {
  if (!isRec(v) || !isWorkspace(v.workspace)) return null;
  const report = v.report === null || v.report === undefined ? null : parseReport(v.report);
  if (v.report !== null && v.report !== undefined && report === null) return { workspace: v.workspace, report: null };
  return { workspace: v.workspace, report };
}

/** Keeps persisted state small: the newest samples only. */
export function trimForState(report: Report, maxSamples = 1200): Report {
  return report.samples.length <= maxSamples ? report : { ...report, samples: report.samples.slice(-maxSamples) };
}
