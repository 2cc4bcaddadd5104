// Parsers for Linux `ip -o link` and `ip -o addr` (one record per line). Pure.
import type { NetInterface } from './interfaces';

/** `ip -o link`: "4: eth0@if5: <BROADCAST,UP,LOWER_UP> mtu 1400 qdisc ... state UP ...". */
export function parseIpLink(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\d+:\s+([^:\s]+?)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/.exec(line);
    if (!m) continue;
    const flags = m[2].split(',');
    const mtu = /\bmtu\s+(\d+)\s/.exec(m[3]);
    if (!mtu) continue; // a truncated record; better no entry than a wrong one
    out.push({ name: m[1], mtu: Number(mtu[1]), up: flags.includes('UP'), addresses: [] });
  }
  return out;
}

/** `ip -o addr`: "4: eth0    inet 192.0.2.2/24 brd ... scope global eth0\ ...". Name -> addresses. */
export function parseIpAddr(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\d+:\s+([^\s@]+)(?:@\S+)?\s+inet6?\s+([0-9a-fA-F:.]+)(?:\/\d+)?/.exec(line);
    if (!m) continue;
    const list = out.get(m[1]) ?? [];
    list.push(m[2]);
    out.set(m[1], list);
  }
  return out;
}
