// What the speed test panel shows, computed from the engine's events. Pure (no DOM), so the
// panel's arithmetic is unit-tested; the DOM code only copies these figures onto the page.
import type {
  Direction,
  DirectionResult,
  PathChange,
  SpeedInterval,
  SpeedtestEvent,
  SpeedtestPhase,
  SpeedtestReport,
  TunnelResult,
} from '../../diag/speedtest/types';
import { l10n } from '../../diag/l10n';
import { withPath } from '../../diag/present/speedtest-path';
import { formatMbits } from '../../diag/present/speedtest-rows';
import { directionsOf } from '../../shared/speedtest-protocol';
import type { RunSettings } from '../../shared/speedtest-protocol';

export interface ChartPoint {
  x: number;
  y: number;
}

/** Live points kept per direction; far more than 4 per second over the longest run. */
export const MAX_POINTS = 2000;

export interface LiveView {
  running: boolean;
  settings: RunSettings;
  phase: SpeedtestPhase | null;
  /** One plain sentence for the status line (announced to screen readers). */
  status: string;
  transport: 'coder' | 'ssh' | null;
  remoteOs: string | null;
  points: Record<Direction, ChartPoint[]>;
  bytes: Record<Direction, number>;
  latestMbits: Record<Direction, number | null>;
  intervals: Record<Direction, SpeedInterval[]>;
  idleLatencyMs: number | null;
  loadedLatencyMs: number | null;
  results: DirectionResult[];
  tunnel: TunnelResult[];
  warnings: string[];
  /** The connection's path as seen so far (Coder workspaces), oldest first. */
  path: PathChange[];
  report: SpeedtestReport | null;
  previous: SpeedtestReport | null;
}

const perDirection = <T>(make: () => T): Record<Direction, T> => ({ download: make(), upload: make() });

/** The panel's name for a direction, in the user's language. */
export function directionLabel(direction: Direction): string {
  return direction === 'download' ? l10n.t('Download') : l10n.t('Upload');
}

export function emptyView(settings: RunSettings, previous: SpeedtestReport | null, running = false): LiveView {
  return {
    running,
    settings,
    phase: null,
    status: running ? l10n.t('Starting…') : l10n.t('Ready. Choose a direction and duration, then start.'),
    transport: null,
    remoteOs: null,
    points: perDirection(() => []),
    bytes: perDirection(() => 0),
    latestMbits: perDirection(() => null),
    intervals: perDirection(() => []),
    idleLatencyMs: null,
    loadedLatencyMs: null,
    results: [],
    tunnel: [],
    warnings: [],
    path: [],
    report: null,
    previous,
  };
}

function finishedStatus(report: SpeedtestReport): string {
  const figures = report.results
    .map((r) => {
      const mbits = withPath(formatMbits(r.overall.throughput_mbits), report.path);
      const figure = r.direction === 'download' ? l10n.t('download {0}', mbits) : l10n.t('upload {0}', mbits);
      return r.partial ? l10n.t('{0} (partial)', figure) : figure;
    })
    .join(', ');
  if (report.cancelled) return figures ? l10n.t('Cancelled: {0}.', figures) : l10n.t('Cancelled.');
  if (report.error)
    return figures ? l10n.t('Failed: {0}. {1}', figures, report.error) : l10n.t('Failed. {0}', report.error);
  return figures ? l10n.t('Finished: {0}.', figures) : l10n.t('Finished.');
}

/** Applies one engine event to the view, in place. */
export function applyEvent(view: LiveView, event: SpeedtestEvent): void {
  switch (event.type) {
    case 'phase':
      view.phase = event.phase;
      view.status = event.message;
      break;
    case 'connected':
      view.transport = event.transport;
      view.remoteOs = event.remoteOs;
      break;
    case 'sample': {
      const points = view.points[event.direction];
      if (points.length < MAX_POINTS) points.push({ x: event.tSeconds, y: event.mbits });
      view.bytes[event.direction] = event.bytesTotal;
      view.latestMbits[event.direction] = event.mbits;
      break;
    }
    case 'interval':
      view.intervals[event.direction].push(event.interval);
      break;
    case 'latency':
      if (event.phase === 'idle') view.idleLatencyMs = event.ms;
      else view.loadedLatencyMs = event.ms;
      break;
    case 'direction-done':
      view.results = [...view.results.filter((r) => r.direction !== event.result.direction), event.result];
      view.bytes[event.result.direction] = event.result.bytes;
      break;
    case 'tunnel':
      view.tunnel = [...view.tunnel.filter((t) => t.direction !== event.result.direction), event.result];
      break;
    case 'path':
      if (view.path.length < 100) view.path.push(event.change);
      break;
    case 'warning':
      if (view.warnings.length < 50) view.warnings.push(event.message);
      break;
    case 'done':
      setReport(view, event.report);
      break;
  }
}

function setReport(view: LiveView, report: SpeedtestReport): void {
  view.report = report;
  view.running = false;
  view.phase = null;
  view.results = report.results;
  view.tunnel = report.tunnel;
  view.transport = report.transport;
  view.remoteOs = report.remoteOs;
  view.path = report.path?.changes ?? [];
  view.idleLatencyMs = report.latency.idleMs;
  view.loadedLatencyMs = report.latency.loadedMs;
  for (const r of report.results) {
    view.intervals[r.direction] = r.intervals;
    view.bytes[r.direction] = r.bytes;
    // Restored from history there are no live samples: draw the intervals instead.
    if (view.points[r.direction].length === 0) {
      view.points[r.direction] = r.intervals
        .slice(0, MAX_POINTS)
        .map((i) => ({ x: i.end_time_seconds, y: i.throughput_mbits }));
    }
  }
  view.status = finishedStatus(report);
}

/** A finished view built from a stored report (after a reload, or from history). */
export function viewFromReport(
  settings: RunSettings,
  report: SpeedtestReport,
  previous: SpeedtestReport | null,
): LiveView {
  const view = emptyView(settings, previous);
  setReport(view, report);
  return view;
}

/** Share of the run done, 0..1: each transfer (and each CLI tunnel run) is one equal step. */
export function progress(view: LiveView): number {
  if (view.report) return 1;
  const directions = directionsOf(view.settings.direction);
  const steps = directions.length * (view.settings.compareCli ? 2 : 1);
  let done = view.results.filter((r) => directions.includes(r.direction)).length + view.tunnel.length;
  if ((view.phase === 'download' || view.phase === 'upload') && !view.results.some((r) => r.direction === view.phase)) {
    const points = view.points[view.phase];
    const t = points.length > 0 ? points[points.length - 1].x : 0;
    done += Math.min(1, Math.max(0, t / view.settings.durationSeconds));
  }
  return Math.min(1, done / steps);
}

/** Axis end: the chosen duration, or further when a run (e.g. restored) went past it. */
export function chartMaxX(view: LiveView): number {
  let max = view.settings.durationSeconds;
  for (const d of ['download', 'upload'] as const) {
    const pts = view.points[d];
    if (pts.length > 0) max = Math.max(max, pts[pts.length - 1].x);
  }
  return Math.ceil(max);
}
