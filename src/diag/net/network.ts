// One check's way onto the network: the settings resolved once (proxy rules, the trust loaded from
// disk), then a dial plan, an agent or a GET for each URL. Deployment calls, DERP probes and the AWS
// range download all come through here.
import { l10n } from '../l10n';
import * as http from 'node:http';
import { Readable } from 'node:stream';
import type { FetchFn, FetchResponse } from './fetch-fn';
import { DialAgent, requestThrough } from './agent';
import { dial, type DialContext, type DialPlan } from './dial';
import { asNetFailure, NetFailure } from './net-failure';
import { proxyFor, type ProxyChoice } from './proxy';
import type { NetSettings } from './settings';
import { loadTlsMaterial, tlsContexts, type TlsContexts, type TlsMaterial, type TrustOptions } from './trust';

export interface TargetOptions {
  /** Connect here instead of resolving the URL's host (a DERP node's IPv4 or IPv6). */
  address?: string;
  /** Only this family when the address is resolved (a DERP node with the other family "none"). */
  family?: 4 | 6;
  /** The name sent in TLS (SNI) and checked, when it is not the URL's host (coder.tlsAltHost). */
  servername?: string;
  /** The name the certificate is checked against when it differs from the one sent (a DERP node's CertName). */
  verifyName?: string;
  /** Accept any certificate: only when the user (coder.insecure) or the DERP map (InsecureForTests) says so. */
  insecure?: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443 };

export class Network {
  private contexts: TlsContexts | undefined;

  private constructor(
    readonly settings: NetSettings,
    readonly material: TlsMaterial,
  ) {}

  /** What a connection needs to dial, its TLS roots parsed on first use. */
  dialContext(signal: AbortSignal): DialContext {
    this.contexts ??= tlsContexts(this.material);
    return { contexts: this.contexts, clientCert: this.material.cert !== undefined, signal };
  }

  static async prepare(settings: NetSettings = {}, trust: TrustOptions = {}): Promise<Network> {
    return new Network(settings, await loadTlsMaterial(settings, trust));
  }

  /** The proxy this URL takes, or why none. */
  route(url: URL): ProxyChoice {
    return proxyFor(url, this.settings);
  }

  /** How to reach `url`: straight to its host (or the given address), or through its proxy. */
  plan(url: URL, target: TargetOptions = {}): DialPlan {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 443;
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const plan: DialPlan = { host: target.address ?? host, port };
    if (target.family && !target.address) plan.family = target.family;
    if (secure) {
      const servername = target.servername ?? host;
      plan.tls = { servername, verifyName: target.verifyName ?? servername, insecure: target.insecure === true };
    }
    const route = this.route(url);
    if (route.kind === 'invalid')
      throw new NetFailure(
        'proxy-invalid',
        l10n.t('the proxy setting {0} cannot be used: {1}', route.label, route.reason),
        {
          proxy: route.label,
          cause: route.reason,
        },
      );
    if (route.kind === 'proxy') {
      // CONNECT names the URL's host, as Tailscale's DERP client does: the proxy resolves it.
      const hostText = host.includes(':') ? `[${host}]` : host;
      plan.proxy = {
        url: route.url,
        label: route.label,
        target: `${hostText}:${port}`,
        strictSsl: this.settings.proxyStrictSsl !== false,
      };
    }
    return plan;
  }

  /** An agent for http.request or the WebSocket client; a bad proxy setting fails each connection. */
  agent(url: URL, target: TargetOptions = {}, signal: AbortSignal, options: http.AgentOptions = {}): DialAgent {
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    return new DialAgent(async () => dial(this.plan(url, target), this.dialContext(signal)), secure, options);
  }

  /** GET without following redirects (a 3xx comes back as it is), through the agent of its URL. */
  fetcher(target: TargetOptions = {}): FetchFn {
    return (urlText, init) =>
      new Promise<FetchResponse>((resolve, reject) => {
        const url = new URL(urlText);
        const agent = this.agent(url, target, init.signal, { keepAlive: false });
        const req = requestThrough(url, agent, { headers: init.headers, signal: init.signal });
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          const body = Readable.toWeb(res) as ReadableStream<Uint8Array>;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: { get: (name) => headerText(res.headers[name.toLowerCase()]) },
            body,
            text: () => new Response(body).text(),
          });
        });
        req.on('error', (err) => reject(asNetFailure(err, !!this.material.cert)));
        req.on('close', () => agent.destroy());
        req.end();
      });
  }
}

function headerText(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
