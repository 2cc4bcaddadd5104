// What a STUN server entry is: the one rule for the probes' own lists, the `wsdoctor.stunServers`
// setting and `wsdoctor check --stun`. Pure.
import { isIP } from 'node:net';
import { isHostName } from './host-name';

export interface StunServer {
  host: string;
  port: number;
}

const STUN_PORT = 3478;

/** "host:port", "[v6]:port" or "host" (port 3478) -> StunServer; null when it is not one. */
export function parseStunServer(text: string): StunServer | null {
  const t = text.trim();
  if (t === '') return null;
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(t);
  if (bracket) return withPort(bracket[1], bracket[2]);
  if (isIP(t) === 6) return { host: t, port: STUN_PORT };
  const hostPort = /^([^\s:/[\]]+)(?::(\d{1,5}))?$/.exec(t);
  return hostPort && isHostName(hostPort[1]) ? withPort(hostPort[1], hostPort[2]) : null;
}

function withPort(host: string, port: string | undefined): StunServer | null {
  const n = port === undefined ? STUN_PORT : Number(port);
  return n > 0 && n < 65536 ? { host, port: n } : null;
}

export function serverLabel(s: StunServer): string {
  return isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

type StunEntryCheck = { ok: true; server: StunServer } | { ok: false; reason: string };

/**
 * An entry the user typed (a setting or a flag) must name its port, so a typo in the port is not
 * silently replaced by 3478: `host:port`, `1.2.3.4:port` or `[v6]:port`.
 */
export function checkStunEntry(text: string): StunEntryCheck {
  const t = text.trim();
  if (t === '') return { ok: false, reason: 'an empty entry' };
  const port = /^(?:\[[^\]]*\]|[^:]*):(\d+)$/.exec(t)?.[1];
  if (port === undefined) return { ok: false, reason: `"${t}" is not HOST:PORT` };
  const n = Number(port);
  if (n < 1 || n > 65535) return { ok: false, reason: `"${t}" has port ${port}; a port is 1 to 65535` };
  const server = parseStunServer(t);
  return server
    ? { ok: true, server }
    : { ok: false, reason: `"${t}" is not HOST:PORT (a host name, an IPv4 address or an [IPv6] address)` };
}
