// Validates speed test reports and live events that cross a trust boundary: webview messages,
// restored webview state and history read back from globalState. Pure: no DOM, no vscode.
// Text longer than the shared limits (limits.ts) is cut and a malformed item of a list is left
// out, so one bad field never costs a whole report. Returns null for anything else malformed;
// nothing throws.
import type {
  Direction,
  DirectionResult,
  DirectWait,
  LatencySummary,
  PathChange,
  SpeedInterval,
  SpeedtestPath,
  SpeedtestEvent,
  SpeedtestPhase,
  SpeedtestReport,
  TunnelResult,
} from '../diag/throughput/types';

import {
  MAX_DIRECTIONS,
  MAX_INTERVALS,
  MAX_PATH_CHANGES,
  MAX_REGION_NAME,
  MAX_TARGET,
  MAX_TIMESTAMP,
  clipStrings,
  clipText,
} from './limits';
import { isNum, isNumOrNull, isObject, isOptText, isText, isTextOrNull, parsedItems, validItems } from './validate';

export const isDirection = (v: unknown): v is Direction => v === 'download' || v === 'upload';

const PHASES: readonly SpeedtestPhase[] = [
  'connecting',
  'probing',
  'waiting-direct',
  'idle-latency',
  'download',
  'upload',
  'cli-tunnel',
  'closing',
];
const isPhase = (v: unknown): v is SpeedtestPhase => PHASES.includes(v as SpeedtestPhase);
const isTransport = (v: unknown): v is 'coder' | 'ssh' => v === 'coder' || v === 'ssh';

export function isInterval(v: unknown): v is SpeedInterval {
  return (
    isObject(v) &&
    isNum(v.start_time_seconds) &&
    isNum(v.end_time_seconds) &&
    isNum(v.throughput_mbits) &&
    v.start_time_seconds >= 0 &&
    v.end_time_seconds >= v.start_time_seconds &&
    v.throughput_mbits >= 0
  );
}

/** A direction result or tunnel figure with its bad intervals left out; null when it has no list. */
function withIntervals<T extends Record<string, unknown>>(v: T): T | null {
  if (v.intervals === undefined) return v;
  const intervals = validItems(v.intervals, MAX_INTERVALS, isInterval);
  return intervals ? { ...v, intervals } : null;
}

function parseDirectionResult(v: unknown): DirectionResult | null {
  const ok =
    isObject(v) &&
    isDirection(v.direction) &&
    isInterval(v.overall) &&
    typeof v.partial === 'boolean' &&
    isNum(v.bytes) &&
    v.bytes >= 0 &&
    isNumOrNull(v.loadedLatencyMs) &&
    (v.streams === undefined || (Number.isInteger(v.streams) && isNum(v.streams) && v.streams >= 1)) &&
    (v.cpuLimited === undefined || typeof v.cpuLimited === 'boolean') &&
    isOptText(v.error);
  return ok ? (withIntervals(v) as DirectionResult | null) : null;
}

function isLatency(v: unknown): v is LatencySummary {
  return (
    isObject(v) &&
    isNumOrNull(v.idleMs) &&
    isNumOrNull(v.loadedMs) &&
    isNumOrNull(v.increaseMs) &&
    isNum(v.idleSamples) &&
    isNum(v.loadedSamples)
  );
}

function parseTunnel(v: unknown): TunnelResult | null {
  const ok =
    isObject(v) && isDirection(v.direction) && (v.overall === undefined || isInterval(v.overall)) && isOptText(v.error);
  return ok ? (withIntervals(v) as TunnelResult | null) : null;
}

/** A path change, its region name cut to the limit. */
export function parsePathChange(v: unknown): PathChange | null {
  if (!isObject(v) || !isNum(v.atSeconds) || v.atSeconds < 0 || !isNumOrNull(v.latencyMs)) return null;
  if (v.kind === 'derp')
    return typeof v.derpRegion === 'string'
      ? ({ ...v, derpRegion: clipText(v.derpRegion, MAX_REGION_NAME) } as unknown as PathChange)
      : null;
  return (v.kind === 'p2p' || v.kind === 'coder-connect') && v.derpRegion === null
    ? (v as unknown as PathChange)
    : null;
}

