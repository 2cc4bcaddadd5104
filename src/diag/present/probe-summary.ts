// One plain line per local probe, for the text and Markdown reports. Probe data is free-form, so
// every field is checked before use and anything unexpected falls back to "ran".
import { l10n } from '../l10n';
import type { ProbeOutcome } from '../model';
import { isObject, numOrNull, strOrNull, type JsonObject as Rec } from '../wire/validate';

const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function mtu(data: Rec): string {
  const checked = list(data.interfaces).filter((i) => i.checked === true);
  if (checked.length === 0) return l10n.t('no interface with a routable address to check');
  const lowest = checked.reduce((a, b) => ((numOrNull(b.mtu) ?? Infinity) < (numOrNull(a.mtu) ?? Infinity) ? b : a));
  return l10n.t(
    '{0} interface(s) checked; lowest MTU {1} on {2}',
    checked.length,
    numOrNull(lowest.mtu) ?? '?',
    strOrNull(lowest.name) ?? '?',
  );
}

function vpn(data: Rec): string {
  const routes = list(data.routes);
  const tunnel = routes.find((r) => r.tunnel === true);
  if (tunnel) return l10n.t('traffic leaves through tunnel {0}', strOrNull(tunnel.iface) ?? '?');
  const ifaces = [...new Set(routes.map((r) => strOrNull(r.iface)).filter((i): i is string => i !== null))];
  return ifaces.length > 0
    ? l10n.t('default route via {0} (no tunnel)', ifaces.join(', '))
    : l10n.t('no default route found');
}

function stun(data: Rec): string {
  const udp = strOrNull(data.udp);
  const mapping = strOrNull(data.mapping);
  const endpoints = strings(data.mappedEndpoints);
  const answered = list(data.servers).filter((s) => s.outcome === 'answered' || s.outcome === 'ok').length;
  const nat =
    mapping === 'endpoint-independent'
      ? l10n.t('easy NAT')
      : mapping === 'endpoint-dependent'
        ? l10n.t('hard NAT')
        : l10n.t('NAT type unknown');
  if (udp === 'blocked') {
    const silent = strings(data.silentServers);
    const relays = strings(data.relaysAnswered);
    if (silent.length > 0 && relays.length > 0)
      return l10n.t(
        'UDP blocked, or the STUN servers refuse our requests: no answer over UDP from {0}, while DERP relays {1} answered over TCP',
        silent.join(', '),
        relays.join(', '),
      );
    if (silent.length > 0) return l10n.t('UDP blocked: no answer from STUN servers {0}', silent.join(', '));
    return l10n.t('UDP blocked: no STUN server answered ({0} tried)', list(data.servers).length);
  }
  // `udp` is the probe's own word (ok, partial…), shown as it is.
  let line = l10n.t('UDP {0}, {1}', udp ?? l10n.t('unknown'), nat);
  if (endpoints.length > 0) line = l10n.t('{0}; public {1}', line, [...new Set(endpoints)].join(', '));
  return answered ? l10n.t('{0} ({1} server(s) answered)', line, answered) : line;
}

function derp(data: Rec): string {
  const regions = list(data.regions);
  const nearest = isObject(data.nearest) ? data.nearest : null;
  const parts = regions.map((r) => {
    const ms = numOrNull(r.latencyMs);
    const figure = `${strOrNull(r.regionName) ?? '?'} ${ms === null ? '–' : `${ms.toFixed(0)} ms`}`;
    if (r.upgrade === 'ok') return figure;
    return r.websocket === 'ok' ? l10n.t('{0}, WebSocket only', figure) : l10n.t('{0}, unreachable', figure);
  });
  const regionsText = parts.join(', ') || l10n.t('no regions');
  return nearest ? l10n.t('nearest {0}; {1}', strOrNull(nearest.regionName) ?? '?', regionsText) : regionsText;
}

function aws(data: Rec): string {
  const matches = list(data.matches);
  return matches.length > 0
    ? l10n.t(
        'public address {0} is in AWS range {1}',
        strOrNull(matches[0].address) ?? '?',
        strOrNull(matches[0].prefix) ?? '?',
      )
    : l10n.t('public address is not in an AWS range');
}

function deployment(data: Rec): string {
  const bits: string[] = [];
  if (data.disableDirectConnections === true) bits.push(l10n.t('direct connections disabled'));
  if (data.derpForceWebsockets === true) bits.push(l10n.t('DERP forced over WebSocket'));
  return bits.length > 0 ? bits.join(', ') : l10n.t('settings read');
}

function network(data: Rec): string {
  const proxy = strOrNull(data.httpsProxy) ?? strOrNull(data.httpProxy);
  const bits = [proxy ? l10n.t('calls go through the proxy {0}', proxy) : l10n.t('no proxy')];
  const direct = isObject(data.directTcp) ? data.directTcp : null;
  if (direct)
    bits.push(
      direct.reached === true ? l10n.t('relays also reachable directly') : l10n.t('no direct TCP to the relays'),
    );
  if (Array.isArray(data.trust) && data.trust.length > 0)
    bits.push(l10n.t('trusting also {0}', data.trust.filter((t): t is string => typeof t === 'string').join(', ')));
  if (data.clientCertificate === true) bits.push(l10n.t('with a client certificate'));
  if (data.deploymentHeaders === true) bits.push(l10n.t('with extra deployment headers'));
  return bits.join('; ');
}

const SUMMARIES: Record<string, (data: Rec) => string> = { mtu, vpn, stun, derp, aws, deployment, network };

export function summariseProbe(outcome: ProbeOutcome): string {
  // What the probe measured against (e.g. public STUN servers) matters whatever the outcome.
  const basis = isObject(outcome.data) ? strOrNull(outcome.data.basis) : null;
  const withBasis = (text: string): string => (basis ? `${basis}; ${text}` : text);
  if (!outcome.ran) return withBasis(l10n.t('could not run: {0}', outcome.reason ?? l10n.t('no reason given')));
  const summarise = SUMMARIES[outcome.name] as ((data: Rec) => string) | undefined;
  try {
    return withBasis(summarise && isObject(outcome.data) ? summarise(outcome.data) : l10n.t('ran'));
  } catch {
    return withBasis(l10n.t('ran'));
  }
}

/** Probes in a stable, readable order. */
export function orderedProbes(probes: readonly ProbeOutcome[]): ProbeOutcome[] {
  const order = ['mtu', 'vpn', 'stun', 'aws', 'derp', 'deployment', 'network'];
  const rank = (p: ProbeOutcome) => (order.includes(p.name) ? order.indexOf(p.name) : order.length);
  return [...probes].sort((a, b) => rank(a) - rank(b));
}
