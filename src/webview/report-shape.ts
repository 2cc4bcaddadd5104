// Validates Reports and DiagEvents that cross the webview boundary (messages, restored state).
// Returns null for anything malformed; no exceptions cross the boundary. Pure: no DOM, no vscode.
import { CATALOGUE } from '../diag/catalogue';
import type { DiagEvent } from '../diag/events';
import { MAX_RAW_LINES, MAX_SAMPLES } from '../diag/model';
import type {
  Check,
  CliInfo,
  Issue,
  NetcheckRegionLatency,
  NetcheckSummary,
  NetcheckWarning,
  PathState,
  PingSample,
  PingStats,
  ProbeOutcome,
  Report,
  Side,
  SourceName,
  SourceOutcome,
} from '../diag/model';

type Rec = Record<string, unknown>;
const MAX_TEXT = 4000;
const MAX_LIST = 200;

export const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumOrNull = (v: unknown): v is number | null => v === null || isNum(v);
const isStrOrNull = (v: unknown): v is string | null => v === null || isStr(v);
const optStr = (v: unknown): boolean => v === undefined || isStr(v);
const optNum = (v: unknown): boolean => v === undefined || isNum(v);

const SIDES: readonly Side[] = ['general', 'client', 'agent'];
const SOURCES: readonly SourceName[] = ['ping', 'netcheck', 'local', 'version'];
const isSide = (v: unknown): v is Side => SIDES.includes(v as Side);
const isSource = (v: unknown): v is SourceName => SOURCES.includes(v as SourceName);
const isIssueId = (v: unknown): v is Issue['id'] =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, v);

function isDetail(v: unknown): v is Record<string, string | number> {
  return isRec(v) && Object.keys(v).length <= 50 && Object.values(v).every((x) => isStr(x) || isNum(x));
}

export function isCheck(v: unknown): v is Check {
  return (
    isRec(v) && isStr(v.id) && (v.status === 'ok' || v.status === 'warn' || v.status === 'fail') && isStr(v.message)
  );
}

function isCli(v: unknown): v is CliInfo {
  return (
    isRec(v) &&
    isStr(v.path) &&
    isStrOrNull(v.version) &&
    optStr(v.note) &&
    (v.deployment === undefined || isStrOrNull(v.deployment))
  );
}

/** A sample without its sequence number, as events carry it. */
function isSampleBody(v: unknown): v is Omit<PingSample, 'seq'> {
  return (
    isRec(v) &&
    (v.outcome === 'pong' || v.outcome === 'timeout' || v.outcome === 'failed') &&
    isNum(v.atMs) &&
    (v.path === undefined || v.path === 'p2p' || v.path === 'derp') &&
    optNum(v.latencyMs) &&
    optStr(v.derpRegion) &&
    optStr(v.endpoint) &&
    optStr(v.error)
  );
}

function isSample(v: unknown): v is PingSample {
  return isSampleBody(v) && isNum((v as Rec).seq);
}

function isIssue(v: unknown): v is Issue {
  return (
    isRec(v) &&
    isIssueId(v.id) &&
    isSide(v.side) &&
    isStr(v.message) &&
    isStr(v.docs) &&
    (v.detail === undefined || isDetail(v.detail)) &&
    Array.isArray(v.sources) &&
    v.sources.every(isSource) &&
    optStr(v.cliText)
  );
}

function isJsonish(v: unknown, depth = 0): boolean {
  if (depth > 6) return false;
  if (v === null || typeof v === 'boolean' || isNum(v) || isStr(v)) return true;
  if (Array.isArray(v)) return v.length <= MAX_LIST && v.every((x) => isJsonish(x, depth + 1));
  return isRec(v) && Object.keys(v).length <= MAX_LIST && Object.values(v).every((x) => isJsonish(x, depth + 1));
}

function isProbe(v: unknown): v is ProbeOutcome {
  return (
    isRec(v) &&
    isStr(v.name) &&
    typeof v.ran === 'boolean' &&
    optStr(v.reason) &&
    (v.data === undefined || isJsonish(v.data))
  );
}

const listOf = <T>(v: unknown, max: number, item: (x: unknown) => x is T): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every(item);

const NETCHECK_FLAGS = [
  'udp',
  'ipv4',
  'ipv4CanSend',
  'ipv6',
  'ipv6CanSend',
  'osHasIPv6',
  'mappingVariesByDestIP',
  'hairPinning',
  'upnp',
  'pmp',
  'pcp',
  'captivePortal',
] as const;

const isRegionRef = (r: unknown): r is { regionId: number; regionName: string } =>
  isRec(r) && isNum(r.regionId) && isStr(r.regionName);
const isRegionLatency = (r: unknown): r is NetcheckRegionLatency =>
  isRegionRef(r) && isNum((r as Rec).latencyMs) && typeof (r as Rec).preferred === 'boolean';
