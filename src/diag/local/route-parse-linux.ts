// Parsers for Linux /proc/net/route and /proc/net/ipv6_route (main table). Pure.
import type { Route } from './routes';

const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;

/** /proc/net/route prints each address as the kernel's 32-bit value in host byte order. */
function hexToIpv4(hex: string, littleEndian: boolean): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const bytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return (littleEndian ? bytes.reverse() : bytes).join('.');
}

function maskToPrefix(mask: string): number | null {
  const n = mask.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const bits = n.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bits)) return null;
  return bits.indexOf('0') === -1 ? 32 : bits.indexOf('0');
}

export function parseProcNetRoute(text: string, littleEndian = true): Route[] {
  const out: Route[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dest, gateway, flagsHex, , , metric, mask] = f;
    const flags = Number.parseInt(flagsHex, 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    const destination = hexToIpv4(dest, littleEndian);
    const maskIp = hexToIpv4(mask, littleEndian);
    const prefixLength = maskIp ? maskToPrefix(maskIp) : null;
    if (!destination || prefixLength === null) continue;
    const gw = hexToIpv4(gateway, littleEndian);
    const route: Route = { family: 4, destination, prefixLength, iface, metric: Number(metric) || 0 };
    if (gw && gw !== '0.0.0.0') route.gateway = gw;
    out.push(route);
  }
  return out;
}

function hexToIpv6(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(Number.parseInt(hex.slice(i, i + 4), 16).toString(16));
  return groups.join(':');
}

/** Fields: dest, dest prefix, src, src prefix, next hop, metric, refcnt, use, flags, device. */
export function parseProcIpv6Route(text: string): Route[] {
  const out: Route[] = [];
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [dest, destPrefix, , , nextHop, metric, , , flagsHex, iface] = f;
    const flags = Number.parseInt(flagsHex, 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT || iface === 'lo') continue;
    const destination = hexToIpv6(dest);
    if (!destination) continue;
    const route: Route = {
      family: 6,
      destination,
      prefixLength: Number.parseInt(destPrefix, 16),
      iface,
      metric: Number.parseInt(metric, 16) || 0,
    };
    const gw = hexToIpv6(nextHop);
    if (gw && !/^(0:){7}0$/.test(gw)) route.gateway = gw;
    out.push(route);
  }
  return out;
}
