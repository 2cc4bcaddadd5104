// The interface facts every platform reader produces, and the low-MTU rule applied to them. Pure.
import { plausibleMtu } from '../plausible';
import type { IssueFinding } from '../events';
import { isLinkLocalOrLoopback } from '../net/ip-math';

/** The smallest MTU a direct (WireGuard) connection works well with, as the Coder CLI checks. */
const MIN_DIRECT_MTU = 1378;

export interface NetInterface {
  name: string;
  mtu: number;
  /** Administratively up (IFF_UP), or "connected" where the platform only says that. */
  up: boolean;
  /** Addresses without prefix length, e.g. "192.0.2.2", "fd00::2". */
  addresses: string[];
}

/** Every interface that is up and has an address other than link-local/loopback counts. */
export function isChecked(iface: NetInterface): boolean {
  return iface.up && iface.addresses.some((a) => !isLinkLocalOrLoopback(a));
}

export function lowMtuFindings(interfaces: NetInterface[]): IssueFinding[] {
  return interfaces
    .filter((i) => isChecked(i) && plausibleMtu(i.mtu) && i.mtu < MIN_DIRECT_MTU)
    .map((i) => ({ id: 'low-mtu' as const, side: 'client' as const, detail: { interface: i.name, mtu: i.mtu } }));
}

/** Joins per-name facts (MTU and state from one source, addresses from another). */
export function mergeAddresses(interfaces: NetInterface[], addresses: Map<string, string[]>): NetInterface[] {
  return interfaces.map((i) => ({ ...i, addresses: [...new Set([...i.addresses, ...(addresses.get(i.name) ?? [])])] }));
}
