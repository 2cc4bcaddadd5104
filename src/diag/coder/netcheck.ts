// Parses `coder netcheck` JSON into a typed report and turns it into findings.
import type { IssueFinding } from '../events';
import type { NetcheckWarning } from '../model';
import { isObject, type JsonObject, num, obj, optArr, optObj, optStr, parseJson, str } from '../wire/validate';
import { implausibleNote, plausibleMs, plausibleMtu } from '../plausible';
import { mapStunServers, parseDerpNode, regionsFromNetcheck, type DerpMapNode } from './derp-map';
import { serverLabel } from './stun-server';
import { dedupeWarnings, readNetwork, readWarnings, type NetcheckNetwork } from './netcheck-fields';

type DerpNode = DerpMapNode;

interface DerpRegion {
  id: number;
  code: string;
  name: string;
  nodes: DerpNode[];
  /** From the node reports: any node had to use WebSocket. */
  usesWebsocket: boolean;
  roundTripMs: number | null;
}

interface NetcheckInterface {
  name: string;
  mtu: number;
  addresses: string[];
}

export interface NetcheckReport {
  regions: DerpRegion[];
  udp: boolean | null;
  mappingVariesByDestIP: boolean | null;
  preferredDerp: number | null;
  /** Region id -> latency in milliseconds. */
  regionLatencyMs: Record<string, number>;
  globalV4: string | null;
  interfaces: NetcheckInterface[];
  warningCodes: string[];
  /** The rest of `derp.netcheck`; null when absent or not readable (never a guessed false). */
  network: NetcheckNetwork;
  warnings: NetcheckWarning[];
  /** Fields present with a value of the wrong type, read as unknown instead of failing the report. */
  unreadable: string[];
  /** Figures that were impossible (negative, absurd, fractional MTU) and left out, and why. */
  notes: string[];
}

const MIN_DIRECT_MTU = 1378;

function parseRegion(id: string, r: JsonObject, notes: string[]): DerpRegion {
  const where = `derp.regions.${id}`;
  const region = obj(r.region, `${where}.region`);
  const reports = optArr(r.node_reports, `${where}.node_reports`).filter(isObject);
  const pings = reports.map((n) => n.round_trip_ping_ms).filter((ms): ms is number => typeof ms === 'number' && ms > 0);
  for (const ms of pings.filter((ms) => !plausibleMs(ms)))
    notes.push(`${where}: ${implausibleNote('round trip', ms, ' ms')}`);
  const plausiblePings = pings.filter(plausibleMs);
  return {
    id: num(region.RegionID ?? Number(id), `${where}.region.RegionID`),
    code: optStr(region.RegionCode, `${where}.region.RegionCode`) ?? '',
    name: optStr(region.RegionName, `${where}.region.RegionName`) ?? `region ${id}`,
    nodes: optArr(region.Nodes, `${where}.region.Nodes`).map((n, i) => parseDerpNode(n, `${where}.region.Nodes[${i}]`)),
    usesWebsocket: reports.some((n) => n.uses_websocket === true),
    roundTripMs: plausiblePings.length > 0 ? Math.min(...plausiblePings) : null,
  };
}

/** Throws an Error whose message says what was wrong with the text. */
export function parseNetcheck(text: string): NetcheckReport {
  const root = obj(parseJson(text, 'coder netcheck output'), 'netcheck report');
  const derp = obj(root.derp, 'derp');
  const regionsObj = optObj(derp.regions, 'derp.regions') ?? {};
  const nc = optObj(derp.netcheck, 'derp.netcheck') ?? {};
  const unreadable: string[] = [];
  const notes: string[] = [];
  const network = readNetwork(nc, unreadable);
  const latency = readRegionLatency(nc, unreadable, notes);
  const ifaces = optObj(root.interfaces, 'interfaces') ?? {};
  // The CLI writes null for a region it has no report for.
  const regionEntries = Object.entries(regionsObj).flatMap(([id, r]) =>
    r === null ? [] : [[id, obj(r, `derp.regions.${id}`)] as const],
  );
  const interfaceWarnings = readWarnings(ifaces, 'Interfaces', 'interfaces', unreadable);
  return {
    regions: regionEntries.map(([id, r]) => parseRegion(id, r, notes)),
    udp: network.udp,
    mappingVariesByDestIP: network.mappingVariesByDestIP,
    preferredDerp: network.preferredDerp,
    regionLatencyMs: latency,
    globalV4: network.globalV4 || null,
    interfaces: readInterfaces(ifaces, notes),
    warningCodes: interfaceWarnings.map((w) => w.code),
    network,
    // Most specific first: the CLI repeats node warnings on their region and on the DERP report.
    warnings: dedupeWarnings([
      ...regionEntries.flatMap(([id, r]) => regionWarnings(id, r, unreadable)),
      ...readWarnings(derp, 'DERP', 'derp', unreadable),
      ...interfaceWarnings,
    ]),
    unreadable,
    notes,
  };
}

