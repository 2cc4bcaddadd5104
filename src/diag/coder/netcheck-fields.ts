// The parts of a `coder netcheck` report that only describe (IPv6, hairpinning, port mapping,
// captive portal, warnings). Read leniently: a field of the wrong type becomes unknown and is
// named in `unreadable`, so one odd value does not cost the rest of the report.
import { isObject, type JsonObject } from '../wire/validate';
import type { NetcheckFacts, NetcheckWarning } from '../model';

export interface NetcheckNetwork extends NetcheckFacts {
  preferredDerp: number | null;
}

/** `derp.netcheck` field -> our name, for the booleans. */
const BOOLEANS = {
  UDP: 'udp',
  IPv4: 'ipv4',
  IPv6: 'ipv6',
  IPv4CanSend: 'ipv4CanSend',
  IPv6CanSend: 'ipv6CanSend',
  OSHasIPv6: 'osHasIPv6',
  MappingVariesByDestIP: 'mappingVariesByDestIP',
  HairPinning: 'hairPinning',
  UPnP: 'upnp',
  PMP: 'pmp',
  PCP: 'pcp',
  CaptivePortal: 'captivePortal',
} as const;

export function readNetwork(nc: JsonObject, unreadable: string[]): NetcheckNetwork {
  const read = <T>(key: string, ok: (v: unknown) => v is T): T | null => {
    const v = nc[key];
    if (v === undefined || v === null) return null;
    if (ok(v)) return v;
    unreadable.push(`derp.netcheck.${key}`);
    return null;
  };
  const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
  const isStr = (v: unknown): v is string => typeof v === 'string';
  const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  const network = {
    preferredDerp: read('PreferredDERP', isId),
    globalV4: read('GlobalV4', isStr),
    globalV6: read('GlobalV6', isStr),
  } as NetcheckNetwork;
  for (const [field, name] of Object.entries(BOOLEANS)) network[name] = read(field, isBool);
  return network;
}

/** `warnings` ({code, message} objects, or plain strings from older CLIs), `error` and `netcheck_err`. */
export function readWarnings(
  section: JsonObject,
  where: string,
  path: string,
  unreadable: string[],
): NetcheckWarning[] {
  const out: NetcheckWarning[] = [];
  const list = section.warnings;
  if (Array.isArray(list)) {
    list.forEach((w, i) => {
      if (typeof w === 'string') out.push({ where, code: '', message: w });
      else if (isObject(w) && (typeof w.message === 'string' || typeof w.code === 'string'))
        out.push({
          where,
          code: typeof w.code === 'string' ? w.code : '',
          message: typeof w.message === 'string' ? w.message : '',
        });
      else unreadable.push(`${path}.warnings[${i}]`);
    });
  } else if (list !== undefined && list !== null) {
    unreadable.push(`${path}.warnings`);
  }
  for (const key of ['error', 'netcheck_err']) {
    const v = section[key];
    if (typeof v === 'string' && v !== '')
      out.push({ where, code: key === 'error' ? 'error' : 'netcheck error', message: v });
    else if (v !== undefined && v !== null && v !== '') unreadable.push(`${path}.${key}`);
  }
  return out;
}

export function dedupeWarnings(warnings: NetcheckWarning[]): NetcheckWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
