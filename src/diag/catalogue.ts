// The issue catalogue: what each finding means for the user and what to do next. Texts are made
// when asked for, so they come in the language of the translator installed then (see l10n.ts).
import { l10n } from './l10n';
import type { Issue, IssueId, Side } from './model';

const DOCS_BASE = 'https://coder.com/docs/admin/networking/troubleshooting';

interface CatalogueEntry {
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
  'proxy-only-network': {
    id: 'proxy-only-network',
    title: () => l10n.t('Only a proxy gets out'),
    anchor: 'udp-blocked',
    message: (_side, detail) =>
      l10n.t(
        'This network lets nothing out but the proxy {0}: no UDP and no direct TCP, while the DERP relays answered through the proxy. Every connection to a workspace will be relayed through DERP over that proxy, with the extra latency that brings. For direct connections, ask the network team to allow outbound UDP (at least to the STUN servers and port 41641), or use the workspace from a network that allows it.',
        detail?.proxy ?? '',
      ),
  },
  'proxy-problem': {
    id: 'proxy-problem',
    title: () => l10n.t('Proxy refused the connection'),
    anchor: '',
    message: (_side, detail) => proxyProblemText(detail),
  },
  'tls-certificate': {
    id: 'tls-certificate',
    title: () => l10n.t('Certificate not trusted'),
    anchor: '',
    message: (_side, detail) => certificateText(detail),
  },
  'tls-checks-off': {
    id: 'tls-checks-off',
    title: () => l10n.t('Certificate checks turned off'),
    anchor: '',
    message: (_side, detail) =>
      l10n.t(
        "The deployment's certificate is not checked, because {0} says so: anyone between you and the deployment could read your session. Trust the deployment's CA instead ({1}) and turn the setting off.",
        detail?.setting ?? '',
        detail?.fix ?? '',
      ),
  },
  'tls-file': {
    id: 'tls-file',
    title: () => l10n.t('Certificate file unusable'),
    anchor: '',
    message: (_side, detail) =>
      l10n.t(
        'The file {0} cannot be used: {1}. Connections that need it will fail. Point the setting at a readable PEM file.',
        detail?.file ?? '',
        detail?.reason ?? '',
      ),
  },
  'client-certificate': {
    id: 'client-certificate',
    title: () => l10n.t('Client certificate needed'),
    anchor: '',
    message: (_side, detail) =>
      detail?.problem === 'rejected'
        ? l10n.t(
            '{0} refused the client certificate this machine presented ({1}). Check that {2} name a certificate the deployment accepts, and that it has not expired.',
            detail.host ?? '',
            detail.code ?? '',
            detail.fix ?? '',
          )
        : l10n.t(
            '{0} asks for a client certificate, and none is set. Set {1} to the certificate and key your company issued.',
            detail?.host ?? '',
            detail?.fix ?? '',
          ),
  },
  'deployment-headers': {
    id: 'deployment-headers',
    title: () => l10n.t('Deployment headers missing'),
    anchor: '',
    message: (_side, detail) =>
      detail?.problem === 'refused'
        ? l10n.t(
            '{0} answered 403 Forbidden before checking the session: deployments behind an access gateway (Cloudflare Access and the like) need extra headers on every call. Set {1} to the command that prints them.',
            detail.host ?? '',
            detail.fix ?? '',
          )
        : l10n.t(
            'The extra headers for the deployment could not be made, so its calls were not sent: {0}. Fix the command ({1}) so that it prints one Name=value line per header and exits with status 0.',
            detail?.reason ?? '',
            detail?.fix ?? '',
          ),
  },
  'settings-withheld': {
    id: 'settings-withheld',
    title: () => l10n.t('Settings waiting for your permission'),
    anchor: '',
    message: (_side, detail) =>
      l10n.t(
        'In this remote window the settings {0} may have been written by the remote machine, so they are not used until you allow their exact values in the prompt VS Code shows. This check ran without them; run it again once allowed.',
        detail?.settings ?? '',
      ),
  },
  'cli-other': {
    id: 'cli-other',
    title: () => l10n.t('Reported by the Coder CLI'),
    anchor: 'common-problems-with-direct-connections',
    message: () => l10n.t('The Coder CLI reported a possible problem with direct connections; see its wording below.'),
  },
};

type Detail = Record<string, string | number> | undefined;

function proxyProblemText(detail: Detail): string {
  const proxy = detail?.proxy ?? '';
  switch (detail?.problem) {
    case 'auth':
      return l10n.t(
        'The proxy {0} asks for a user name and password (HTTP {1}). Put them in the proxy setting ({2}) as http://user:password@host:port.',
        proxy,
        detail.status ?? 407,
        detail.fix ?? '',
      );
    case 'auth-refused':
      return l10n.t(
        'The proxy {0} refused the user name and password in its setting (HTTP {1}). Check them in {2}.',
        proxy,
        detail.status ?? 407,
        detail.fix ?? '',
      );
    case 'unreachable':
      return l10n.t(
        'The proxy {0} could not be reached: {1}. Check the proxy setting ({2}), or whether the proxy is down.',
        proxy,
        detail.reason ?? '',
        detail.fix ?? '',
      );
    case 'invalid':
      return l10n.t(
        'The proxy setting {0} cannot be used: {1}. Fix it in {2}.',
        proxy,
        detail.reason ?? '',
        detail.fix ?? '',
      );
    default:
      return l10n.t(
        'The proxy {0} refused to connect: {1}. Ask the network team to allow the deployment and its DERP relays through the proxy, or list them in {2} if they can be reached directly.',
        proxy,
        detail?.reason ?? '',
        detail?.noProxy ?? '',
      );
  }
}

function certificateText(detail: Detail): string {
  const host = detail?.host ?? '';
  if (detail?.problem === 'name')
    return l10n.t(
      'The certificate of {0} is not made out for that name ({1}). Connect with the name on the certificate, or set {2} to it.',
      host,
      detail.code ?? '',
      detail.altFix ?? '',
    );
  if (detail?.problem === 'expired')
    return l10n.t(
      "The certificate of {0}, signed by {1}, is expired or not yet valid ({2}). Check this machine's clock; if it is right, the server's certificate must be renewed.",
      host,
      detail.issuer ?? '',
      detail.code ?? '',
    );
  return l10n.t(
    "The certificate of {0} is signed by {1}, which this machine doesn't trust, so nothing can be asked of it. Set {2} to your company's CA certificate (a PEM file).",
    host,
    detail?.issuer ?? '',
    detail?.fix ?? '',
  );
}

/** An issue's explanation and next step in the current language, made again from its id, side and detail. */
export function issueMessage(issue: Pick<Issue, 'id' | 'side' | 'detail' | 'message'>): string {
  const entry = (CATALOGUE as Partial<Record<string, CatalogueEntry>>)[issue.id];
  return entry ? entry.message(issue.side, issue.detail) : issue.message;
}

/** An issue's title in the current language; an id the catalogue does not know stays as it is. */
export function issueTitle(id: string): string {
  return (CATALOGUE as Partial<Record<string, CatalogueEntry>>)[id]?.title() ?? id;
}

/** The troubleshooting section for an issue; the page itself for issues it has no section on (proxies, certificates). */
export function docsLink(id: IssueId, base: string = DOCS_BASE): string {
  const anchor = CATALOGUE[id].anchor;
  return anchor ? `${base}#${anchor}` : base;
}
