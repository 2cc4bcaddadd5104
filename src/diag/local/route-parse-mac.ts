// Parsers for macOS `route -n get default` and `netstat -rn`. Pure.
import type { Route } from './routes';

/** `route -n get default`: "  interface: en0" and "    gateway: 192.168.1.1". */
export function parseRouteGet(text: string): { iface: string; gateway?: string } | null {
  const iface = /^\s*interface:\s*(\S+)/m.exec(text);
  if (!iface) return null;
  const gateway = /^\s*gateway:\s*(\S+)/m.exec(text);
  return gateway ? { iface: iface[1], gateway: gateway[1] } : { iface: iface[1] };
}

/** BSD shorthand destinations: "default", "0/1", "128.0/1", "10", "192.168.1", "fe80::%utun3/64". */
function destination(text: string, family: 4 | 6): { destination: string; prefixLength: number } | null {
  if (text === 'default') return { destination: family === 4 ? '0.0.0.0' : '::', prefixLength: 0 };
  const [addrPart, prefixPart] = text.split('/');
  const addr = addrPart.split('%')[0];
  if (family === 6) {
    if (!addr.includes(':')) return null;
    return { destination: addr, prefixLength: prefixPart === undefined ? 128 : Number(prefixPart) };
  }
  const octets = addr.split('.');
  if (octets.length > 4 || octets.some((o) => !/^\d{1,3}$/.test(o))) return null;
  const full = [...octets, '0', '0', '0'].slice(0, 4).join('.');
  return { destination: full, prefixLength: prefixPart === undefined ? octets.length * 8 : Number(prefixPart) };
}

/** `netstat -rn`: sections "Internet:" and "Internet6:", each with its own header naming "Netif". */
export function parseNetstatRn(text: string): Route[] {
  const out: Route[] = [];
  let family: 4 | 6 | null = null;
  let netifColumn = -1;
  for (const line of text.split(/\r?\n/)) {
    if (/^Internet6?:/.test(line.trim())) {
      family = line.trim().startsWith('Internet6') ? 6 : 4;
      netifColumn = -1;
      continue;
    }
    const f = line.trim().split(/\s+/);
    if (f[0] === 'Destination') {
      netifColumn = f.findIndex((c) => c.toLowerCase() === 'netif');
      continue;
    }
    if (family === null || netifColumn < 0 || f.length <= netifColumn) continue;
    const d = destination(f[0], family);
    if (!d || !Number.isInteger(d.prefixLength)) continue;
    const route: Route = { family, ...d, iface: f[netifColumn], metric: 0 };
    if (/^[0-9a-fA-F:.]+$/.test(f[1]) && !f[1].startsWith('link')) route.gateway = f[1];
    out.push(route);
  }
  return out;
}
