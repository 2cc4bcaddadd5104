// Validates Reports and DiagEvents that cross the webview boundary (messages, restored state).
// Text longer than the shared limits (limits.ts) is cut, and a malformed item of a list is left out,
// so one bad field never costs a whole report. Returns null only for something that is not a
// report or event at all; no exceptions cross the boundary. Pure: no DOM, no vscode.
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

import { MAX_DATA_DEPTH, MAX_DETAIL_KEYS, MAX_LIST, MAX_TEXT, clipStrings } from './limits';

type Rec = Record<string, unknown>;

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
  return isRec(v) && Object.keys(v).length <= MAX_DETAIL_KEYS && Object.values(v).every((x) => isStr(x) || isNum(x));
}

function isCheck(v: unknown): v is Check {
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
  if (depth > MAX_DATA_DEPTH) return false;
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

/** The items of `v` that pass `item`, at most `max` (the first, or the newest for logs); null when `v` is no list. */
function keep<T>(v: unknown, max: number, item: (x: unknown) => x is T, newest = false): T[] | null {
  if (!Array.isArray(v)) return null;
  const valid = v.filter(item);
  return newest ? valid.slice(-max) : valid.slice(0, max);
}

function parseNetcheckSummary(v: unknown): NetcheckSummary | null {
  if (
    !isRec(v) ||
    !NETCHECK_FLAGS.every((k) => v[k] === null || typeof v[k] === 'boolean') ||
    !isStrOrNull(v.globalV4) ||
    !isStrOrNull(v.globalV6)
  )
    return null;
  const regionLatencies = keep(v.regionLatencies, MAX_LIST, isRegionLatency);
  const warnings = keep(v.warnings, MAX_LIST, isNetcheckWarning);
  const unreadable = keep(v.unreadable, MAX_LIST, isStr);
  if (!regionLatencies || !warnings || !unreadable) return null;
  const preferredRegion = isRegionRef(v.preferredRegion) ? v.preferredRegion : null;
  return { ...v, preferredRegion, regionLatencies, warnings, unreadable } as unknown as NetcheckSummary;
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

export function parseReport(raw: unknown): Report | null {
  const v = clipStrings(raw);
  if (!isRec(v)) return null;
  const ok =
    isStr(v.workspace) &&
    isStr(v.startedAt) &&
    isStrOrNull(v.finishedAt) &&
    isPath(v.path) &&
    isStats(v.pings) &&
    isNumOrNull(v.p2pEstablishedMs) &&
    isNumOrNull(v.upgradedAtMs);
  const samples = keep(v.samples, MAX_SAMPLES, isSample, true);
  const checks = keep(v.checks, MAX_LIST, isCheck);
  const issues = keep(v.issues, MAX_LIST, isIssue);
  const sources = keep(v.sources, MAX_LIST, isSourceOutcome);
  const probes = keep(v.probes, MAX_LIST, isProbe);
  const rawLines = keep(v.rawLines, MAX_RAW_LINES, isStr, true);
  if (!ok || !samples || !checks || !issues || !sources || !probes || !rawLines) return null;
  // An unreadable CLI or netcheck part shows as unknown; reports saved before netcheck was kept have none.
  const cli = isCli(v.cli) ? v.cli : null;
  const netcheck = parseNetcheckSummary(v.netcheck);
  return { ...v, cli, samples, checks, issues, sources, probes, netcheck, rawLines } as unknown as Report;
}

export function parseDiagEvent(raw: unknown): DiagEvent | null {
  const v = clipStrings(raw);
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
    case 'netcheck': {
      const netcheck = parseNetcheckSummary(v.netcheck);
      return netcheck ? { type: 'netcheck', netcheck } : null;
    }
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
