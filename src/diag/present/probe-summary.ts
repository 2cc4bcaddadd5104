// One plain line per local probe, for the text and Markdown reports. Probe data is free-form, so
// every field is checked before use and anything unexpected falls back to "ran".
import type { ProbeOutcome } from '../model';
import { isObject, numOrNull, strOrNull, type JsonObject as Rec } from '../../shared/validate';

const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isObject) : []);

function mtu(data: Rec): string {
  const checked = list(data.interfaces).filter((i) => i.checked === true);
  if (checked.length === 0) return 'no interface with a routable address to check';
  const lowest = checked.reduce((a, b) => ((numOrNull(b.mtu) ?? Infinity) < (numOrNull(a.mtu) ?? Infinity) ? b : a));
  return `${checked.length} interface(s) checked; lowest MTU ${numOrNull(lowest.mtu) ?? '?'} on ${strOrNull(lowest.name) ?? '?'}`;
}

function vpn(data: Rec): string {
  const routes = list(data.routes);
  const tunnel = routes.find((r) => r.tunnel === true);
  if (tunnel) return `traffic leaves through tunnel ${strOrNull(tunnel.iface) ?? '?'}`;
  const ifaces = [...new Set(routes.map((r) => strOrNull(r.iface)).filter((i): i is string => i !== null))];
  return ifaces.length > 0 ? `default route via ${ifaces.join(', ')} (no tunnel)` : 'no default route found';
}

function stun(data: Rec): string {
  const udp = strOrNull(data.udp) ?? 'unknown';
  const mapping = strOrNull(data.mapping) ?? 'unknown';
  const endpoints = Array.isArray(data.mappedEndpoints)
    ? data.mappedEndpoints.filter((e): e is string => typeof e === 'string')
    : [];
  const answered = list(data.servers).filter((s) => s.outcome === 'answered' || s.outcome === 'ok').length;
  const nat =
    mapping === 'endpoint-independent'
      ? 'easy NAT'
      : mapping === 'endpoint-dependent'
        ? 'hard NAT'
        : 'NAT type unknown';
  const seen = endpoints.length > 0 ? `; public ${[...new Set(endpoints)].join(', ')}` : '';
  return udp === 'blocked'
    ? `UDP blocked: no STUN server answered (${list(data.servers).length} tried)`
    : `UDP ${udp}, ${nat}${seen}${answered ? ` (${answered} server(s) answered)` : ''}`;
}

function derp(data: Rec): string {
  const regions = list(data.regions);
  const nearest = isObject(data.nearest) ? data.nearest : null;
  const parts = regions.map((r) => {
    const ms = numOrNull(r.latencyMs);
    const how = r.upgrade === 'ok' ? '' : r.websocket === 'ok' ? ', WebSocket only' : ', unreachable';
    return `${strOrNull(r.regionName) ?? '?'} ${ms === null ? '–' : `${ms.toFixed(0)} ms`}${how}`;
  });
  const near = nearest ? `nearest ${strOrNull(nearest.regionName) ?? '?'}; ` : '';
  return `${near}${parts.join(', ') || 'no regions'}`;
}

function aws(data: Rec): string {
  const matches = list(data.matches);
  return matches.length > 0
    ? `public address ${strOrNull(matches[0].address) ?? '?'} is in AWS range ${strOrNull(matches[0].prefix) ?? '?'}`
    : 'public address is not in an AWS range';
}

function deployment(data: Rec): string {
  const bits: string[] = [];
  if (data.disableDirectConnections === true) bits.push('direct connections disabled');
  if (data.derpForceWebsockets === true) bits.push('DERP forced over WebSocket');
  return bits.length > 0 ? bits.join(', ') : 'settings read';
}

const SUMMARIES: Record<string, (data: Rec) => string> = { mtu, vpn, stun, derp, aws, deployment };

export function summariseProbe(outcome: ProbeOutcome): string {
  // What the probe measured against (e.g. public STUN servers) matters whatever the outcome.
  const basis = isObject(outcome.data) ? strOrNull(outcome.data.basis) : null;
  const lead = basis ? `${basis}; ` : '';
  if (!outcome.ran) return `${lead}could not run: ${outcome.reason ?? 'no reason given'}`;
  const summarise = SUMMARIES[outcome.name] as ((data: Rec) => string) | undefined;
  try {
    return lead + (summarise && isObject(outcome.data) ? summarise(outcome.data) : 'ran');
  } catch {
    return `${lead}ran`;
  }
}

/** Probes in a stable, readable order. */
export function orderedProbes(probes: readonly ProbeOutcome[]): ProbeOutcome[] {
  const order = ['mtu', 'vpn', 'stun', 'aws', 'derp', 'deployment'];
  const rank = (p: ProbeOutcome) => (order.includes(p.name) ? order.indexOf(p.name) : order.length);
  return [...probes].sort((a, b) => rank(a) - rank(b));
}
