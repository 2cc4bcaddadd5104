// What `coder netcheck` found, as label/value pairs every presenter shows the same way. A field
// netcheck did not report (or sent garbage for) reads "unknown", never "no".
import type { NetcheckSummary, NetcheckWarning } from '../model';

export const NETCHECK_TITLE = 'Network (coder netcheck)';

const yesNo = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'yes' : 'no');

function address(v: string | null): string {
  if (v === null) return 'unknown';
  return v === '' ? 'none found' : v;
}

export function netcheckFacts(s: NetcheckSummary): [string, string][] {
  return [
    ['UDP', yesNo(s.udp)],
    ['IPv4', `${yesNo(s.ipv4)} (can send: ${yesNo(s.ipv4CanSend)})`],
    ['IPv6', `${yesNo(s.ipv6)} (can send: ${yesNo(s.ipv6CanSend)}; OS has IPv6: ${yesNo(s.osHasIPv6)})`],
    ['Public IPv4', address(s.globalV4)],
    ['Public IPv6', address(s.globalV6)],
    ['Hard NAT (mapping varies by destination)', yesNo(s.mappingVariesByDestIP)],
    ['Hairpinning', yesNo(s.hairPinning)],
    ['Port mapping', `UPnP ${yesNo(s.upnp)}, NAT-PMP ${yesNo(s.pmp)}, PCP ${yesNo(s.pcp)}`],
    ['Captive portal', yesNo(s.captivePortal)],
    [
      'Preferred DERP region',
      s.preferredRegion ? `${s.preferredRegion.regionName} (${s.preferredRegion.regionId})` : 'unknown',
    ],
  ];
}

export function warningLine(w: NetcheckWarning): string {
  return `${w.where}: ${w.code ? `${w.code} ` : ''}${w.message || '(no message)'}`;
}

/** Said when some fields were present but not readable, so the unknowns are explained. */
export function unreadableNote(s: NetcheckSummary): string | null {
  return s.unreadable.length > 0
    ? `Could not read ${s.unreadable.join(', ')} (shown as unknown); update the Coder CLI or report the output.`
    : null;
}
