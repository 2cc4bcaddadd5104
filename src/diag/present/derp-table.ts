// The DERP relay table the panel and reports show: one row per region, nearest first. Latency comes
// from this machine's own DERP probe and from `coder netcheck`, whichever ran; the table says which.
import type { NetcheckSummary, ProbeOutcome } from '../model';
import { isObject, numOrNull } from '../wire/validate';
import type { ProbeTable } from './probes';
import { l10n } from '../l10n';

function upgradeWord(outcome: string | null): string {
  if (outcome === 'ok') return l10n.t('yes');
  if (outcome === 'refused') return l10n.t('refused');
  if (outcome === 'failed') return l10n.t('failed');
  return '–';
}

type LatencySource = 'local-probe' | 'netcheck';

interface DerpRelayRow {
  regionId: number | null;
  regionName: string;
  /** HTTPS latency from wsdoctor's own probe. */
  probeLatencyMs: number | null;
  netcheckLatencyMs: number | null;
  /** Nearest by wsdoctor's probe. */
  nearest: boolean;
  /** netcheck's preferred (home) region. */
  preferred: boolean;
  upgrade: string | null;
  websocket: string | null;
  /** Where the probe connected: the map's address or the name resolved, and the proxy in between. */
  dialed: string | null;
}

export interface DerpRelays {
  measuredBy: LatencySource[];
  regions: DerpRelayRow[];
}

/** "203.0.113.10 (IPv4 from the map)", "derp.example.com (DNS) through http://proxy:3128". */
function dialedText(dialed: unknown): string | null {
  if (!isObject(dialed) || typeof dialed.address !== 'string') return null;
  const from =
    dialed.from === 'ipv4'
      ? l10n.t('{0} (IPv4 from the map)', dialed.address)
      : dialed.from === 'ipv6'
        ? l10n.t('{0} (IPv6 from the map)', dialed.address)
        : l10n.t('{0} (resolved)', dialed.address);
  return typeof dialed.proxy === 'string' ? l10n.t('{0} through {1}', from, dialed.proxy) : from;
}

function probeRows(probes: readonly ProbeOutcome[]): DerpRelayRow[] | null {
  const derp = probes.find((p) => p.name === 'derp' && p.ran);
  if (!derp || !isObject(derp.data) || !Array.isArray(derp.data.regions)) return null;
  const nearest = isObject(derp.data.nearest) ? derp.data.nearest.regionId : undefined;
  return derp.data.regions.filter(isObject).map((r) => ({
    regionId: numOrNull(r.regionId),
    regionName: typeof r.regionName === 'string' ? r.regionName : '?',
    probeLatencyMs: numOrNull(r.latencyMs),
    netcheckLatencyMs: null,
    nearest: r.regionId === nearest,
    preferred: false,
    upgrade: typeof r.upgrade === 'string' ? r.upgrade : null,
    websocket: typeof r.websocket === 'string' ? r.websocket : null,
    dialed: dialedText(r.dialed),
  }));
}

/** Both sources joined by region id, nearest first (our probe's latency first, then netcheck's). */
export function derpRelays(probes: readonly ProbeOutcome[], netcheck: NetcheckSummary | null): DerpRelays | null {
  const rows = probeRows(probes) ?? [];
  const measuredBy: LatencySource[] = rows.length > 0 ? ['local-probe'] : [];
  const fromNetcheck = netcheck?.regionLatencies ?? [];
  for (const n of fromNetcheck) {
    const row = rows.find((r) => r.regionId === n.regionId);
    if (row) Object.assign(row, { netcheckLatencyMs: n.latencyMs, preferred: n.preferred });
    else
      rows.push({
        regionId: n.regionId,
        regionName: n.regionName,
        probeLatencyMs: null,
        netcheckLatencyMs: n.latencyMs,
        nearest: false,
        preferred: n.preferred,
        upgrade: null,
        websocket: null,
        dialed: null,
      });
  }
  if (fromNetcheck.length > 0) measuredBy.push('netcheck');
  if (rows.length === 0) return null;
  const key = (r: DerpRelayRow): [number, number] => [r.probeLatencyMs ?? Infinity, r.netcheckLatencyMs ?? Infinity];
  rows.sort((a, b) => {
    const [a1, a2] = key(a);
    const [b1, b2] = key(b);
    return a1 !== b1 ? a1 - b1 : a2 - b2;
  });
  return { measuredBy, regions: rows };
}

const latency = (ms: number | null): string => (ms === null ? l10n.t('no answer') : `${ms.toFixed(1)} ms`);

export function derpRegionTable(
  probes: readonly ProbeOutcome[],
  netcheck: NetcheckSummary | null = null,
): ProbeTable | null {
  const relays = derpRelays(probes, netcheck);
  if (!relays) return null;
  const probed = relays.measuredBy.includes('local-probe');
  const byNetcheck = relays.measuredBy.includes('netcheck');
  const name = (r: DerpRelayRow): string => {
    if (r.nearest && r.preferred) return l10n.t('{0} (nearest) (preferred)', r.regionName);
    if (r.nearest) return l10n.t('{0} (nearest)', r.regionName);
    return r.preferred ? l10n.t('{0} (preferred)', r.regionName) : r.regionName;
  };
  const columns = [l10n.t('Region')];
  if (probed) columns.push(l10n.t('HTTPS latency'));
  if (byNetcheck) columns.push(probed ? l10n.t('netcheck latency') : l10n.t('Latency'));
  // Reports made before the probe said where it connected have no such column.
  const dialed = probed && relays.regions.some((r) => r.dialed !== null);
  if (probed) columns.push(l10n.t('DERP upgrade'), 'WebSocket');
  if (dialed) columns.push(l10n.t('Dialled'));
  const rows = relays.regions.map((r) => {
    const cells = [name(r)];
    if (probed) cells.push(r.upgrade === null && r.probeLatencyMs === null ? '–' : latency(r.probeLatencyMs));
    if (byNetcheck) cells.push(r.netcheckLatencyMs === null ? '–' : latency(r.netcheckLatencyMs));
    if (probed) cells.push(upgradeWord(r.upgrade), upgradeWord(r.websocket));
    if (dialed) cells.push(r.dialed ?? '–');
    return cells;
  });
  const title = probed
    ? byNetcheck
      ? l10n.t('DERP relays: HTTPS latency measured by wsdoctor from this machine, netcheck latency by coder netcheck')
      : l10n.t('DERP relays from this machine (latency measured by wsdoctor)')
    : l10n.t('DERP relays (latency measured by coder netcheck)');
  return { title, columns, rows };
}