const isDirectWait = (v: unknown): v is DirectWait =>
  isObject(v) && isNum(v.timeoutSeconds) && isNum(v.waitedSeconds) && typeof v.formed === 'boolean';

function parsePath(v: unknown): SpeedtestPath | null {
  const ok =
    isObject(v) &&
    (v.source === 'network-info' || v.source === 'ping') &&
    isNumOrNull(v.measuredFromSeconds) &&
    isNumOrNull(v.measuredToSeconds) &&
    isTextOrNull(v.note) &&
    (v.directWait === null || isDirectWait(v.directWait));
  const changes = ok && Array.isArray(v.changes) ? v.changes.map(parsePathChange) : null;
  if (!ok || !changes) return null;
  return { ...v, changes: changes.filter((c) => c !== null).slice(0, MAX_PATH_CHANGES) } as unknown as SpeedtestPath;
}

export function parseSpeedtestReport(raw: unknown): SpeedtestReport | null {
  const v = clipStrings(raw);
  if (!isObject(v)) return null;
  const ok =
    typeof v.target === 'string' &&
    isTransport(v.transport) &&
    isText(v.startedAt, MAX_TIMESTAMP) &&
    isText(v.finishedAt, MAX_TIMESTAMP) &&
    isNum(v.durationSeconds) &&
    isTextOrNull(v.remoteOs) &&
    isLatency(v.latency) &&
    isTextOrNull(v.error) &&
    typeof v.cancelled === 'boolean';
  const results = parsedItems(v.results, MAX_DIRECTIONS, parseDirectionResult);
  const tunnel = parsedItems(v.tunnel, MAX_DIRECTIONS, parseTunnel);
  if (!ok || !results || !tunnel) return null;
  // Reports saved before paths were recorded have none, and an unreadable path shows as unknown: they still load.
  const path = v.path === undefined ? undefined : parsePath(v.path);
  const report = { ...v, target: clipText(v.target as string, MAX_TARGET), results, tunnel };
  return (path === undefined ? report : { ...report, path }) as unknown as SpeedtestReport;
}

export function parseSpeedtestEvent(raw: unknown): SpeedtestEvent | null {
  const v = clipStrings(raw);
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'phase':
      return isPhase(v.phase) && isText(v.message) ? { type: 'phase', phase: v.phase, message: v.message } : null;
    case 'connected':
      return isTransport(v.transport) && isTextOrNull(v.remoteOs)
        ? { type: 'connected', transport: v.transport, remoteOs: v.remoteOs }
        : null;
    case 'sample':
      return isDirection(v.direction) && isNum(v.tSeconds) && isNum(v.mbits) && v.mbits >= 0 && isNum(v.bytesTotal)
        ? { type: 'sample', direction: v.direction, tSeconds: v.tSeconds, mbits: v.mbits, bytesTotal: v.bytesTotal }
        : null;
    case 'interval':
      return isDirection(v.direction) && isInterval(v.interval)
        ? { type: 'interval', direction: v.direction, interval: v.interval }
        : null;
    case 'latency':
      if (
        (v.phase !== 'idle' && v.phase !== 'loaded') ||
        !isNum(v.ms) ||
        (v.direction !== undefined && !isDirection(v.direction))
      )
        return null;
      return v.direction === undefined
        ? { type: 'latency', phase: v.phase, ms: v.ms }
        : { type: 'latency', phase: v.phase, ms: v.ms, direction: v.direction };
    case 'direction-done': {
      const result = parseDirectionResult(v.result);
      return result ? { type: 'direction-done', result } : null;
    }
    case 'tunnel': {
      const result = parseTunnel(v.result);
      return result ? { type: 'tunnel', result } : null;
    }
    case 'path': {
      const change = parsePathChange(v.change);
      return change ? { type: 'path', change } : null;
    }
    case 'warning':
      return isText(v.message) ? { type: 'warning', message: v.message } : null;
    case 'done': {
      const report = parseSpeedtestReport(v.report);
      return report ? { type: 'done', report } : null;
    }
    default:
      return null;
  }
}
