// How our HTTP(S) and WebSocket calls reach the network: proxy, trust, client certificate and the
// deployment's extra headers. Plain data (the lab passes it as JSON); each front end fills it from
// its own sources: the extension from settings, wsdoctor from the environment and its flags.
import { l10n } from '../l10n';
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
  /** Settings left out until the user allows their value (in a remote window the remote machine may have written them). */
  withheld?: string[];
  /** Why CODER_HEADER could not be read as a list (the Coder CLI refuses to start then); never holds its text. */
  headersProblem?: string;
}

/**
 * The environment for the Coder CLI with the proxy the settings chose, as the Coder extension gives
 * it to `coder ssh`: the CLI (a Go program) reads only the variables, not the editor's settings.
 */
export function withProxyEnvironment(env: NodeJS.ProcessEnv, settings: NetSettings): NodeJS.ProcessEnv {
  const out = { ...env };
  if (settings.httpsProxy) out.HTTPS_PROXY = settings.httpsProxy;
  if (settings.httpProxy) out.HTTP_PROXY = settings.httpProxy;
  if (settings.noProxy && settings.noProxy.length > 0) out.NO_PROXY = settings.noProxy.join(',');
  return out;
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
  // The CLI reads CODER_HEADER as one CSV record, and an empty one as none.
  if (env.CODER_HEADER) {
    const record = csvRecord(env.CODER_HEADER);
    if (record.ok) settings.headers = record.fields;
    else settings.headersProblem = l10n.t('CODER_HEADER is not a comma-separated list: {0}', record.reason);
  }
  return settings;
}

type CsvRecord = { ok: true; fields: string[] } | { ok: false; reason: string };

/**
 * The first record of `text` as Go's encoding/csv reads it (the Coder CLI's string-array flags and
 * their environment variables): fields split at commas and kept as they are (no trimming); a field
 * that starts with a double quote runs to the closing quote, may hold commas and line breaks, and
 * `""` in it is one quote; a quote elsewhere is an error, as are text after a closing quote and a
 * quote never closed. Empty lines before the record are skipped. A reason never quotes the text.
 */
export function csvRecord(text: string): CsvRecord {
  // Lines with their "\n" ("\r\n" read as "\n"), as Go's reader takes them; a final "\r" is dropped.
  const lines = (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map((l) =>
    l.endsWith('\r\n') ? `${l.slice(0, -2)}\n` : l.endsWith('\r') ? l.slice(0, -1) : l,
  );
  let next = 0;
  while (next < lines.length && (lines[next] === '\n' || lines[next] === '')) next++;
  if (next === lines.length) return { ok: false, reason: l10n.t('it holds no field') };
  let line = lines[next++];
  const fields: string[] = [];
  for (;;) {
    const column = fields.length + 1;
    if (!line.startsWith('"')) {
      const comma = line.indexOf(',');
      const field = comma === -1 ? line.replace(/\n$/, '') : line.slice(0, comma);
      if (field.includes('"'))
        return { ok: false, reason: l10n.t('field {0} has a double quote but does not start with one', column) };
      fields.push(field);
      if (comma === -1) return { ok: true, fields };
      line = line.slice(comma + 1);
      continue;
    }
    line = line.slice(1);
    let field = '';
    for (;;) {
      const quote = line.indexOf('"');
      if (quote !== -1) {
        field += line.slice(0, quote);
        line = line.slice(quote + 1);
        if (line.startsWith('"')) {
          field += '"';
          line = line.slice(1);
          continue;
        }
        fields.push(field);
        if (line.startsWith(',')) {
          line = line.slice(1);
          break;
        }
        if (line === '' || line === '\n') return { ok: true, fields };
        return { ok: false, reason: l10n.t('field {0} has text after its closing double quote', column) };
      }
      if (line === '' || next === lines.length)
        return { ok: false, reason: l10n.t('field {0} opens a double quote that is never closed', column) };
      field += line;
      line = lines[next++];
    }
  }
}
