// Validates the `coder netcheck` summary inside a connection report or event: the flags, region
// latencies, warnings and unreadable lines, each list bounded and a bad item left out. Pure: no DOM, no vscode.
import type { NetcheckRegionLatency, NetcheckSummary, NetcheckWarning } from '../diag/model';
import { MAX_LIST } from '../diag/wire/limits';
import { isNum, isObject, isText, isTextOrNull, validItems } from '../diag/wire/validate';

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
  isObject(r) && isNum(r.regionId) && isText(r.regionName);
const isRegionLatency = (r: unknown): r is NetcheckRegionLatency =>
  isRegionRef(r) &&
  isNum((r as Record<string, unknown>).latencyMs) &&
  typeof (r as Record<string, unknown>).preferred === 'boolean';
const isNetcheckWarning = (w: unknown): w is NetcheckWarning =>
  isObject(w) && isText(w.where) && isText(w.code) && isText(w.message);

export function parseNetcheckSummary(v: unknown): NetcheckSummary | null {
  if (
    !isObject(v) ||
    !NETCHECK_FLAGS.every((k) => v[k] === null || typeof v[k] === 'boolean') ||
    !isTextOrNull(v.globalV4) ||
    !isTextOrNull(v.globalV6)
  )
    return null;
  const regionLatencies = validItems(v.regionLatencies, MAX_LIST, isRegionLatency);
  const warnings = validItems(v.warnings, MAX_LIST, isNetcheckWarning);
  const unreadable = validItems(v.unreadable, MAX_LIST, isText);
  if (!regionLatencies || !warnings || !unreadable) return null;
  const preferredRegion = isRegionRef(v.preferredRegion) ? v.preferredRegion : null;
  return { ...v, preferredRegion, regionLatencies, warnings, unreadable } as unknown as NetcheckSummary;
}
