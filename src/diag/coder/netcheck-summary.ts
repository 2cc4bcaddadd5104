// Turns a parsed `coder netcheck` report into the summary the Report carries: region names resolved,
// latencies nearest first with the preferred region marked, and every outside string made safe to
// print (no control characters, bounded length).
import type { NetcheckSummary } from '../model';
import type { NetcheckReport } from './netcheck';
import { cleanLine } from './ping-line';

const MAX_NAME = 200;
const MAX_MESSAGE = 1000;
const MAX_ITEMS = 100;

function safe(text: string, max: number): string {
  const clean = cleanLine(text.replace(/[\r\n\t]+/g, ' ')).trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function summariseNetcheck(
  report: NetcheckReport,
  redact: (text: string) => string = (t) => t,
): NetcheckSummary {
  const names = new Map(report.regions.map((r) => [r.id, safe(r.name, MAX_NAME) || `region ${r.id}`]));
  const nameOf = (id: number): string => names.get(id) ?? `region ${id}`;
  const preferredId = report.network.preferredDerp;
  const regionLatencies = Object.entries(report.regionLatencyMs)
    .filter(([id]) => /^\d+$/.test(id))
    .map(([id, latencyMs]) => ({
      regionId: Number(id),
      regionName: nameOf(Number(id)),
      latencyMs,
      preferred: Number(id) === preferredId,
    }))
    .sort((a, b) => a.latencyMs - b.latencyMs || a.regionId - b.regionId)
    .slice(0, MAX_ITEMS);
  const { network: n } = report;
  const address = (v: string | null): string | null => (v === null ? null : safe(v, MAX_NAME));
  return {
    udp: n.udp,
    ipv4: n.ipv4,
    ipv4CanSend: n.ipv4CanSend,
    ipv6: n.ipv6,
    ipv6CanSend: n.ipv6CanSend,
    osHasIPv6: n.osHasIPv6,
    mappingVariesByDestIP: n.mappingVariesByDestIP,
    hairPinning: n.hairPinning,
    upnp: n.upnp,
    pmp: n.pmp,
    pcp: n.pcp,
    captivePortal: n.captivePortal,
    globalV4: address(n.globalV4),
    globalV6: address(n.globalV6),
    preferredRegion:
      preferredId !== null && preferredId > 0 ? { regionId: preferredId, regionName: nameOf(preferredId) } : null,
    regionLatencies,
    warnings: report.warnings.slice(0, MAX_ITEMS).map((w) => ({
      where: safe(w.where, MAX_NAME),
      code: safe(w.code, MAX_NAME),
      message: redact(safe(w.message, MAX_MESSAGE)),
    })),
    unreadable: report.unreadable.slice(0, MAX_ITEMS).map((f) => safe(f, MAX_NAME)),
  };
}
