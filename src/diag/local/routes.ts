// Route facts from every platform, and which interface carries traffic to the public internet. Pure.
import { cidrContains, parseCidr } from '../net/ip-math';

export interface Route {
  family: 4 | 6;
  destination: string;
  prefixLength: number;
  /** Interface name; on Windows IPv4 the interface's own address until it is mapped to a name. */
  iface: string;
  gateway?: string;
  metric: number;
}

/** Addresses in both halves of the IPv4 space (so "0/1 + 128/1" split defaults are seen) and a public IPv6 one. */
export const SAMPLE_PUBLIC_DESTINATIONS = ['8.8.8.8', '151.101.1.1', '2606:4700:4700::1111'];

/** Longest-prefix match, lowest metric on a tie: the route the kernel would pick (main table). */
export function routeFor(routes: Route[], destination: string): Route | null {
  let best: Route | null = null;
  for (const r of routes) {
    const cidr = parseCidr(`${r.destination}/${r.prefixLength}`);
    if (!cidr || !cidrContains(cidr, destination)) continue;
    if (!best || r.prefixLength > best.prefixLength || (r.prefixLength === best.prefixLength && r.metric < best.metric))
      best = r;
  }
  return best;
}

/** Interfaces that carry traffic to public destinations, one entry per destination that has a route. */
export function internetRoutes(routes: Route[]): { destination: string; route: Route }[] {
  return SAMPLE_PUBLIC_DESTINATIONS.flatMap((destination) => {
    const route = routeFor(routes, destination);
    return route ? [{ destination, route }] : [];
  });
}

/** Unix tunnel device names: tun, utun, wg, ppp, tailscale, ipsec, ZeroTier, vendor VPN clients. */
const TUNNEL_NAME =
  /^(tun|tap|utun|wg|ppp|pptp|ipsec|vti|gre|ipip|l2tp|sstp|gpd|cscotun|tailscale|nordlynx|proton|mullvad|zt|wt|netbird|nebula|vpn)/i;
/** Windows adapter aliases and descriptions of common VPN clients. */
const TUNNEL_WORDS =
  /(wireguard|tailscale|wintun|tap-windows|openvpn|anyconnect|globalprotect|pangp|fortinet|forticlient|zerotier|zscaler|nordvpn|expressvpn|protonvpn|mullvad|\bvpn\b|ppp adapter|wan miniport)/i;

export function isTunnelInterface(name: string): boolean {
  return TUNNEL_NAME.test(name) || TUNNEL_WORDS.test(name);
}
