// The issue catalogue: what each finding means for the user and what to do next. Texts are made
// when asked for, so they come in the language of the translator installed then (see l10n.ts).
import { l10n } from './l10n';
import type { Issue, IssueId, Side } from './model';

export const DOCS_BASE = 'https://coder.com/docs/admin/networking/troubleshooting';

export interface CatalogueEntry {
  id: IssueId;
  title(): string;
  anchor: string;
  /** Plain explanation and next step; `side` lets one entry speak of either end. */
  message(side: Side, detail?: Record<string, string | number>): string;
}

/** One whole sentence per side, so a translation never has to fit a subject into someone else's grammar. */
type BySide = Record<Side, () => string>;
const bySide = (side: Side, texts: BySide): string => texts[side]();

export const CATALOGUE: Record<IssueId, CatalogueEntry> = {
  'derp-relay': {
    id: 'derp-relay',
    title: () => l10n.t('Relayed through DERP'),
    anchor: 'common-problems-with-direct-connections',
    message: () =>
      l10n.t(
        'Traffic is relayed through a DERP server instead of going directly (p2p), which adds latency and limits throughput. Fix the causes listed below; if none are listed, check that UDP is allowed on both ends.',
      ),
  },
  'direct-disabled-deployment': {
    id: 'direct-disabled-deployment',
    title: () => l10n.t('Direct connections blocked by the deployment'),
    anchor: 'disabled-deployment-wide',
    message: () =>
      l10n.t(
        'Your Coder administrator has blocked direct connections, so every connection is relayed. Ask them whether CODER_BLOCK_DIRECT (--block-direct-connections) is still needed.',
      ),
  },
  'direct-disabled-local': {
    id: 'direct-disabled-local',
    title: () => l10n.t('Direct connections disabled on this machine'),
    anchor: 'disabled-deployment-wide',
    message: () =>
      l10n.t(
        'Direct connections are turned off on this machine by --disable-direct-connections or CODER_DISABLE_DIRECT_CONNECTIONS. Remove the flag or unset the variable to allow p2p.',
      ),
  },
  'no-stun': {
    id: 'no-stun',
    title: () => l10n.t('No STUN servers'),
    anchor: 'no-stun-servers',
    message: () =>
      l10n.t(
        "The deployment's DERP map has no STUN servers, so neither end can learn its public address and direct connections rarely form. Ask your administrator to add STUN servers (CODER_DERP_SERVER_STUN_ADDRESSES).",
      ),
  },
  'udp-blocked': {
    id: 'udp-blocked',
    title: () => l10n.t('UDP blocked'),
    anchor: 'udp-blocked',
    message: (side, detail) => {
      // Our own STUN probe names the silent servers, and the relays that answered over TCP meanwhile.
      const servers = detail?.servers;
      const relays = detail?.relaysAnswered;
      if (side === 'client' && servers !== undefined && relays !== undefined)
        return l10n.t(
          'UDP looks blocked, or these STUN servers refuse our requests: {0} answered nothing over UDP while the DERP relays {1} answered over TCP. Allow outbound UDP (to the STUN servers and to the other end) in the firewall; if it is allowed, compare with what coder netcheck says about UDP.',
          servers,
          relays,
        );
      if (side === 'client' && servers !== undefined)
        return l10n.t(
          'Your machine got no answer over UDP from the STUN servers {0}, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.',
          servers,
        );
      return bySide(side, {
        agent: () =>
          l10n.t(
            'The workspace could not reach a STUN server over UDP, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.',
          ),
        client: () =>
          l10n.t(
            'Your machine could not reach a STUN server over UDP, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.',
          ),
        general: () =>
          l10n.t(
            'The connection could not reach a STUN server over UDP, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.',
          ),
      });
    },
  },
  'hard-nat': {
    id: 'hard-nat',
    title: () => l10n.t('Hard NAT'),
    anchor: 'endpoint-dependent-nat-hard-nat',
    message: (side) =>
      bySide(side, {
        agent: () =>
          l10n.t(
            'The workspace seems to be behind a hard (endpoint-dependent) NAT: different STUN servers saw different public ports. If both ends are, direct connections may not form; use a NAT with endpoint-independent mapping or open a firewall exception.',
          ),
        client: () =>
          l10n.t(
            'Your machine seems to be behind a hard (endpoint-dependent) NAT: different STUN servers saw different public ports. If both ends are, direct connections may not form; use a NAT with endpoint-independent mapping or open a firewall exception.',
          ),
        general: () =>
          l10n.t(
            'The connection seems to be behind a hard (endpoint-dependent) NAT: different STUN servers saw different public ports. If both ends are, direct connections may not form; use a NAT with endpoint-independent mapping or open a firewall exception.',
          ),
      }),
  },
  'aws-hard-nat': {
    id: 'aws-hard-nat',
    title: () => l10n.t('AWS NAT'),
    anchor: 'endpoint-dependent-nat-hard-nat',
    message: (side) =>
      bySide(side, {
        agent: () =>
          l10n.t(
            "The workspace's public address is in an AWS range, and AWS NAT gateways are hard NATs. Give the instance a public IP or make sure the other end has an easy NAT.",
          ),
        client: () =>
          l10n.t(
            "Your machine's public address is in an AWS range, and AWS NAT gateways are hard NATs. Give the instance a public IP or make sure the other end has an easy NAT.",
          ),
        general: () =>
          l10n.t(
            "The connection's public address is in an AWS range, and AWS NAT gateways are hard NATs. Give the instance a public IP or make sure the other end has an easy NAT.",
          ),
      }),
  },
  'low-mtu': {
    id: 'low-mtu',
    title: () => l10n.t('Low MTU'),
    anchor: 'low-mtu',
    message: (side, detail) => {
      const iface = detail?.interface ?? l10n.t('a network interface');
      const mtu = detail?.mtu ?? l10n.t('below 1378');
      return side === 'agent'
        ? l10n.t(
            'Interface {0} in the workspace has MTU {1}, below the 1378 a direct connection needs, so p2p traffic may stall. Raise its MTU, use another interface, or relay through DERP instead.',
            iface,
            mtu,
          )
        : l10n.t(
            'Interface {0} on your machine has MTU {1}, below the 1378 a direct connection needs, so p2p traffic may stall. Raise its MTU, use another interface, or relay through DERP instead.',
            iface,
            mtu,
          );
    },
  },
  vpn: {
    id: 'vpn',
    title: () => l10n.t('VPN is the default route'),
    anchor: 'vpns',
    message: (side) =>
      bySide(side, {
        agent: () =>
          l10n.t(
            'The workspace sends all traffic through a VPN, and NATs that do not hairpin block direct connections then. Exclude the Coder deployment from the VPN (split tunnel) or ask for an internal STUN server.',
          ),
        client: () =>
          l10n.t(
            'Your machine sends all traffic through a VPN, and NATs that do not hairpin block direct connections then. Exclude the Coder deployment from the VPN (split tunnel) or ask for an internal STUN server.',
          ),
        general: () =>
          l10n.t(
            'The connection sends all traffic through a VPN, and NATs that do not hairpin block direct connections then. Exclude the Coder deployment from the VPN (split tunnel) or ask for an internal STUN server.',
          ),
      }),
  },
  'derp-websocket-only': {
    id: 'derp-websocket-only',
    title: () => l10n.t('DERP reachable only over WebSocket'),
    anchor: 'common-problems-with-direct-connections',
    message: (_side, detail) =>
      l10n
        .t(
          'The relay {0} answers only over WebSocket; a proxy blocks the plain DERP upgrade, which makes relayed traffic slower. Allow HTTP Upgrade requests to the relay in the proxy.',
          detail?.region ?? '',
        )
        .replace('  ', ' '),
  },
  'derp-unreachable': {
    id: 'derp-unreachable',
    title: () => l10n.t('DERP relay unreachable'),
    anchor: 'common-problems-with-direct-connections',
    message: (_side, detail) =>
      l10n
        .t(
          'The relay {0} could not be reached over HTTPS or WebSocket. Check the firewall or proxy between you and the deployment.',
          detail?.region ?? '',
        )
        .replace('  ', ' '),
  },
  'cli-other': {
    id: 'cli-other',
    title: () => l10n.t('Reported by the Coder CLI'),
    anchor: 'common-problems-with-direct-connections',
    message: () => l10n.t('The Coder CLI reported a possible problem with direct connections; see its wording below.'),
  },
};

/** An issue's explanation and next step in the current language, made again from its id, side and detail. */
export function issueMessage(issue: Pick<Issue, 'id' | 'side' | 'detail' | 'message'>): string {
  const entry = (CATALOGUE as Partial<Record<string, CatalogueEntry>>)[issue.id];
  return entry ? entry.message(issue.side, issue.detail) : issue.message;
}

/** An issue's title in the current language; an id the catalogue does not know stays as it is. */
export function issueTitle(id: string): string {
  return (CATALOGUE as Partial<Record<string, CatalogueEntry>>)[id]?.title() ?? id;
}

export function docsLink(id: IssueId, base: string = DOCS_BASE): string {
  return `${base}#${CATALOGUE[id].anchor}`;
}
