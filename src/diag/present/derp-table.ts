// The DERP relay table the panel and reports show: one row per region, nearest first.
import type { ProbeOutcome } from '../model';
import type { ProbeTable } from './probes';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const UPGRADE_WORDS: Record<string, string> = { ok: 'yes', refused: 'refused', failed: 'failed' };

export function derpRegionTable(probes: readonly ProbeOutcome[]): ProbeTable | null {
  const derp = probes.find((p) => p.name === 'derp' && p.ran);
  if (!derp || !isRec(derp.data) || !Array.isArray(derp.data.regions)) return null;
  const nearest = isRec(derp.data.nearest) ? derp.data.nearest.regionId : undefined;
  const regions = derp.data.regions.filter(isRec);
  const latency = (r: Rec) => (typeof r.latencyMs === 'number' ? r.latencyMs : Infinity);
  const rows = [...regions]
    .sort((a, b) => latency(a) - latency(b))
    .map((r) => [
      `${typeof r.regionName === 'string' ? r.regionName : '?'}${r.regionId === nearest ? ' (nearest)' : ''}`,
      Number.isFinite(latency(r)) ? `${latency(r).toFixed(1)} ms` : 'no answer',
      UPGRADE_WORDS[String(r.upgrade)] ?? '–',
      UPGRADE_WORDS[String(r.websocket)] ?? '–',
    ]);
  return rows.length > 0
    ? {
        title: 'DERP relays from this machine',
        columns: ['Region', 'HTTPS latency', 'DERP upgrade', 'WebSocket'],
        rows,
      }
    : null;
}
