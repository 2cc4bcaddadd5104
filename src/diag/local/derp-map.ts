// The DERP map as the probes need it, from either `coder netcheck` or the deployment's API. Pure.
import { isIP } from 'node:net';
import { isHostName } from './host-name';
import type { NetcheckReport } from '../coder/netcheck';
import { isObject, obj, optArr, optBool, optNum, optObj, optStr } from '../../shared/validate';
import type { StunServer } from './stun-server';

export interface DerpMapNode {
  name: string;
  hostName: string;
  /** An explicit address the map gives instead of resolving hostName. */
  ipv4: string;
  /** -1 = no STUN on this node; 0 = the default 3478. */
  stunPort: number;
  stunOnly: boolean;
  /** 0 = the default (443, or 80 with forceHttp). */
  derpPort: number;
  forceHttp: boolean;
}

export interface DerpMapRegion {
  id: number;
  code: string;
  name: string;
  nodes: DerpMapNode[];
}

export function regionsFromNetcheck(report: NetcheckReport): DerpMapRegion[] {
  return report.regions.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    nodes: r.nodes.map((n) => ({
      name: n.name,
      hostName: n.hostName,
      ipv4: '',
      stunPort: n.stunPort,
      stunOnly: n.stunOnly,
      derpPort: n.derpPort ?? 0,
      forceHttp: false,
    })),
  }));
}

/** tailcfg.DERPMap JSON ({"Regions": {"<id>": {RegionID, RegionCode, RegionName, Nodes: [...]}}}). */
export function parseDerpMap(value: unknown, where = 'derp_map'): DerpMapRegion[] {
  const map = obj(value, where);
  const regions = optObj(map.Regions, `${where}.Regions`) ?? {};
  return Object.entries(regions)
    .filter(([, r]) => r !== null)
    .map(([id, r]) => {
      const w = `${where}.Regions.${id}`;
      const region = obj(r, w);
      return {
        id: optNum(region.RegionID, `${w}.RegionID`) ?? Number(id),
        code: optStr(region.RegionCode, `${w}.RegionCode`) ?? '',
        name: optStr(region.RegionName, `${w}.RegionName`) ?? `region ${id}`,
        nodes: optArr(region.Nodes, `${w}.Nodes`)
          .filter(isObject)
          .map((n, i) => ({
            name: optStr(n.Name, `${w}.Nodes[${i}].Name`) ?? '',
            hostName: optStr(n.HostName, `${w}.Nodes[${i}].HostName`) ?? '',
            ipv4: optStr(n.IPv4, `${w}.Nodes[${i}].IPv4`) ?? '',
            stunPort: optNum(n.STUNPort, `${w}.Nodes[${i}].STUNPort`) ?? 0,
            stunOnly: optBool(n.STUNOnly, `${w}.Nodes[${i}].STUNOnly`) ?? false,
            derpPort: optNum(n.DERPPort, `${w}.Nodes[${i}].DERPPort`) ?? 0,
            forceHttp: optBool(n.ForceHTTP, `${w}.Nodes[${i}].ForceHTTP`) ?? false,
          })),
      };
    })
    .sort((a, b) => a.id - b.id);
}

/** STUN servers the map advertises (one per distinct host:port). */
export function mapStunServers(regions: DerpMapRegion[]): StunServer[] {
  const seen = new Map<string, StunServer>();
  for (const node of regions.flatMap((r) => r.nodes)) {
    if (node.stunPort < 0 || nodeProblem(node) !== null) continue;
    const host = node.ipv4 || node.hostName;
    if (!host) continue;
    const server = { host, port: node.stunPort || 3478 };
    seen.set(`${server.host}:${server.port}`, server);
  }
  return [...seen.values()];
}

function portProblem(port: number, what: string, min: number): string | null {
  return Number.isInteger(port) && port >= min && port <= 65535 ? null : `${what} ${port} is not a port number`;
}

/** Why a node cannot be probed (bad host, address or port), or null when it can. */
export function nodeProblem(node: DerpMapNode): string | null {
  if (node.ipv4 && isIP(node.ipv4) === 0) return `IPv4 "${node.ipv4.slice(0, 80)}" is not an IP address`;
  if (node.hostName && !isHostName(node.hostName))
    return `"${node.hostName.slice(0, 80)}" is not a host name or IP address`;
  return portProblem(node.derpPort, 'DERPPort', 0) ?? portProblem(node.stunPort, 'STUNPort', -1);
}

export interface DerpTarget {
  regionId: number;
  regionName: string;
  /** e.g. "https://derp.example.com:443" (no path). */
  baseUrl: string;
}

/** A region left out of the probes, and why. */
export interface SkippedRegion {
  regionId: number;
  regionName: string;
  reason: string;
}

/**
 * The first usable relay node of each region, as the URL to probe. A node with a bad host or port
 * is passed over; a region with no usable node is listed in `skipped` with the first node's reason.
 */
export function derpTargets(regions: DerpMapRegion[]): { targets: DerpTarget[]; skipped: SkippedRegion[] } {
  const targets: DerpTarget[] = [];
  const skipped: SkippedRegion[] = [];
  for (const region of regions) {
    const relays = region.nodes.filter((n) => !n.stunOnly && (n.hostName || n.ipv4));
    const node = relays.find((n) => nodeProblem(n) === null);
    if (!node) {
      if (relays.length > 0) {
        const reason = `node ${relays[0].name || '(unnamed)'}: ${nodeProblem(relays[0])}`;
        skipped.push({ regionId: region.id, regionName: region.name, reason });
      }
      continue;
    }
    const scheme = node.forceHttp ? 'http' : 'https';
    const port = node.derpPort || (node.forceHttp ? 80 : 443);
    const host = node.hostName || node.ipv4;
    const hostText = host.includes(':') ? `[${host}]` : host;
    targets.push({ regionId: region.id, regionName: region.name, baseUrl: `${scheme}://${hostText}:${port}` });
  }
  return { targets, skipped };
}
