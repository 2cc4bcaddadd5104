// The deployment's connection settings (DERP map, direct connections allowed or not), fetched with
// the Coder CLI's own credentials. The session token goes in one header and nowhere else.
import { join } from 'node:path';
import { signInHint, type LoginTarget } from '../coder/cli-errors';
import { l10n } from '../l10n';
import { normalizeUrl, readLoginFile, safeHostname } from '../coder/deployments';
import { obj, optBool, parseJson } from '../wire/validate';
import { parseDerpMap, type DerpMapRegion } from '../coder/derp-map';
import { errorText, type FetchFn } from '../net/fetch-fn';
import { NetFailure } from '../net/net-failure';

export interface DeploymentCredentials {
  url: string;
  token: string | null;
  /** Names the deployment in a sign-in hint. */
  deployment?: LoginTarget;
}

/** The origin a redirect points at, for the message (never its path or query, which may carry secrets). */
function redirectOrigin(location: string | null, base: string): string | null {
  if (!location) return null;
  try {
    const origin = new URL(location, base).origin;
    // `javascript:` and other schemes without a host have the opaque origin "null".
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** What an HTTP header value may hold (visible ASCII): anything else makes fetch quote the whole value in its error. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export interface ConnectionInfo {
  regions: DerpMapRegion[];
  disableDirectConnections: boolean;
  derpForceWebsockets: boolean;
}

type CredentialsRead = { ok: true; credentials: DeploymentCredentials } | { ok: false; reason: string };

/** URL from the option or `<configDir>/url`; token from the option or `<configDir>/session`. */
export async function readCredentials(options: {
  deploymentUrl?: string;
  configDir?: string;
  sessionToken?: string;
}): Promise<CredentialsRead> {
  const url = options.deploymentUrl ?? (options.configDir ? await readLoginFile(join(options.configDir, 'url')) : null);
  if (!url) {
    return {
      ok: false,
      reason: options.configDir
        ? l10n.t('no deployment URL in {0}; log in with `coder login`', join(options.configDir, 'url'))
        : l10n.t('no deployment URL or Coder CLI config directory was given'),
    };
  }
  const base = normalizeUrl(url);
  if (base === null) {
    // Quoted short and escaped: the file may hold anything, control characters included.
    const shown = JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}...` : url);
    return { ok: false, reason: l10n.t('the deployment URL {0} is not an http(s) URL', shown) };
  }
  const token =
    options.sessionToken ?? (options.configDir ? await readLoginFile(join(options.configDir, 'session')) : null);
  return { ok: true, credentials: { url: base, token, deployment: { id: safeHostname(base), url: base } } };
}

export function parseConnectionInfo(text: string): ConnectionInfo {
  const root = obj(parseJson(text, 'workspace agent connection info'), 'connection info');
  return {
    regions: root.derp_map === undefined || root.derp_map === null ? [] : parseDerpMap(root.derp_map),
    disableDirectConnections: optBool(root.disable_direct_connections, 'disable_direct_connections') ?? false,
    derpForceWebsockets: optBool(root.derp_force_websockets, 'derp_force_websockets') ?? false,
  };
}

export type ConnectionInfoResult =
  { ok: true; info: ConnectionInfo } | { ok: false; reason: string; failure?: NetFailure; status?: number };

/** `extraHeaders`: CODER_HEADER's and the header command's; the session token is set after them and wins. */
export async function fetchConnectionInfo(
  credentials: DeploymentCredentials,
  fetchFn: FetchFn,
  timeoutMs: number,
  signal: AbortSignal,
  extraHeaders: Record<string, string> = {},
): Promise<ConnectionInfoResult> {
  const url = `${credentials.url}/api/v2/workspaceagents/connection`;
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { ...extraHeaders, Accept: 'application/json' };
  if (credentials.token && !HEADER_SAFE.test(credentials.token))
    return {
      ok: false,
      reason: `${l10n.t('The session token for {0} has characters a token cannot have, so it cannot be sent (is its session file damaged?).', credentials.url)} ${signInHint(credentials.deployment)}`,
    };
  if (credentials.token) headers['Coder-Session-Token'] = credentials.token;
  try {
    // Never follow a redirect: the token header would go along to wherever it points.
    const res = await fetchFn(url, { signal: AbortSignal.any([timeout, signal]), headers, redirect: 'manual' });
    if (res.status >= 300 && res.status < 400) {
      const to = redirectOrigin(res.headers?.get('location') ?? null, url);
      return {
        ok: false,
        reason: to
          ? l10n.t(
              "{0} answered a redirect (HTTP {1} to {2}); it was not followed, so the session token stayed here. Sign in with the deployment's final URL.",
              url,
              res.status,
              to,
            )
          : l10n.t(
              "{0} answered a redirect (HTTP {1}); it was not followed, so the session token stayed here. Sign in with the deployment's final URL.",
              url,
              res.status,
            ),
      };
    }
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        status: res.status,
        reason: `${l10n.t('{0} answered {1}: the session was refused.', url, res.status)} ${signInHint(credentials.deployment ?? { id: safeHostname(credentials.url), url: credentials.url })}`,
      };
    if (!res.ok) return { ok: false, reason: l10n.t('{0} answered HTTP {1}', url, res.status) };
    return { ok: true, info: parseConnectionInfo(await res.text()) };
  } catch (err) {
    if (timeout.aborted) return { ok: false, reason: l10n.t('{0} did not answer within {1} ms', url, timeoutMs) };
    if (signal.aborted) return { ok: false, reason: l10n.t('cancelled') };
    if (err instanceof NetFailure) return { ok: false, reason: `${url}: ${err.message}`, failure: err };
    return { ok: false, reason: `${url}: ${errorText(err)}` };
  }
}
