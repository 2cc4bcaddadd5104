// Parser for macOS/BSD `ifconfig` (all interfaces). Pure.
import type { NetInterface } from './interfaces';

/** "en0: flags=8863<UP,BROADCAST,...> mtu 1500" starts a block; indented "inet"/"inet6" lines add addresses. */
export function parseIfconfig(text: string): NetInterface[] {
  const out: NetInterface[] = [];
  let current: NetInterface | null = null;
  for (const line of text.split(/\r?\n/)) {
    const head = /^([A-Za-z0-9_.-]+):\s+flags=[0-9a-fA-F]+<([^>]*)>(.*)$/.exec(line);
    if (head) {
      const mtu = /\bmtu\s+(\d+)/.exec(head[3]);
      current = { name: head[1], mtu: mtu ? Number(mtu[1]) : 0, up: head[2].split(',').includes('UP'), addresses: [] };
      out.push(current);
      continue;
    }
    if (!current || !/^\s/.test(line)) continue;
    const addr = /^\s+inet6?\s+([0-9a-fA-F:.]+)(?:%\S+)?(?:\/\d+)?\s/.exec(`${line} `);
    if (addr) current.addresses.push(addr[1]);
    // Some versions print the MTU on its own line.
    const mtuLine = /^\s+mtu\s+(\d+)/.exec(line);
    if (mtuLine) current.mtu = Number(mtuLine[1]);
  }
  return out;
}
