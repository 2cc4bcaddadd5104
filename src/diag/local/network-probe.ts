// How this machine reaches the outside, said once per check: the proxy each call takes, what TLS
// trusts, whether the relays answer straight or only through the proxy, and from that the one
// verdict no single probe can give: a proxy-only network, where every connection will be relayed.
import type { IssueFinding } from '../events';
import { l10n } from '../l10n';
import { dial } from '../net/dial';
import type { NetWords } from '../net/findings';
import type { Network } from '../net/network';
import { proxyLabel } from '../net/proxy';
import type { NetSettings } from '../net/settings';
import type { DerpTarget } from '../coder/derp-map';
import type { DerpRegionResult } from './derp-probe';
import type { ProbeResult } from './mtu-probe';
import type { NatVerdict } from './nat-verdict';

/** Whether a relay answers a plain TCP connection without the proxy; null when no proxy is in the way. */
interface DirectReach {
  target: string;
  reached: boolean;
  error?: string;
}

/** Tries TCP straight to the first relay whose calls go through a proxy; skipped when none does. */
export async function directReach(
  targets: DerpTarget[],
  network: Network,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<DirectReach | null> {
  const proxied = targets.find((t) => network.route(new URL(t.baseUrl)).kind === 'proxy');
  if (!proxied || timeoutMs <= 0) return null;
  const url = new URL(proxied.baseUrl);
  const port = Number(url.port) || 443;
  const host = 'address' in proxied.dial ? proxied.dial.address : proxied.dial.hostName;
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const socket = await dial(
      { host, port, ...('family' in proxied.dial && proxied.dial.family ? { family: proxied.dial.family } : {}) },
      network.dialContext(AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])),
    );
    socket.destroy();
    return { target, reached: true };
  } catch (err) {
    return { target, reached: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface NetworkFacts {
  settings: NetSettings;
  network: Network;
  words: NetWords;
  verdict: NatVerdict | null;
  relays: DerpRegionResult[] | null;
  direct: DirectReach | null;
}

/** Relays that answered through a proxy, by region name. */
function relayedThroughProxy(relays: DerpRegionResult[] | null): DerpRegionResult[] {
  return (relays ?? []).filter(
    (r) => r.dialed.proxy && (r.latencyMs !== null || r.upgrade === 'ok' || r.websocket === 'ok'),
  );
}

function findingsOf(facts: NetworkFacts): IssueFinding[] {
  const { settings, network, words, verdict, direct } = facts;
  const findings: IssueFinding[] = network.material.problems.map((p) => ({
    id: 'tls-file',
    side: 'client',
    detail: { file: p.file, reason: p.reason },
  }));
  if (settings.withheld && settings.withheld.length > 0)
    findings.push({ id: 'settings-withheld', side: 'client', detail: { settings: settings.withheld.join(', ') } });
  if (settings.insecure)
    findings.push({ id: 'tls-checks-off', side: 'client', detail: { setting: words.insecure, fix: words.caFile } });
  const viaProxy = relayedThroughProxy(facts.relays);
  if (viaProxy.length > 0 && verdict?.udp === 'blocked' && direct?.reached === false)
    findings.push({ id: 'proxy-only-network', side: 'client', detail: { proxy: viaProxy[0].dialed.proxy ?? '' } });
  return findings;
}

/** The 'network' probe: what the calls went through, and the findings only the whole picture gives. */
export function networkOutcome(facts: NetworkFacts): ProbeResult {
  const { settings, network, direct } = facts;
  const data: Record<string, unknown> = {
    httpsProxy: settings.httpsProxy ? proxyLabel(settings.httpsProxy) : null,
    httpProxy: settings.httpProxy ? proxyLabel(settings.httpProxy) : null,
    trust: network.material.sources,
    clientCertificate: network.material.cert !== undefined,
    certificateChecks: settings.insecure ? l10n.t('off for the deployment') : l10n.t('on'),
    deploymentHeaders: (settings.headers?.length ?? 0) > 0 || !!settings.headerCommand,
  };
  if ((settings.noProxy ?? []).length > 0) data.noProxy = settings.noProxy;
  if (settings.withheld && settings.withheld.length > 0) data.waitingForPermission = settings.withheld;
  if (direct) data.directTcp = direct;
  const viaProxy = relayedThroughProxy(facts.relays);
  if (viaProxy.length > 0) data.relaysThroughProxy = viaProxy.map((r) => r.regionName);
  return { outcome: { name: 'network', ran: true, data }, findings: findingsOf(facts) };
}
