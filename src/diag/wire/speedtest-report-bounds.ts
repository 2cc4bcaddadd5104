// Cuts speed test events and reports to the limits the speed test panel validates (limits.ts).
// The engine applies it to every event and to its report, so text from the CLI, the SSH server or
// the network (an error, a region name) arrives cut with a marker instead of getting a whole
// message refused. Pure: no DOM, no vscode.
import type {
  DirectionResult,
  PathChange,
  SpeedtestEvent,
  SpeedtestPath,
  SpeedtestReport,
  TunnelResult,
} from '../speedtest/types';
import {
  MAX_DIRECTIONS,
  MAX_INTERVALS,
  MAX_PATH_CHANGES,
  MAX_REGION_NAME,
  MAX_TARGET,
  MAX_TIMESTAMP,
  clipText,
} from './limits';
import { clipFields } from './check-report-bounds';

function boundChange(change: PathChange): PathChange {
  return change.derpRegion === null ? change : { ...change, derpRegion: clipText(change.derpRegion, MAX_REGION_NAME) };
}

function boundResult(result: DirectionResult): DirectionResult {
  return { ...clipFields(result), intervals: result.intervals.slice(0, MAX_INTERVALS) };
}

function boundTunnel(result: TunnelResult): TunnelResult {
  const out = clipFields(result);
  if (result.intervals) out.intervals = result.intervals.slice(0, MAX_INTERVALS);
  return out;
}

function boundPath(path: SpeedtestPath): SpeedtestPath {
  return { ...clipFields(path), changes: path.changes.slice(0, MAX_PATH_CHANGES).map(boundChange) };
}

export function boundSpeedtestReport(report: SpeedtestReport): SpeedtestReport {
  const out: SpeedtestReport = {
    ...clipFields(report),
    target: clipText(report.target, MAX_TARGET),
    startedAt: clipText(report.startedAt, MAX_TIMESTAMP),
    finishedAt: clipText(report.finishedAt, MAX_TIMESTAMP),
    results: report.results.slice(0, MAX_DIRECTIONS).map(boundResult),
    tunnel: report.tunnel.slice(0, MAX_DIRECTIONS).map(boundTunnel),
  };
  if (report.path) out.path = boundPath(report.path);
  return out;
}

export function boundSpeedtestEvent(event: SpeedtestEvent): SpeedtestEvent {
  switch (event.type) {
    case 'direction-done':
      return { ...event, result: boundResult(event.result) };
    case 'tunnel':
      return { ...event, result: boundTunnel(event.result) };
    case 'path':
      return { ...event, change: boundChange(event.change) };
    case 'done':
      return { ...event, report: boundSpeedtestReport(event.report) };
    default:
      return clipFields(event);
  }
}
