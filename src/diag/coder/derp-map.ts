// The DERP map as the probes need it, from either `coder netcheck` or the deployment's API, and each
// node addressed as Tailscale's client addresses it (tailcfg.DERPNode): dial IPv4, else IPv6, else
// resolve HostName; "none" switches a family off; TLS checks CertName, else HostName. Pure.
import { isIP } from 'node:net';
import { isHostName } from './host-name';
import type { NetcheckReport } from './netcheck';
import { isObject, obj, optArr, optBool, optNum, optObj, optStr, type JsonObject } from '../wire/validate';
import type { StunServer } from './stun-server';

export interface DerpMapNode {
  name: string;
  hostName: string;
  /** '' = resolve HostName; an IPv4 address = dial it; "none" = no IPv4 for this node. */
  ipv4: string;
  /** '' = resolve HostName; an IPv6 address = dial it; "none" = no IPv6 for this node. */
  ipv6: string;
  /** The name the certificate must carry, when it is not HostName. */
  certName: string;
  /** -1 = no STUN on this node; 0 = the default 3478. */
  stunPort: number;
  stunOnly: boolean;
  /** Where STUN goes instead of the node's address (test maps). */
  stunTestIp: string;
  /** 0 = the default (443, or 80 with forceHttp). */
  derpPort: number;
  forceHttp: boolean;
  /** Skip the certificate check: only a map written for tests says so. */
  insecureForTests: boolean;
}

export interface DerpMapRegion {
  id: number;
  code: string;
  name: string;
  nodes: DerpMapNode[];
}

/** One node as `coder netcheck` or the API write it (tailcfg.DERPNode JSON). */
export function parseDerpNode(value: unknown, where: string): DerpMapNode {
  const n: JsonObject = obj(value, where);
  const text = (key: string): string => optStr(n[key], `${where}.${key}`) ?? '';
  const flag = (key: string): boolean => optBool(n[key], `${where}.${key}`) ?? false;
  return {
    name: text('Name'),
    hostName: text('HostName'),
    ipv4: text('IPv4'),
    ipv6: text('IPv6'),
    certName: text('CertName'),
    stunPort: optNum(n.STUNPort, `${where}.STUNPort`) ?? 0,
    stunOnly: flag('STUNOnly'),
    stunTestIp: text('STUNTestIP'),
    derpPort: optNum(n.DERPPort, `${where}.DERPPort`) ?? 0,
    forceHttp: flag('ForceHTTP'),
    insecureForTests: flag('InsecureForTests'),
  };
}

export function regionsFromNetcheck(report: NetcheckReport): DerpMapRegion[] {
  return report.regions.map((r) => ({ id: r.id, code: r.code, name: r.name, nodes: r.nodes }));
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
          .map((n, i) => parseDerpNode(n, `${w}.Nodes[${i}]`)),
      };
    })
    .sort((a, b) => a.id - b.id);
}

type FamilyRule = { kind: 'address'; address: string } | { kind: 'dns' } | { kind: 'off' };

/** What a node's IPv4 or IPv6 field says: dial this address, resolve the name, or not this family. */
function familyRule(field: string, family: 4 | 6): FamilyRule | { kind: 'bad' } {
  if (field === '') return { kind: 'dns' };
  if (field === 'none') return { kind: 'off' };
  return isIP(field) === family ? { kind: 'address', address: field } : { kind: 'bad' };
}

/** Where a node is dialled: an address from the map, or its HostName resolved (in the families left on). */
type NodeAddress = { source: 'ipv4' | 'ipv6'; address: string } | { source: 'dns'; hostName: string; family?: 4 | 6 };

/** The address Tailscale would dial for a node, or why it has none. */
export function nodeAddress(node: DerpMapNode): NodeAddress | { problem: string } {
  const v4 = familyRule(node.ipv4, 4);
  const v6 = familyRule(node.ipv6, 6);
  if (v4.kind === 'bad') return { problem: `IPv4 "${node.ipv4.slice(0, 80)}" is not an IP address` };
  if (v6.kind === 'bad') return { problem: `IPv6 "${node.ipv6.slice(0, 80)}" is not an IP address` };
  if (v4.kind === 'address') return { source: 'ipv4', address: v4.address };
  if (v6.kind === 'address') return { source: 'ipv6', address: v6.address };
  if (v4.kind === 'off' && v6.kind === 'off') return { problem: 'both IPv4 and IPv6 are "none"' };
  if (!node.hostName) return { problem: 'no HostName and no address' };
  const family = v4.kind === 'off' ? 6 : v6.kind === 'off' ? 4 : undefined;
  return family ? { source: 'dns', hostName: node.hostName, family } : { source: 'dns', hostName: node.hostName };
}

