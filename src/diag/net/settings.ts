// How our HTTP(S) and WebSocket calls reach the network: proxy, trust, client certificate and the
// deployment's extra headers. Plain data (the lab passes it as JSON); each front end fills it from
// its own sources: the extension from settings, wsdoctor from the environment and its flags.
import { headerValues } from '../redact';

export interface NetSettings {
  /** Proxy for https: and wss: URLs, e.g. "http://proxy.corp:3128" (credentials may be in it; never shown). */
  httpsProxy?: string;
  /** Proxy for http: and ws: URLs. */
  httpProxy?: string;
  /** Hosts reached directly: names (and their subdomains), `.suffix`, `*.suffix`, IPs, CIDRs, `host:port`, `*`. */
  noProxy?: string[];
  /** Verify an https:// proxy's own certificate (VS Code's http.proxyStrictSSL); default true. */
  proxyStrictSsl?: boolean;
  /** PEM files trusted besides the system's (coder.tlsCaFile, SSL_CERT_FILE, NODE_EXTRA_CA_CERTS, --ca-file). */
  caFiles?: string[];
  /** Folders of PEM certificates (SSL_CERT_DIR). */
  caDirs?: string[];
  /** Client certificate and key for the deployment (coder.tlsCertFile / coder.tlsKeyFile). */
  clientCertFile?: string;
  clientKeyFile?: string;
  /** The name the deployment's certificate is checked against instead of its host (coder.tlsAltHost). */
  altHost?: string;
  /** Skip the deployment's certificate check (coder.insecure): only when the user set it, and then reported. */
  insecure?: boolean;
  /** Prints `Name=value` lines, the headers of every deployment call (coder.headerCommand, CODER_HEADER_COMMAND). */
  headerCommand?: string;
  /** `Name=value` headers of every deployment call (CODER_HEADER). */
  headers?: string[];
}

/** The secrets settings may hold (a proxy's password, the headers' values), so a report can be cleaned of them whatever quoted them. */
export function netSecrets(settings: NetSettings | undefined): string[] {
  const secrets: string[] = [];
  for (const text of [settings?.httpsProxy, settings?.httpProxy]) {
    if (!text) continue;
    try {
      const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
      if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
    } catch {
      // Not a URL: nothing in it can be told apart as a password.
    }
  }
  // A header's value is a secret (an access token, a client secret), whatever quotes it.
  secrets.push(...headerValues(settings?.headers ?? []));
  return secrets;
}

const listOf = (text: string | undefined, separator: RegExp): string[] =>
  (text ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function firstSet(env: NodeJS.ProcessEnv, names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * What the Coder CLI (a Go program) takes from the environment: the proxy variables, SSL_CERT_FILE and
 * SSL_CERT_DIR, plus NODE_EXTRA_CA_CERTS (ours is a Node program) and the CLI's CODER_HEADER(_COMMAND).
 */
export function netSettingsFromEnv(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NetSettings {
  const settings: NetSettings = {};
  const httpsProxy = firstSet(env, ['HTTPS_PROXY', 'https_proxy']);
  const httpProxy = firstSet(env, ['HTTP_PROXY', 'http_proxy']);
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (httpProxy) settings.httpProxy = httpProxy;
  const noProxy = listOf(firstSet(env, ['NO_PROXY', 'no_proxy']), /,/);
  if (noProxy.length > 0) settings.noProxy = noProxy;
  const caFiles = [env.SSL_CERT_FILE, env.NODE_EXTRA_CA_CERTS].map((f) => f?.trim()).filter((f): f is string => !!f);
  if (caFiles.length > 0) settings.caFiles = caFiles;
  const caDirs = listOf(env.SSL_CERT_DIR, platform === 'win32' ? /;/ : /:/);
  if (caDirs.length > 0) settings.caDirs = caDirs;
  const headerCommand = env.CODER_HEADER_COMMAND?.trim();
  if (headerCommand) settings.headerCommand = headerCommand;
  const headers = listOf(env.CODER_HEADER, /,/);
  if (headers.length > 0) settings.headers = headers;
  return settings;
}
