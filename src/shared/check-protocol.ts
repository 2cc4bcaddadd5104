// Messages between the extension host and the check panel, both directions typed and
// validated: nothing from the other side is trusted before it passes these checks. Limits come
// from limits.ts; text over them is cut and bad items left out, never the whole message.
import type { DiagEvent } from '../diag/events';
import type { Report } from '../diag/model';
import { MAX_EVENTS_PER_MESSAGE, MAX_NOTICE, MAX_WORKSPACE, clipText } from '../diag/wire/limits';
import { parseTranslations } from './panel-translations';
import type { Translations } from './panel-translations';
import { boundReport, parseDiagEvent, parseReport } from '../diag/wire/check-report';
import { parseTimelineView } from '../diag/wire/timeline';
import type { TimelineView } from '../diag/wire/timeline';
import { isObject } from '../diag/wire/validate';

export interface Thresholds {
  warnMs: number;
  errorMs: number;
}

/** Host -> panel. */
export type HostMessage =
  /** Everything the panel needs to draw itself from scratch (first load, reveal, reload), its translations included. */
  | {
      type: 'snapshot';
      report: Report | null;
      running: boolean;
      workspace: string | null;
      thresholds: Thresholds;
      /** Translations of the texts the panel makes, its own and the engine's (none: English). */
      translations?: Translations;
    }
  /** Engine events of the current run, in order, batched. */
  | { type: 'events'; events: DiagEvent[] }
  | { type: 'run-state'; running: boolean; workspace: string | null }
  /** The session timeline of the panel's workspace, whole each time (it is bounded: see diag/wire/timeline.ts). */
  | { type: 'timeline'; timeline: TimelineView }
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

export function parsePanelMessage(v: unknown): PanelMessage | null {
  if (!isObject(v) || typeof v.type !== 'string') return null;
  const type = v.type as PanelMessage['type'];
  if (!PANEL_TYPES.includes(type) || Object.keys(v).length !== 1) return null;
  return { type } as PanelMessage;
}

const isThresholds = (v: unknown): v is Thresholds =>
  isObject(v) &&
  typeof v.warnMs === 'number' &&
  typeof v.errorMs === 'number' &&
  Number.isFinite(v.warnMs) &&
  Number.isFinite(v.errorMs);
/** The workspace named by a message, cut to the limit; undefined when it is not a name at all. */
const parseWorkspace = (v: unknown): string | null | undefined =>
  v === null ? null : typeof v === 'string' ? clipText(v, MAX_WORKSPACE) : undefined;

export function parseHostMessage(v: unknown): HostMessage | null {
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'snapshot': {
      const workspace = parseWorkspace(v.workspace);
      if (typeof v.running !== 'boolean' || workspace === undefined || !isThresholds(v.thresholds)) return null;
      // An unreadable report costs the report, not the snapshot: the panel still learns the rest.
      const report = v.report === null ? null : parseReport(v.report);
      return {
        type: 'snapshot',
        report,
        running: v.running,
        workspace,
        thresholds: v.thresholds,
        // Without translations the panel's texts stay English.
        ...(v.translations === undefined ? {} : { translations: parseTranslations(v.translations) }),
      };
    }
    case 'events': {
      if (!Array.isArray(v.events)) return null;
      const events: DiagEvent[] = [];
      // The host never sends more than the limit; should it, the first ones are still shown.
      for (const raw of v.events.slice(0, MAX_EVENTS_PER_MESSAGE)) {
        const event = parseDiagEvent(raw);
        // One bad event does not poison the batch; it is dropped.
        if (event) events.push(event);
      }
      return { type: 'events', events };
    }
    case 'run-state': {
      const workspace = parseWorkspace(v.workspace);
      return typeof v.running === 'boolean' && workspace !== undefined
        ? { type: 'run-state', running: v.running, workspace }
        : null;
    }
    case 'timeline': {
      // The shape's own checks cut lists and text; only a message that is no timeline at all is refused.
      const timeline = parseTimelineView(v.timeline);
      return timeline ? { type: 'timeline', timeline } : null;
    }
    case 'notice':
      return typeof v.text === 'string' ? { type: 'notice', text: clipText(v.text, MAX_NOTICE) } : null;
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
  const workspace = isObject(v) ? parseWorkspace(v.workspace) : undefined;
  if (!isObject(v) || workspace === undefined) return null;
  const report = v.report === null || v.report === undefined ? null : parseReport(v.report);
  return { workspace, report };
}

/** Keeps persisted state small (the newest samples only) and within every limit, so a reload revives it. */
export function trimForState(report: Report, maxSamples = 1200): Report {
  const bounded = boundReport(report);
  return bounded.samples.length <= maxSamples ? bounded : { ...bounded, samples: bounded.samples.slice(-maxSamples) };
}
