// Validates Reports and DiagEvents that cross the webview boundary (messages, restored state).
// Text longer than the shared limits (limits.ts) is cut, and a malformed item of a list is left out,
// so one bad field never costs a whole report. Returns null only for something that is not a
// report or event at all; no exceptions cross the boundary. Pure: no DOM, no vscode.
import { CATALOGUE } from '../diag/catalogue';
import type { DiagEvent } from '../diag/events';
import type {
  Check,
  CliInfo,
  Issue,
  PathState,
  PingSample,
  PingStats,
  ProbeOutcome,
  Report,
  Side,
  SourceName,
  SourceOutcome,
} from '../diag/model';

import { parseNetcheckSummary } from './connection-netcheck-shape';
import {
  MAX_DATA_DEPTH,
  MAX_DETAIL_KEYS,
  MAX_LIST,
  MAX_RAW_LINES,
  MAX_SAMPLES,
  clipStrings,
} from '../diag/wire/limits';
import {
  isNum,
  isNumOrNull,
  isObject,
  isOptNum,
  isOptText,
  isText,
  isTextOrNull,
  validItems,
} from '../diag/wire/validate';

const SIDES: readonly Side[] = ['general', 'client', 'agent'];
const SOURCES: readonly SourceName[] = ['ping', 'netcheck', 'local', 'version'];
const isSide = (v: unknown): v is Side => SIDES.includes(v as Side);
const isSource = (v: unknown): v is SourceName => SOURCES.includes(v as SourceName);
const isIssueId = (v: unknown): v is Issue['id'] =>
  typeof v === 'string' && Object.prototype.hasOwnProperty.call(CATALOGUE, v);

function isDetail(v: unknown): v is Record<string, string | number> {
  return (
    isObject(v) && Object.keys(v).length <= MAX_DETAIL_KEYS && Object.values(v).every((x) => isText(x) || isNum(x))
  );
}

function isCheck(v: unknown): v is Check {
  return (
    isObject(v) &&
    isText(v.id) &&
    (v.status === 'ok' || v.status === 'warn' || v.status === 'fail') &&
    isText(v.message)
  );
}

function isCli(v: unknown): v is CliInfo {
  return (
    isObject(v) &&
    isText(v.path) &&
    isTextOrNull(v.version) &&
    isOptText(v.note) &&
    (v.deployment === undefined || isTextOrNull(v.deployment))
  );
}

/** A sample without its sequence number, as events carry it. */
function isSampleBody(v: unknown): v is Omit<PingSample, 'seq'> {
  return (
    isObject(v) &&
    (v.outcome === 'pong' || v.outcome === 'timeout' || v.outcome === 'failed') &&
    isNum(v.atMs) &&
    (v.path === undefined || v.path === 'p2p' || v.path === 'derp') &&
    isOptNum(v.latencyMs) &&
    isOptText(v.derpRegion) &&
    isOptText(v.endpoint) &&
    isOptText(v.error)
  );
}

function isSample(v: unknown): v is PingSample {
  return isSampleBody(v) && isNum((v as Record<string, unknown>).seq);
}

function isIssue(v: unknown): v is Issue {
  return (
    isObject(v) &&
    isIssueId(v.id) &&
    isSide(v.side) &&
    isText(v.message) &&
    isText(v.docs) &&
    (v.detail === undefined || isDetail(v.detail)) &&
    Array.isArray(v.sources) &&
    v.sources.every(isSource) &&
    isOptText(v.cliText)
  );
}

function isJsonish(v: unknown, depth = 0): boolean {
  if (depth > MAX_DATA_DEPTH) return false;
  if (v === null || typeof v === 'boolean' || isNum(v) || isText(v)) return true;
  if (Array.isArray(v)) return v.length <= MAX_LIST && v.every((x) => isJsonish(x, depth + 1));
  return isObject(v) && Object.keys(v).length <= MAX_LIST && Object.values(v).every((x) => isJsonish(x, depth + 1));
}

function isProbe(v: unknown): v is ProbeOutcome {
  return (
    isObject(v) &&
    isText(v.name) &&
    typeof v.ran === 'boolean' &&
    isOptText(v.reason) &&
    (v.data === undefined || isJsonish(v.data))
  );
}

function isSourceOutcome(v: unknown): v is SourceOutcome {
  return (
    isObject(v) &&
    isSource(v.source) &&
    typeof v.ok === 'boolean' &&
    isOptText(v.error) &&
    (v.cancelled === undefined || typeof v.cancelled === 'boolean')
  );
}

function isPath(v: unknown): v is PathState {
  return (
    isObject(v) &&
    (v.kind === 'p2p' || v.kind === 'derp' || v.kind === 'unknown') &&
    isTextOrNull(v.derpRegion) &&
    isTextOrNull(v.endpoint)
  );
}

function isStats(v: unknown): v is PingStats {
  return (
    isObject(v) &&
    ['sent', 'received', 'timedOut', 'failed', 'jitterPairs'].every((k) => isNum(v[k])) &&
    ['minMs', 'avgMs', 'maxMs', 'jitterMs'].every((k) => isNumOrNull(v[k]))
  );
}

export function parseReport(raw: unknown): Report | null {
  const v = clipStrings(raw);
  if (!isObject(v)) return null;
  const ok =
    isText(v.workspace) &&
    isText(v.startedAt) &&
    isTextOrNull(v.finishedAt) &&
    isPath(v.path) &&
    isStats(v.pings) &&
    isNumOrNull(v.p2pEstablishedMs) &&
    isNumOrNull(v.upgradedAtMs);
  const samples = validItems(v.samples, MAX_SAMPLES, isSample, true);
  const checks = validItems(v.checks, MAX_LIST, isCheck);
  const issues = validItems(v.issues, MAX_LIST, isIssue);
  const sources = validItems(v.sources, MAX_LIST, isSourceOutcome);
  const probes = validItems(v.probes, MAX_LIST, isProbe);
  const rawLines = validItems(v.rawLines, MAX_RAW_LINES, isText, true);
  if (!ok || !samples || !checks || !issues || !sources || !probes || !rawLines) return null;
  // An unreadable CLI or netcheck part shows as unknown; reports saved before netcheck was kept have none.
  const cli = isCli(v.cli) ? v.cli : null;
  const netcheck = parseNetcheckSummary(v.netcheck);
  return { ...v, cli, samples, checks, issues, sources, probes, netcheck, rawLines } as unknown as Report;
}

export function parseDiagEvent(raw: unknown): DiagEvent | null {
  const v = clipStrings(raw);
  if (!isObject(v)) return null;
  switch (v.type) {
    case 'started':
      return isText(v.workspace) && isText(v.at) ? { type: 'started', workspace: v.workspace, at: v.at } : null;
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
        isObject(f) &&
        isIssueId(f.id) &&
        isSide(f.side) &&
        (f.detail === undefined || isDetail(f.detail)) &&
        isOptText(f.docs) &&
        isOptText(f.cliText);
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
      return isSource(v.source) && isText(v.line) ? { type: 'raw', source: v.source, line: v.line } : null;
    case 'source-done':
      if (!isSource(v.source) || typeof v.ok !== 'boolean' || !isOptText(v.error)) return null;
      return {
        type: 'source-done',
        source: v.source,
        ok: v.ok,
        ...(v.error === undefined ? {} : { error: v.error as string }),
        ...(v.cancelled === true ? { cancelled: true } : {}),
      };
    case 'finished':
      return isText(v.at) ? { type: 'finished', at: v.at } : null;
    default:
      return null;
  }
}
