// The issue catalogue: what each finding means for the user and what to do next.
import type { IssueId, Side } from './model';

export const DOCS_BASE = 'https://coder.com/docs/admin/networking/troubleshooting';

export interface CatalogueEntry {
  id: IssueId;
  title: string;
  anchor: string;
  /** Plain explanation and next step; `side` lets one entry speak of either end. */
  message(side: Side, detail?: Record<string, string | number>): string;
}

const whose = (side: Side): string =>
  side === 'agent' ? 'The workspace' : side === 'client' ? 'Your machine' : 'The connection';

export const CATALOGUE: Record<IssueId, CatalogueEntry> = {
  'derp-relay': {
    id: 'derp-relay',
    title: 'Relayed through DERP',
    anchor: 'common-problems-with-direct-connections',
    message: () =>
      'Traffic is relayed through a DERP server instead of going directly (p2p), which adds latency and limits throughput. Fix the causes listed below; if none are listed, check that UDP is allowed on both ends.',
  },
  'direct-disabled-deployment': {
    id: 'direct-disabled-deployment',
    title: 'Direct connections blocked by the deployment',
    anchor: 'disabled-deployment-wide',
    message: () =>
      'Your Coder administrator has blocked direct connections, so every connection is relayed. Ask them whether CODER_BLOCK_DIRECT (--block-direct-connections) is still needed.',
  },
  'direct-disabled-local': {
    id: 'direct-disabled-local',
    title: 'Direct connections disabled on this machine',
    anchor: 'disabled-deployment-wide',
    message: () =>
      'Direct connections are turned off on this machine by --disable-direct-connections or CODER_DISABLE_DIRECT_CONNECTIONS. Remove the flag or unset the variable to allow p2p.',
  },
  'no-stun': {
    id: 'no-stun',
    title: 'No STUN servers',
    anchor: 'no-stun-servers',
    message: () =>
      "The deployment's DERP map has no STUN servers, so neither end can learn its public address and direct connections rarely form. Ask your administrator to add STUN servers (CODER_DERP_SERVER_STUN_ADDRESSES).",
  },
  'udp-blocked': {
    id: 'udp-blocked',
    title: 'UDP blocked',
    anchor: 'udp-blocked',
    message: (side) =>
      `${whose(side)} could not reach a STUN server over UDP, so a direct connection cannot form. Allow outbound UDP (to the STUN servers and to the other end) in the firewall.`,
  },
  'hard-nat': {
    id: 'hard-nat',
    title: 'Hard NAT',
    anchor: 'endpoint-dependent-nat-hard-nat',
    message: (side) =>
      `${whose(side)} seems to be behind a hard (endpoint-dependent) NAT: different STUN servers saw different public ports. If both ends are, direct connections may not form; use a NAT with endpoint-independent mapping or open a firewall exception.`,
  },
  'aws-hard-nat': {
    id: 'aws-hard-nat',
    title: 'AWS NAT',
    anchor: 'endpoint-dependent-nat-hard-nat',
    message: (side) =>
      `${whose(side)}'s public address is in an AWS range, and AWS NAT gateways are hard NATs. Give the instance a public IP or make sure the other end has an easy NAT.`,
  },
  'low-mtu': {
    id: 'low-mtu',
    title: 'Low MTU',
    anchor: 'low-mtu',
    message: (side, detail) => {
      const iface = detail?.interface ?? 'a network interface';
      const mtu = detail?.mtu ?? 'below 1378';
      const where = side === 'agent' ? 'in the workspace' : 'on your machine';
      return `Interface ${iface} ${where} has MTU ${mtu}, below the 1378 a direct connection needs, so p2p traffic may stall. Raise its MTU, use another interface, or relay through DERP instead.`;
    },
  },
  vpn: {
    id: 'vpn',
    title: 'VPN is the default route',
    anchor: 'vpns',
    message: (side) =>
      `${whose(side)} sends all traffic through a VPN, and NATs that do not hairpin block direct connections then. Exclude the Coder deployment from the VPN (split tunnel) or ask for an internal STUN server.`,
  },
  'derp-websocket-only': {
    id: 'derp-websocket-only',
    title: 'DERP reachable only over WebSocket',
    anchor: 'common-problems-with-direct-connections',
    message: (_side, detail) =>
      `The relay ${detail?.region ?? ''} answers only over WebSocket; a proxy blocks the plain DERP upgrade, which makes relayed traffic slower. Allow HTTP Upgrade requests to the relay in the proxy.`.replace(
        '  ',
        ' ',
      ),
  },
  'derp-unreachable': {
    id: 'derp-unreachable',
    title: 'DERP relay unreachable',
    anchor: 'common-problems-with-direct-connections',
    message: (_side, detail) =>
      `The relay ${detail?.region ?? ''} could not be reached over HTTPS or WebSocket. Check the firewall or proxy between you and the deployment.`.replace(
        '  ',
        ' ',
      ),
  },
  'cli-other': {
    id: 'cli-other',
    title: 'Reported by the Coder CLI',
    anchor: 'common-problems-with-direct-connections',
    message: () => 'The Coder CLI reported a possible problem with direct connections; see its wording below.',
  },
};

export function docsLink(id: IssueId, base: string = DOCS_BASE): string {
  return `${base}#${CATALOGUE[id].anchor}`;
}
