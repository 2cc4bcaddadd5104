// Messages between the extension host and the speed test panel, typed and validated both ways:
// nothing from the other side is used before it passes these checks. Pure: no DOM, no vscode.
import type { Direction, SpeedtestEvent, SpeedtestReport } from '../diag/speedtest/types';
import { MAX_EVENTS_PER_MESSAGE, MAX_NOTICE, MAX_TARGET, clipText, inBatches } from '../diag/wire/limits';
import { parseSpeedtestEvent, parseSpeedtestReport } from '../diag/wire/speedtest-report';
import { parseTranslations } from './panel-translations';
import type { Translations } from './panel-translations';
import { isObject } from '../diag/wire/validate';

export type DirectionChoice = 'download' | 'upload' | 'both';

export interface RunSettings {
  direction: DirectionChoice;
  durationSeconds: number;
  /** Also run `coder speedtest` for the CLI's own tunnel figure (Coder workspaces only). */
  compareCli: boolean;
  /** Wait for a direct (p2p) connection before measuring, like `coder speedtest -d` (Coder workspaces only). */
  waitForDirect: boolean;
}

/** What the panel shows about the target; `kind` decides whether the CLI comparison is offered. */
export interface TargetInfo {
  label: string;
  kind: 'coder' | 'ssh';
}

export const DEFAULT_SETTINGS: RunSettings = {
  direction: 'both',
  durationSeconds: 5,
  compareCli: false,
  waitForDirect: false,
};
export const DURATION_CHOICES: readonly number[] = [3, 5, 10, 15, 30];
const MIN_DURATION = 1;
const MAX_DURATION = 60;

export function directionsOf(choice: DirectionChoice): Direction[] {
  return choice === 'both' ? ['download', 'upload'] : [choice];
}

/** Host -> panel. */
export type HostMessage =
  /** Everything needed to draw the panel from scratch (first load, shown again, reload), its translations included. */
  | {
      type: 'snapshot';
      target: TargetInfo | null;
      settings: RunSettings;
      running: boolean;
      /** Events of the current or last run, in order, so the live chart can be replayed. */
      events: SpeedtestEvent[];
      /** The last finished report when there are no events to replay (restored from history). */
      report: SpeedtestReport | null;
      /** The run before it, for comparison. */
      previous: SpeedtestReport | null;
      /** Translations of the texts the panel makes, its own and the engine's (none: English). */
      translations?: Translations;
    }
  | { type: 'started'; settings: RunSettings; previous: SpeedtestReport | null }
  | { type: 'events'; events: SpeedtestEvent[] }
  | { type: 'run-state'; running: boolean }
  | { type: 'notice'; level: 'info' | 'error'; text: string };

type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;

/**
 * A snapshot with its replay split to the batch limit: the snapshot carries the first batch and
 * `events` messages the rest, in order, so a long run's chart is replayed whole.
 */
export function snapshotMessages(snapshot: Omit<Snapshot, 'events'>, events: readonly SpeedtestEvent[]): HostMessage[] {
  const [first = [], ...rest] = inBatches(events);
  return [{ ...snapshot, events: first }, ...rest.map((batch): HostMessage => ({ type: 'events', events: batch }))];
}

/** Panel -> host. */
export type PanelMessage =
  | { type: 'ready' }
  | { type: 'start'; settings: RunSettings }
  | { type: 'cancel' }
  | { type: 'copy-markdown' }
  | { type: 'save-json' }
  | { type: 'change-target' };

const SIMPLE_PANEL_TYPES = ['ready', 'cancel', 'copy-markdown', 'save-json', 'change-target'] as const;

export function parseRunSettings(v: unknown): RunSettings | null {
  if (!isObject(v)) return null;
  const { direction, durationSeconds, compareCli, waitForDirect = false } = v;
  if (direction !== 'download' && direction !== 'upload' && direction !== 'both') return null;
  if (typeof durationSeconds !== 'number' || !Number.isInteger(durationSeconds)) return null;
  if (durationSeconds < MIN_DURATION || durationSeconds > MAX_DURATION) return null;
  // Settings saved before the direct wait existed have no waitForDirect: it defaults to off.
  if (typeof compareCli !== 'boolean' || typeof waitForDirect !== 'boolean') return null;
  return { direction, durationSeconds, compareCli, waitForDirect };
}

export function parsePanelMessage(v: unknown): PanelMessage | null {
  if (!isObject(v) || typeof v.type !== 'string') return null;
  if (v.type === 'start') {
    const settings = parseRunSettings(v.settings);
    return settings && Object.keys(v).length === 2 ? { type: 'start', settings } : null;
  }
  const simple = SIMPLE_PANEL_TYPES.find((t) => t === v.type);
  return simple && Object.keys(v).length === 1 ? { type: simple } : null;
}

export function parseTargetInfo(v: unknown): TargetInfo | null {
  if (!isObject(v) || typeof v.label !== 'string' || (v.kind !== 'coder' && v.kind !== 'ssh')) return null;
  return { label: clipText(v.label, MAX_TARGET), kind: v.kind };
}

/**
 * Parses a list of events; a malformed one is dropped rather than poisoning the batch. The host
 * never sends more than the limit; should it, the first ones are still shown.
 */
function parseEvents(v: unknown): SpeedtestEvent[] | null {
  if (!Array.isArray(v)) return null;
  const out: SpeedtestEvent[] = [];
  for (const raw of v.slice(0, MAX_EVENTS_PER_MESSAGE)) {
    const event = parseSpeedtestEvent(raw);
    if (event) out.push(event);
  }
  return out;
}

export function parseHostMessage(v: unknown): HostMessage | null {
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'snapshot': {
      const target = v.target === null ? null : parseTargetInfo(v.target);
      const settings = parseRunSettings(v.settings);
      const events = parseEvents(v.events);
      if ((v.target !== null && !target) || !settings || !events || typeof v.running !== 'boolean') return null;
      // An unreadable report costs that report (the panel shows none), not the snapshot.
      return {
        type: 'snapshot',
        target,
        settings,
        running: v.running,
        events,
        report: parseSpeedtestReport(v.report),
        previous: parseSpeedtestReport(v.previous),
        // Without translations the panel's texts stay English.
        ...(v.translations === undefined ? {} : { translations: parseTranslations(v.translations) }),
      };
    }
    case 'started': {
      const settings = parseRunSettings(v.settings);
      return settings ? { type: 'started', settings, previous: parseSpeedtestReport(v.previous) } : null;
    }
    case 'events': {
      const events = parseEvents(v.events);
      return events ? { type: 'events', events } : null;
    }
    case 'run-state':
      return typeof v.running === 'boolean' ? { type: 'run-state', running: v.running } : null;
    case 'notice':
      return (v.level === 'info' || v.level === 'error') && typeof v.text === 'string'
        ? { type: 'notice', level: v.level, text: clipText(v.text, MAX_NOTICE) }
        : null;
    default:
      return null;
  }
}

/** What the panel keeps with `setState`, so a window reload shows the last result again. */
export interface PanelState {
  target: TargetInfo | null;
  settings: RunSettings;
  report: SpeedtestReport | null;
  previous: SpeedtestReport | null;
}

/** Restored state is untrusted too: whatever part is malformed falls back to a default. */
export function parsePanelState(v: unknown): PanelState {
  if (!isObject(v)) return { target: null, settings: DEFAULT_SETTINGS, report: null, previous: null };
  return {
    target: parseTargetInfo(v.target),
    settings: parseRunSettings(v.settings) ?? DEFAULT_SETTINGS,
    report: parseSpeedtestReport(v.report),
    previous: parseSpeedtestReport(v.previous),
  };
}
