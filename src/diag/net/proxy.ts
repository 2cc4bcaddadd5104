// Which proxy, if any, a URL goes through: the proxy settings and NO_PROXY rules the Coder CLI (Go's
// ProxyFromEnvironment) and VS Code follow. Pure.
import { l10n } from '../l10n';
import { isIP } from 'node:net';
import { cidrContains, parseCidr } from './ip-math';
import type { NetSettings } from './settings';

export type ProxyChoice =
  | { kind: 'direct'; why: 'no-proxy-set' | 'bypassed' | 'loopback' }
  | { kind: 'proxy'; url: URL; label: string }
  | { kind: 'invalid'; label: string; reason: string };

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'ws:': '80', 'https:': '443', 'wss:': '443' };

/** A proxy as it may be shown: scheme, host and port, never its user name or password. */
export function proxyLabel(text: string): string {
  try {
    const url = new URL(withScheme(text));
    return `${url.protocol}//${url.host}`;
  } catch {
    // Not a URL: show what cannot be a credential (the part after the last '@', cut short).
    const tail = text.slice(text.lastIndexOf('@') + 1);
    return tail.length > 60 ? `${tail.slice(0, 60)}...` : tail;
  }
}

/** "proxy:3128" means http://proxy:3128, as Go and curl take it. */
function withScheme(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
}

function decodable(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** One NO_PROXY entry against a host and port, with Go's and curl's meaning. */
export function bypassMatches(entry: string, host: string, port: string): boolean {
  let rule = entry.trim().toLowerCase();
  if (rule === '') return false;
  if (rule === '*') return true;
  const cidr = rule.includes('/') ? parseCidr(rule) : null;
  if (cidr) return isIP(host) !== 0 && cidrContains(cidr, host);
  // host:port (or [v6]:port) limits the rule to that port.
  const portMatch = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(rule);
  if (portMatch) {
    if (portMatch[2] !== port) return false;
    rule = portMatch[1];
  }
  rule = bareHost(rule);
  // An address matches the same address however it is spelt (2001:db8:0::1 is 2001:db8::1), as Go compares them.
  const address = isIP(rule) !== 0 ? parseCidr(rule) : null;
  if (address) return isIP(host) !== 0 && cidrContains(address, host);
  if (rule.startsWith('*.')) rule = rule.slice(1);
  // ".corp" matches subdomains only; "corp.example" matches itself and its subdomains.
  if (rule.startsWith('.')) return host.endsWith(rule);
  return host === rule || host.endsWith(`.${rule}`);
}

/** The proxy for `target`, or why it goes direct; an unusable proxy setting comes back as 'invalid'. */
export function proxyFor(target: URL, settings: NetSettings): ProxyChoice {
  const host = bareHost(target.hostname);
  const port = target.port || DEFAULT_PORTS[target.protocol] || '';
  const secure = target.protocol === 'https:' || target.protocol === 'wss:';
  const setting = secure ? settings.httpsProxy : settings.httpProxy;
  if (!setting) return { kind: 'direct', why: 'no-proxy-set' };
  if (isLoopback(host)) return { kind: 'direct', why: 'loopback' };
  if ((settings.noProxy ?? []).some((entry) => bypassMatches(entry, host, port)))
    return { kind: 'direct', why: 'bypassed' };
  const label = proxyLabel(setting);
  let url: URL;
  try {
    url = new URL(withScheme(setting));
  } catch {
    return { kind: 'invalid', label, reason: l10n.t('not a URL') };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return {
      kind: 'invalid',
      label,
      reason: l10n.t('{0} proxies are not supported (http and https are)', url.protocol.slice(0, -1)),
    };
  if (!url.hostname) return { kind: 'invalid', label, reason: l10n.t('no host') };
  // The credentials are percent-decoded for Proxy-Authorization; Go refuses a proxy URL whose credentials do not decode.
  if (!decodable(url.username) || !decodable(url.password))
    return { kind: 'invalid', label, reason: l10n.t('its user name or password is not properly percent-encoded') };
  return { kind: 'proxy', url, label };
}
