// Parser for Windows `route print`: the IPv4 and IPv6 active route tables and the interface list. Pure.
// Section titles are translated on non-English Windows, so tables are recognised by row shape.
import { isIP } from 'node:net';
import type { Route } from './routes';

interface WindowsRoutes {
  routes: Route[];
  /** Interface index -> description from the "Interface List". */
  interfaceList: Map<number, string>;
}

function maskToPrefix(mask: string): number | null {
  const n = mask.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const bits = n.toString(2).padStart(32, '0');
  return /^1*0*$/.test(bits) ? (bits.indexOf('0') === -1 ? 32 : bits.indexOf('0')) : null;
}

export function parseRoutePrint(text: string): WindowsRoutes {
  const routes: Route[] = [];
  const interfaceList = new Map<number, string>();
  // Each table ("IPv4 Route Table", translated but always naming IPv4/IPv6) has two titled parts:
  // active routes first, then persistent (configured, maybe inactive) ones, which are skipped.
  let titlesInTable = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || /^=+$/.test(line)) continue;
    const ifEntry = /^(\d+)\.\.\.((?:[0-9a-fA-F]{2} )*)\.*(.+)$/.exec(line);
    if (ifEntry) {
      interfaceList.set(Number(ifEntry[1]), ifEntry[3].trim());
      continue;
    }
    if (/IPv[46]/.test(line) && !/\d+\.\d+\.\d+\.\d+/.test(line)) {
      titlesInTable = 0;
      continue;
    }
    if (/^[^\d\s][^:]*:$/.test(line)) {
      titlesInTable += 1;
      continue;
    }
    if (titlesInTable !== 1) continue;
    const f = line.split(/\s+/);
    // IPv4 row: destination, netmask, gateway (or "On-link"), interface address, metric.
    if (f.length === 5 && isIP(f[0]) === 4 && isIP(f[1]) === 4 && isIP(f[3]) === 4 && /^\d+$/.test(f[4])) {
      const prefixLength = maskToPrefix(f[1]);
      if (prefixLength === null) continue;
      const route: Route = { family: 4, destination: f[0], prefixLength, iface: f[3], metric: Number(f[4]) };
      if (isIP(f[2]) === 4) route.gateway = f[2];
      routes.push(route);
      continue;
    }
    // IPv6 row: interface index, metric, destination/prefix, gateway (or "On-link", wrapped onto
    // the next line when the destination is long).
    if (
      (f.length === 3 || f.length === 4) &&
      /^\d+$/.test(f[0]) &&
      /^\d+$/.test(f[1]) &&
      /^[0-9a-fA-F:]+\/\d+$/.test(f[2])
    ) {
      const [dest, prefix] = f[2].split('/');
      const route: Route = {
        family: 6,
        destination: dest,
        prefixLength: Number(prefix),
        iface: `#${f[0]}`,
        metric: Number(f[1]),
      };
      if (f.length === 4 && isIP(f[3]) === 6) route.gateway = f[3];
      routes.push(route);
    }
  }
  return { routes, interfaceList };
}
