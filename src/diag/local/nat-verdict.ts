// Pure decisions over STUN results: is UDP blocked, does the NAT map per destination (hard NAT)?
import type { IssueFinding } from '../events';
import { l10n } from '../l10n';
import type { DerpRegionResult } from './derp-probe';
import { formatAddress } from './stun-codec';
import type { StunRun } from './stun-client';

type UdpState = 'ok' | 'blocked' | 'unknown';
type MappingState = 'endpoint-independent' | 'endpoint-dependent' | 'unknown';

export interface NatVerdict {
  udp: UdpState;
  mapping: MappingState;
  /** Distinct public endpoints the servers saw, e.g. "203.0.113.7:41641". */
  mappedEndpoints: string[];
  /** Distinct public IPs (for the AWS range check). */
  publicAddresses: string[];
  /** Set when the run cannot support a conclusion; the probe then reports "could not run". */
  inconclusive?: string;
  /** Plain explanation of an 'unknown' mapping. */
  note?: string;
  /** When UDP looks blocked: every server that answered nothing (host:port as configured). */
  silentServers?: string[];
  /** When UDP looks blocked: the DERP relays (region names) that answered over TCP meanwhile. */
  relaysAnswered?: string[];
  findings: IssueFinding[];
}

export function judgeStun(run: StunRun): NatVerdict {
  const results = run.results;
  const answered = results.filter((r) => r.outcome === 'answered' && r.mapped);
  const heardBack = results.some((r) => r.outcome === 'answered' || r.outcome === 'error-response');
  const findings: IssueFinding[] = [];
  const mappedEndpoints = unique(answered.map((r) => formatAddress(r.mapped!)));
  const publicAddresses = unique(answered.map((r) => r.mapped!.address));

  if (!heardBack) {
    // Only requests that went out unanswered, or that a local firewall refused, say "blocked".
    const silent = results.filter((r) => r.outcome === 'no-answer' || r.outcome === 'send-blocked');
    if (silent.length === 0) {
      const why = results.map((r) => `${r.server}: ${r.error ?? r.outcome}`).join('; ');
      return {
        udp: 'unknown',
        mapping: 'unknown',
        mappedEndpoints,
        publicAddresses,
        inconclusive: l10n.t('no STUN request could be sent ({0})', why),
        findings,
      };
    }
    const silentServers = silent.map((r) => r.server);
    findings.push({ id: 'udp-blocked', side: 'client', detail: { servers: silentServers.join(', ') } });
    return { udp: 'blocked', mapping: 'unknown', mappedEndpoints, publicAddresses, silentServers, findings };
  }

  // Mappings are only comparable within one socket, i.e. one address family.
  let mapping: MappingState = 'unknown';
  let note: string | undefined;
  for (const family of ['IPv4', 'IPv6'] as const) {
    const same = answered.filter((r) => r.mapped!.family === family);
    if (same.length < 2) continue;
    const endpoints = unique(same.map((r) => formatAddress(r.mapped!)));
    if (endpoints.length > 1) {
      mapping = 'endpoint-dependent';
      findings.push({ id: 'hard-nat', side: 'client', detail: { endpoints: endpoints.join(', ') } });
      break;
    }
    mapping = 'endpoint-independent';
  }
  if (mapping === 'unknown') {
    note =
      answered.length < 2
        ? l10n.t(
            'only {0} STUN server answered; at least two are needed to tell an easy NAT from a hard one',
            answered.length,
          )
        : l10n.t('no two answers came over the same address family');
  }
  const verdict: NatVerdict = { udp: 'ok', mapping, mappedEndpoints, publicAddresses, findings };
  if (note) verdict.note = note;
  return verdict;
}

/** The relays that answered over TCP: the HTTPS latency check, the DERP upgrade or the WebSocket one. */
export function relaysAnsweredOverTcp(
  results: readonly Pick<DerpRegionResult, 'regionName' | 'latencyMs' | 'upgrade' | 'websocket'>[],
): string[] {
  return unique(
    results.filter((r) => r.latencyMs !== null || r.upgrade === 'ok' || r.websocket === 'ok').map((r) => r.regionName),
  );
}

/**
 * Silence from every STUN server is UDP blocked on the way, or servers that ignore our requests
 * (derper, the relays' STUN server, ignores any request not shaped like Tailscale's). When the
 * DERP relays answered over TCP meanwhile, the finding says both and names them. Not when a local
 * firewall refused the requests: then nothing went out, and UDP is blocked here for certain.
 */
export function withRelayEvidence(verdict: NatVerdict, run: StunRun, relays: readonly string[]): NatVerdict {
  const refusedHere = run.results.some((r) => r.outcome === 'send-blocked');
  if (verdict.udp !== 'blocked' || relays.length === 0 || refusedHere) return verdict;
  const relaysAnswered = [...relays];
  const findings = verdict.findings.map((f) =>
    f.id === 'udp-blocked' ? { ...f, detail: { ...f.detail, relaysAnswered: relaysAnswered.join(', ') } } : f,
  );
  return { ...verdict, relaysAnswered, findings };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
