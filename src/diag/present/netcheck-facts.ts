// What `coder netcheck` found, as label/value pairs every presenter shows the same way. A field
// netcheck did not report (or sent garbage for) reads "unknown", never "no".
import { l10n } from '../l10n';
import type { NetcheckSummary, NetcheckWarning } from '../model';

export const netcheckTitle = (): string => l10n.t('Network (coder netcheck)');

const yesNo = (v: boolean | null): string => (v === null ? l10n.t('unknown') : v ? l10n.t('yes') : l10n.t('no'));

function address(v: string | null): string {
  if (v === null) return l10n.t('unknown');
  return v === '' ? l10n.t('none found') : v;
}

export function netcheckFacts(s: NetcheckSummary): [string, string][] {
  return [
    ['UDP', yesNo(s.udp)],
    ['IPv4', l10n.t('{0} (can send: {1})', yesNo(s.ipv4), yesNo(s.ipv4CanSend))],
    ['IPv6', l10n.t('{0} (can send: {1}; OS has IPv6: {2})', yesNo(s.ipv6), yesNo(s.ipv6CanSend), yesNo(s.osHasIPv6))],
    [l10n.t('Public IPv4'), address(s.globalV4)],
    [l10n.t('Public IPv6'), address(s.globalV6)],
    [l10n.t('Hard NAT (mapping varies by destination)'), yesNo(s.mappingVariesByDestIP)],
    [l10n.t('Hairpinning'), yesNo(s.hairPinning)],
    [l10n.t('Port mapping'), `UPnP ${yesNo(s.upnp)}, NAT-PMP ${yesNo(s.pmp)}, PCP ${yesNo(s.pcp)}`],
    [l10n.t('Captive portal'), yesNo(s.captivePortal)],
    [
      l10n.t('Preferred DERP region'),
      s.preferredRegion ? `${s.preferredRegion.regionName} (${s.preferredRegion.regionId})` : l10n.t('unknown'),
    ],
  ];
}

export function warningLine(w: NetcheckWarning): string {
  return `${w.where}: ${w.code ? `${w.code} ` : ''}${w.message || l10n.t('(no message)')}`;
}

/** Said when some fields were present but not readable, so the unknowns are explained. */
export function unreadableNote(s: NetcheckSummary): string | null {
  return s.unreadable.length > 0
    ? l10n.t(
        'Could not read {0} (shown as unknown); update the Coder CLI or report the output.',
        s.unreadable.join(', '),
      )
    : null;
}
