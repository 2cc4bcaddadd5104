// Parser for Windows `netsh interface ipv4|ipv6 show subinterfaces`. Pure.
// The header is translated on non-English Windows, so rows are read by shape, not by column title.
import type { NetInterface } from './interfaces';

/** MediaSenseState 1 is "connected"; anything else (2 disconnected, 5 unknown...) is not up. */
export function parseNetshSubinterfaces(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S.*?)\s*$/.exec(line);
    if (!m) continue;
    out.push({ name: m[5], mtu: Number(m[1]), up: m[2] === '1', addresses: [] });
  }
  return out;
}

/**
 * IPv4 and IPv6 tables name the same interfaces; the IPv4 MTU is the adapter's (what the CLI
 * reads), the IPv6 table only adds interfaces that have no IPv4 entry.
 */
export function mergeNetshTables(v4: NetInterface[], v6: NetInterface[]): NetInterface[] {
  const byName = new Map<string, NetInterface>();
  for (const i of v4) byName.set(i.name, { ...i });
  for (const i of v6) {
    const seen = byName.get(i.name);
    if (!seen) byName.set(i.name, { ...i });
    else if (i.up && !seen.up) byName.set(i.name, { ...seen, up: true });
  }
  return [...byName.values()];
}