/** `RegionLatency` (nanoseconds) in ms, plausible values only; the others are noted and counted unreadable. */
function readRegionLatency(nc: JsonObject, unreadable: string[], notes: string[]): Record<string, number> {
  const latency: Record<string, number> = {};
  const rawLatency = optObj(nc.RegionLatency, 'derp.netcheck.RegionLatency') ?? {};
  for (const [id, ns] of Object.entries(rawLatency)) {
    if (typeof ns !== 'number' || !Number.isFinite(ns)) {
      unreadable.push(`derp.netcheck.RegionLatency.${id}`);
    } else if (plausibleMs(ns / 1e6)) {
      latency[id] = ns / 1e6;
    } else {
      // Impossible (negative, absurd): left out, said why, and counted as unreadable like other bad values.
      notes.push(`RegionLatency.${id}: ${implausibleNote('latency', ns / 1e6, ' ms')}`);
      unreadable.push(`derp.netcheck.RegionLatency.${id}`);
    }
  }
  return latency;
}

function readInterfaces(ifaces: JsonObject, notes: string[]): NetcheckReport['interfaces'] {
  return optArr(ifaces.interfaces, 'interfaces.interfaces').map((v, i) => {
    const where = `interfaces.interfaces[${i}]`;
    const o = obj(v, where);
    const name = str(o.name, `${where}.name`);
    let mtu = num(o.mtu, `${where}.mtu`);
    // 0 is "unknown"; anything else must be a whole number an interface can have.
    if (mtu !== 0 && !plausibleMtu(mtu)) {
      notes.push(`${where} (${name.slice(0, 64)}): ${implausibleNote('MTU', mtu, '')}`);
      mtu = 0;
    }
    return {
      name,
      mtu,
      addresses: optArr(o.addresses, `${where}.addresses`).map((a, j) => str(a, `${where}.addresses[${j}]`)),
    };
  });
}

/** A region's warnings: its nodes' first, then its own. */
function regionWarnings(id: string, r: JsonObject, unreadable: string[]): NetcheckWarning[] {
  const name = isObject(r.region) && typeof r.region.RegionName === 'string' ? r.region.RegionName : `region ${id}`;
  const nodes = Array.isArray(r.node_reports) ? r.node_reports.filter(isObject) : [];
  return [
    ...nodes.flatMap((n, i) => readWarnings(n, name, `derp.regions.${id}.node_reports[${i}]`, unreadable)),
    ...readWarnings(r, name, `derp.regions.${id}`, unreadable),
  ];
}

function isLinkLocal(cidr: string): boolean {
  const addr = cidr.split('/')[0].toLowerCase();
  return addr.startsWith('169.254.') || addr.startsWith('fe80:') || addr.startsWith('127.') || addr === '::1';
}

/** STUN servers the DERP map advertises, as host:port, at the addresses Tailscale's netcheck uses. */
export function stunServers(report: NetcheckReport): string[] {
  return mapStunServers(regionsFromNetcheck(report)).map(serverLabel);
}

/** Client-side findings a netcheck report supports. */
export function netcheckFindings(report: NetcheckReport): IssueFinding[] {
  const findings: IssueFinding[] = [];
  if (report.regions.length > 0 && stunServers(report).length === 0) findings.push({ id: 'no-stun', side: 'general' });
  if (report.udp === false) findings.push({ id: 'udp-blocked', side: 'client' });
  if (report.mappingVariesByDestIP === true) findings.push({ id: 'hard-nat', side: 'client' });
  for (const iface of report.interfaces) {
    const routable = iface.addresses.some((a) => !isLinkLocal(a));
    if (routable && iface.mtu > 0 && iface.mtu < MIN_DIRECT_MTU) {
      findings.push({ id: 'low-mtu', side: 'client', detail: { interface: iface.name, mtu: iface.mtu } });
    }
  }
  return findings;
}
