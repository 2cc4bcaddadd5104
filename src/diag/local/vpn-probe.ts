// The VPN probe: does traffic to the public internet leave through a tunnel interface?
// Two views: the routing table (main table, per platform) and the kernel's own choice for a
// connected UDP socket (which also sees policy routing such as wg-quick's or Tailscale's tables).
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IssueFinding } from '../events';
import { nodeAddresses } from './interfaces-read';
import type { ProbeResult } from './mtu-probe';
import { parseNetstatRn, parseRouteGet } from './route-parse-mac';
import { parseProcIpv6Route, parseProcNetRoute } from './route-parse-linux';
import { parseRoutePrint } from './route-parse-windows';
import { internetRoutes, isTunnelInterface, SAMPLE_PUBLIC_DESTINATIONS, type Route } from './routes';
import type { ToolRunner } from './system-tools';
import { errorMessage } from '../errors';

interface VpnProbeDeps {
  platform: NodeJS.Platform;
  run: ToolRunner;
  /** Linux /proc/net (tests point it at fixtures). */
  procNet?: string;
  addresses?: () => Map<string, string[]>;
  /** Local address the kernel would send from to reach `destination`; null when it has no route. */
  routeLookup?: (destination: string) => Promise<string | null>;
}

export interface RouteUse {
  destination: string;
  iface: string;
  gateway?: string;
  tunnel: boolean;
  via: 'route-table' | 'kernel-lookup';
}

/** Connecting a UDP socket sends nothing, but makes the kernel pick the route and source address. */
function kernelRouteLookup(destination: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = createSocket(destination.includes(':') ? 'udp6' : 'udp4');
    const done = (value: string | null): void => {
      socket.close();
      resolve(value);
    };
    socket.on('error', () => done(null));
    socket.connect(53, destination, () => {
      try {
        done(socket.address().address);
      } catch {
        done(null);
      }
    });
  });
}

function interfaceOfAddress(addresses: Map<string, string[]>, ip: string): string | null {
  for (const [name, list] of addresses) if (list.includes(ip)) return name;
  return null;
}

async function routeTable(
  deps: VpnProbeDeps,
  signal: AbortSignal,
): Promise<{ routes: Route[]; via: string } | { reason: string }> {
  switch (deps.platform) {
    case 'linux':
    case 'android': {
      const dir = deps.procNet ?? '/proc/net';
      try {
        const v4 = await readFile(join(dir, 'route'), 'utf8');
        const v6 = await readFile(join(dir, 'ipv6_route'), 'utf8').catch(() => '');
        return { routes: [...parseProcNetRoute(v4), ...parseProcIpv6Route(v6)], via: `${dir}/route` };
      } catch (err) {
        return { reason: `could not read ${dir}/route: ${errorMessage(err)}` };
      }
    }
    case 'darwin':
    case 'freebsd':
    case 'openbsd': {
      const table = await deps.run('/usr/sbin/netstat', ['-rn'], signal);
      if (table.ok) return { routes: parseNetstatRn(table.stdout), via: 'netstat -rn' };
      const def = await deps.run('/sbin/route', ['-n', 'get', 'default'], signal);
      if (!def.ok) return { reason: `${table.reason}; ${def.reason}` };
      const parsed = parseRouteGet(def.stdout);
      if (!parsed) return { reason: 'route -n get default named no interface' };
      return {
        routes: [
          {
            family: 4,
            destination: '0.0.0.0',
            prefixLength: 0,
            iface: parsed.iface,
            gateway: parsed.gateway,
            metric: 0,
          },
        ],
        via: 'route -n get default',
      };
    }
    case 'win32': {
      const r = await deps.run('route', ['print'], signal);
      if (!r.ok) return { reason: r.reason };
      const parsed = parseRoutePrint(r.stdout);
      const addresses = (deps.addresses ?? nodeAddresses)();
      const routes = parsed.routes.map((route) => {
        if (route.iface.startsWith('#'))
          return { ...route, iface: parsed.interfaceList.get(Number(route.iface.slice(1))) ?? route.iface };
        return { ...route, iface: interfaceOfAddress(addresses, route.iface) ?? route.iface };
      });
      return { routes, via: 'route print' };
    }
    default:
      return { reason: `reading routes is not supported on ${deps.platform}` };
  }
}

/** Pure: a tunnel carrying public traffic is the VPN finding (one per client; the first tunnel named). */
export function vpnFindings(uses: RouteUse[]): IssueFinding[] {
  const tunnel = uses.find((u) => u.tunnel);
  return tunnel ? [{ id: 'vpn', side: 'client', detail: { interface: tunnel.iface } }] : [];
}

export async function probeVpn(deps: VpnProbeDeps, signal: AbortSignal): Promise<ProbeResult> {
  const addresses = (deps.addresses ?? nodeAddresses)();
  const lookup = deps.routeLookup ?? kernelRouteLookup;
  const [table, lookups] = await Promise.all([
    routeTable(deps, signal),
    Promise.all(
      SAMPLE_PUBLIC_DESTINATIONS.map(async (destination) => ({
        destination,
        local: await lookup(destination).catch(() => null),
      })),
    ),
  ]);
  const uses: RouteUse[] = [];
  if ('routes' in table) {
    for (const { destination, route } of internetRoutes(table.routes)) {
      const use: RouteUse = {
        destination,
        iface: route.iface,
        tunnel: isTunnelInterface(route.iface),
        via: 'route-table',
      };
      if (route.gateway) use.gateway = route.gateway;
      uses.push(use);
    }
  }
  for (const { destination, local } of lookups) {
    const iface = local ? interfaceOfAddress(addresses, local) : null;
    if (iface) uses.push({ destination, iface, tunnel: isTunnelInterface(iface), via: 'kernel-lookup' });
  }
  if (uses.length === 0 && 'reason' in table)
    return { outcome: { name: 'vpn', ran: false, reason: table.reason }, findings: [] };
  const data: Record<string, unknown> = { via: 'routes' in table ? table.via : 'kernel route lookup', routes: uses };
  if (uses.length === 0) data.note = 'no route to the public internet';
  return { outcome: { name: 'vpn', ran: true, data }, findings: vpnFindings(uses) };
}
