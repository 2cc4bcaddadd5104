// Validates speed test reports and live events that cross a trust boundary: webview messages,
// restored webview state and history read back from globalState. Pure: no DOM, no vscode.
// Returns null for anything malformed; nothing throws.
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
} from '../../diag/throughput/types';

type Rec = Record<string, unknown>;

export const MAX_TEXT = 4000;
/** An hour of one-second intervals is far beyond any run the panel starts. */
export const MAX_INTERVALS = 3600;

export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const isTextOrNull = (v: unknown): v is string | null => v === null || isText(v);
const optText = (v: unknown): boolean => v === undefined || isText(v);

export const DIRECTIONS: readonly Direction[] = ['download', 'upload'];
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
    isRec(v) &&
    isNum(v.start_time_seconds) &&
    isNum(v.end_time_seconds) &&
    isNum(v.throughput_mbits) &&
    v.start_time_seconds >= 0 &&
    v.end_time_seconds >= v.start_time_seconds &&
    v.throughput_mbits >= 0
  );
}

const isIntervalList = (v: unknown): v is SpeedInterval[] =>
  Array.isArray(v) && v.length <= MAX_INTERVALS && v.every(isInterval);

function isDirectionResult(v: unknown): v is DirectionResult {
  return (
    isRec(v) &&
    isDirection(v.direction) &&
    isInterval(v.overall) &&
    isIntervalList(v.intervals) &&
    typeof v.partial === 'boolean' &&
    isNum(v.bytes) &&
    v.bytes >= 0 &&
    isNumOrNull(v.loadedLatencyMs) &&
    optText(v.error)
  );
}

function isLatency(v: unknown): v is LatencySummary {
  return (
    isRec(v) &&
    isNumOrNull(v.idleMs) &&
    isNumOrNull(v.loadedMs) &&
    isNumOrNull(v.increaseMs) &&
    isNum(v.idleSamples) &&
    isNum(v.loadedSamples)
  );
}

function isTunnel(v: unknown): v is TunnelResult {
  return (
    isRec(v) &&
    isDirection(v.direction) &&
    (v.overall === undefined || isInterval(v.overall)) &&
    (v.intervals === undefined || isIntervalList(v.intervals)) &&
    optText(v.error)
  );
}

/** As many as the engine keeps (MAX_PATH_CHANGES), with room to spare. */
const MAX_PATH_CHANGES = 100;

export function isPathChange(v: unknown): v is PathChange {
  if (!isRec(v) || !isNum(v.atSeconds) || v.atSeconds < 0 || !isNumOrNull(v.latencyMs)) return false;
  if (v.kind === 'derp') return isText(v.derpRegion, 256);
  return (v.kind === 'p2p' || v.kind === 'coder-connect') && v.derpRegion === null;
}

const isDirectWait = (v: unknown): v is DirectWait =>
  isRec(v) && isNum(v.timeoutSeconds) && isNum(v.waitedSeconds) && typeof v.formed === 'boolean';

function isPath(v: unknown): v is SpeedtestPath {
  return (
    isRec(v) &&
    (v.source === 'network-info' || v.source === 'ping') &&
    Array.isArray(v.changes) &&
    v.changes.length <= MAX_PATH_CHANGES &&
    v.changes.every(isPathChange) &&
    isNumOrNull(v.measuredFromSeconds) &&
    isNumOrNull(v.measuredToSeconds) &&
    isTextOrNull(v.note) &&
    (v.directWait === null || isDirectWait(v.directWait))
  );
}

const listOf = <T>(v: unknown, max: number, item: (x: unknown) => x is T): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every(item);

export function parseSpeedtestReport(v: unknown): SpeedtestReport | null {
  if (!isRec(v)) return null;
  const ok =
    isText(v.target, 1024) &&
    isTransport(v.transport) &&
    isText(v.startedAt, 64) &&
    isText(v.finishedAt, 64) &&
    isNum(v.durationSeconds) &&
    isTextOrNull(v.remoteOs) &&
    listOf(v.results, 4, isDirectionResult) &&
    isLatency(v.latency) &&
    listOf(v.tunnel, 4, isTunnel) &&
    // Reports saved before paths were recorded have none: they still load.
    (v.path === undefined || v.path === null || isPath(v.path)) &&
    isTextOrNull(v.error) &&
    typeof v.cancelled === 'boolean';
  return ok ? (v as unknown as SpeedtestReport) : null;
}

export function parseSpeedtestEvent(v: unknown): SpeedtestEvent | null {
  if (!isRec(v)) return null;
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
    case 'direction-done':
      return isDirectionResult(v.result) ? { type: 'direction-done', result: v.result } : null;
    case 'tunnel':
      return isTunnel(v.result) ? { type: 'tunnel', result: v.result } : null;
    case 'path':
      return isPathChange(v.change) ? { type: 'path', change: v.change } : null;
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