/** STUN servers the map advertises (one per distinct host:port), at the address Tailscale's netcheck uses. */
export function mapStunServers(regions: DerpMapRegion[]): StunServer[] {
  const seen = new Map<string, StunServer>();
  for (const node of regions.flatMap((r) => r.nodes)) {
    if (node.stunPort < 0 || nodeProblem(node) !== null) continue;
    const at = nodeAddress(node);
    if ('problem' in at) continue;
    const host = node.stunTestIp || ('address' in at ? at.address : at.hostName);
    const server = { host, port: node.stunPort || 3478 };
    seen.set(`${server.host}:${server.port}`, server);
  }
  return [...seen.values()];
}

function portProblem(port: number, what: string, min: number): string | null {
  return Number.isInteger(port) && port >= min && port <= 65535 ? null : `${what} ${port} is not a port number`;
}

/** Why a node cannot be probed (bad host, address, name or port), or null when it can. */
export function nodeProblem(node: DerpMapNode): string | null {
  if (node.hostName && !isHostName(node.hostName))
    return `"${node.hostName.slice(0, 80)}" is not a host name or IP address`;
  if (node.certName && !isHostName(node.certName)) return `CertName "${node.certName.slice(0, 80)}" is not a host name`;
  if (node.stunTestIp && isIP(node.stunTestIp) === 0)
    return `STUNTestIP "${node.stunTestIp.slice(0, 80)}" is not an IP address`;
  const at = nodeAddress(node);
  if ('problem' in at) return at.problem;
  return portProblem(node.derpPort, 'DERPPort', 0) ?? portProblem(node.stunPort, 'STUNPort', -1);
}

export interface DerpTarget {
  regionId: number;
  regionName: string;
  nodeName: string;
  /** e.g. "https://derp.example.com:443" (no path): the relay as it names itself. */
  baseUrl: string;
  /** Where the connection goes: an address from the map, or the HostName resolved. */
  dial: NodeAddress;
  /** The name the relay's certificate is checked against (CertName, else HostName). */
  certName: string;
  /** The map's InsecureForTests. */
  insecure: boolean;
}

/** A region left out of the probes, and why. */
interface SkippedRegion {
  regionId: number;
  regionName: string;
  reason: string;
}

function targetOf(region: DerpMapRegion, node: DerpMapNode, dial: NodeAddress): DerpTarget {
  const scheme = node.forceHttp ? 'http' : 'https';
  const port = node.derpPort || (node.forceHttp ? 80 : 443);
  const host = node.hostName || ('address' in dial ? dial.address : '');
  const hostText = host.includes(':') ? `[${host}]` : host;
  return {
    regionId: region.id,
    regionName: region.name,
    nodeName: node.name,
    baseUrl: `${scheme}://${hostText}:${port}`,
    dial,
    certName: node.certName || host,
    insecure: node.insecureForTests,
  };
}

/**
 * The first usable relay node of each region, as the target to probe. A node with a bad host or port
 * is passed over; a region with no usable node is listed in `skipped` with the first node's reason.
 */
export function derpTargets(regions: DerpMapRegion[]): { targets: DerpTarget[]; skipped: SkippedRegion[] } {
  const targets: DerpTarget[] = [];
  const skipped: SkippedRegion[] = [];
  for (const region of regions) {
    const relays = region.nodes.filter((n) => !n.stunOnly && (n.hostName || n.ipv4 || n.ipv6));
    const node = relays.find((n) => nodeProblem(n) === null);
    if (!node) {
      if (relays.length > 0) {
        const reason = `node ${relays[0].name || '(unnamed)'}: ${nodeProblem(relays[0])}`;
        skipped.push({ regionId: region.id, regionName: region.name, reason });
      }
      continue;
    }
    targets.push(targetOf(region, node, nodeAddress(node) as NodeAddress));
  }
  return { targets, skipped };
}
