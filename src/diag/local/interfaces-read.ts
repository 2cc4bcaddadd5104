// Reads the machine's interfaces (name, MTU, up, addresses) the way each platform allows.
// Node's os.networkInterfaces() has addresses but no MTU or state, so it is only one half.
import { readdir, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { plausibleMtu } from '../plausible';
import { join } from 'node:path';
import { parseIfconfig } from './ifconfig-parse';
import { mergeAddresses, type NetInterface } from './interfaces';
import { parseIpAddr, parseIpLink } from './ip-parse';
import { mergeNetshTables, parseNetshSubinterfaces } from './netsh-parse';
import type { ToolRunner } from './system-tools';

export interface InterfaceReadDeps {
  platform: NodeJS.Platform;
  run: ToolRunner;
  /** Linux sysfs directory of interfaces (tests point it at a fixture tree). */
  sysClassNet?: string;
  addresses?: () => Map<string, string[]>;
}

type InterfaceRead = { ok: true; interfaces: NetInterface[]; via: string } | { ok: false; reason: string };

const IFF_UP = 0x1;

/** Node (libuv) lists only interfaces that are up and running, so one without carrier has no addresses here. */
export function nodeAddresses(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, list] of Object.entries(networkInterfaces())) {
    out.set(
      name,
      (list ?? []).map((a) => a.address),
    );
  }
  return out;
}

/** One /sys/class/net/<if> directory -> facts; null when it cannot be read. */
async function readSysInterface(dir: string, name: string): Promise<NetInterface | null> {
  try {
    const [mtu, flags] = await Promise.all([
      readFile(join(dir, name, 'mtu'), 'utf8'),
      readFile(join(dir, name, 'flags'), 'utf8'),
    ]);
    const mtuValue = Number(mtu.trim());
    const flagValue = Number.parseInt(flags.trim(), 16);
    if (!Number.isFinite(mtuValue) || !Number.isFinite(flagValue)) return null;
    // A fractional or absurd MTU is no reading: 0 means unknown, as elsewhere.
    return { name, mtu: plausibleMtu(mtuValue) ? mtuValue : 0, up: (flagValue & IFF_UP) !== 0, addresses: [] };
  } catch {
    return null;
  }
}

async function readLinux(deps: InterfaceReadDeps, signal: AbortSignal): Promise<InterfaceRead> {
  const dir = deps.sysClassNet ?? '/sys/class/net';
  const addresses = (deps.addresses ?? nodeAddresses)();
  try {
    const names = await readdir(dir);
    const read = (await Promise.all(names.map((n) => readSysInterface(dir, n)))).filter(
      (i): i is NetInterface => i !== null,
    );
    if (read.length > 0) return { ok: true, interfaces: mergeAddresses(read, addresses), via: dir };
  } catch {
    // No sysfs (some containers): fall back to iproute2 below.
  }
  const [link, addr] = await Promise.all([
    deps.run('ip', ['-o', 'link', 'show'], signal),
    deps.run('ip', ['-o', 'addr', 'show'], signal),
  ]);
  if (!link.ok) return { ok: false, reason: `${dir} is not readable and ${link.reason}` };
  const fromIp = addr.ok ? parseIpAddr(addr.stdout) : new Map<string, string[]>();
  const merged = new Map([...addresses, ...fromIp]);
  return { ok: true, interfaces: mergeAddresses(parseIpLink(link.stdout), merged), via: 'ip -o link/addr' };
}

async function readMac(deps: InterfaceReadDeps, signal: AbortSignal): Promise<InterfaceRead> {
  const r = await deps.run('/sbin/ifconfig', ['-a'], signal);
  if (!r.ok) return { ok: false, reason: r.reason };
  return { ok: true, interfaces: parseIfconfig(r.stdout), via: 'ifconfig -a' };
}

async function readWindows(deps: InterfaceReadDeps, signal: AbortSignal): Promise<InterfaceRead> {
  const [v4, v6] = await Promise.all([
    deps.run('netsh', ['interface', 'ipv4', 'show', 'subinterfaces'], signal),
    deps.run('netsh', ['interface', 'ipv6', 'show', 'subinterfaces'], signal),
  ]);
  if (!v4.ok && !v6.ok) return { ok: false, reason: v4.reason };
  const table = mergeNetshTables(
    v4.ok ? parseNetshSubinterfaces(v4.stdout) : [],
    v6.ok ? parseNetshSubinterfaces(v6.stdout) : [],
  );
  return {
    ok: true,
    interfaces: mergeAddresses(table, (deps.addresses ?? nodeAddresses)()),
    via: 'netsh show subinterfaces',
  };
}

export async function readInterfaces(deps: InterfaceReadDeps, signal: AbortSignal): Promise<InterfaceRead> {
  switch (deps.platform) {
    case 'linux':
    case 'android':
      return readLinux(deps, signal);
    case 'darwin':
    case 'freebsd':
    case 'openbsd':
      return readMac(deps, signal);
    case 'win32':
      return readWindows(deps, signal);
    default:
      return { ok: false, reason: `reading interfaces is not supported on ${deps.platform}` };
  }
}