const isNetcheckWarning = (w: unknown): w is NetcheckWarning =>
  isRec(w) && isStr(w.where) && isStr(w.code) && isStr(w.message);

export function isNetcheckSummary(v: unknown): v is NetcheckSummary {
  return (
    isRec(v) &&
    NETCHECK_FLAGS.every((k) => v[k] === null || typeof v[k] === 'boolean') &&
    isStrOrNull(v.globalV4) &&
    isStrOrNull(v.globalV6) &&
    (v.preferredRegion === null || isRegionRef(v.preferredRegion)) &&
    listOf(v.regionLatencies, MAX_LIST, isRegionLatency) &&
    listOf(v.warnings, MAX_LIST, isNetcheckWarning) &&
    listOf(v.unreadable, MAX_LIST, isStr)
  );
}

function isSourceOutcome(v: unknown): v is SourceOutcome {
  return isRec(v) && isSource(v.source) && typeof v.ok === 'boolean' && optStr(v.error);
}

function isPath(v: unknown): v is PathState {
  return (
    isRec(v) &&
    (v.kind === 'p2p' || v.kind === 'derp' || v.kind === 'unknown') &&
    isStrOrNull(v.derpRegion) &&
    isStrOrNull(v.endpoint)
  );
}

function isStats(v: unknown): v is PingStats {
  return (
    isRec(v) &&
    ['sent', 'received', 'timedOut', 'failed', 'jitterPairs'].every((k) => isNum(v[k])) &&
    ['minMs', 'avgMs', 'maxMs', 'jitterMs'].every((k) => isNumOrNull(v[k]))
  );
}

export function parseReport(v: unknown): Report | null {
  if (!isRec(v)) return null;
  const ok =
    isStr(v.workspace) &&
    isStr(v.startedAt) &&
    isStrOrNull(v.finishedAt) &&
    (v.cli === null || isCli(v.cli)) &&
    isPath(v.path) &&
    isStats(v.pings) &&
    listOf(v.samples, MAX_SAMPLES, isSample) &&
    isNumOrNull(v.p2pEstablishedMs) &&
    isNumOrNull(v.upgradedAtMs) &&
    listOf(v.checks, MAX_LIST, isCheck) &&
    listOf(v.issues, MAX_LIST, isIssue) &&
    listOf(v.sources, MAX_LIST, isSourceOutcome) &&
    listOf(v.probes, MAX_LIST, isProbe) &&
    (v.netcheck === undefined || v.netcheck === null || isNetcheckSummary(v.netcheck)) &&
    listOf(v.rawLines, MAX_RAW_LINES, isStr);
  // Reports saved before netcheck was kept have no such field.
  return ok ? ({ ...v, netcheck: v.netcheck ?? null } as unknown as Report) : null;
}

export function parseDiagEvent(v: unknown): DiagEvent | null {
  if (!isRec(v)) return null;
  switch (v.type) {
    case 'started':
      return isStr(v.workspace) && isStr(v.at) ? { type: 'started', workspace: v.workspace, at: v.at } : null;
    case 'cli':
      return isCli(v.cli) ? { type: 'cli', cli: v.cli } : null;
    case 'ping':
      return isSampleBody(v.sample) ? { type: 'ping', sample: v.sample } : null;
    case 'p2p-established':
      return isNum(v.ms) && isNum(v.atMs) ? { type: 'p2p-established', ms: v.ms, atMs: v.atMs } : null;
    case 'check':
      return isCheck(v.check) ? { type: 'check', check: v.check } : null;
    case 'issue': {
      const f = v.finding;
      const okFinding =
        isRec(f) &&
        isIssueId(f.id) &&
        isSide(f.side) &&
        (f.detail === undefined || isDetail(f.detail)) &&
        optStr(f.docs) &&
        optStr(f.cliText);
      return okFinding && isSource(v.source)
        ? ({ type: 'issue', source: v.source, finding: f } as unknown as DiagEvent)
        : null;
    }
    case 'probe':
      return isProbe(v.outcome) ? { type: 'probe', outcome: v.outcome } : null;
    case 'netcheck':
      return isNetcheckSummary(v.netcheck) ? { type: 'netcheck', netcheck: v.netcheck } : null;
    case 'raw':
      return isSource(v.source) && isStr(v.line) ? { type: 'raw', source: v.source, line: v.line } : null;
    case 'source-done':
      if (!isSource(v.source) || typeof v.ok !== 'boolean' || !optStr(v.error)) return null;
      return v.error === undefined
        ? { type: 'source-done', source: v.source, ok: v.ok }
        : { type: 'source-done', source: v.source, ok: v.ok, error: v.error as string };
    case 'finished':
      return isStr(v.at) ? { type: 'finished', at: v.at } : null;
    default:
      return null;
  }
}
