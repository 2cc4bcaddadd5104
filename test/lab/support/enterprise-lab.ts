// An enterprise network on top of the NAT lab: a proxy namespace hangs off the NAT router next to
// the client, and in "proxy-only" mode the router drops the client's own TCP and UDP to the public
// side, so only the proxy gets out. Names: the proxy namespace resolves the lab's public names
// (coder.lab.test, derp1/derp2.lab.test) from its own hosts file; the client resolves none of them
// and fails fast (its resolver is 127.0.0.1, where nothing answers). `ip netns exec` bind-mounts
// /etc/netns/<ns>/{hosts,resolv.conf,nsswitch.conf} over /etc for every process it starts there.
//
//   client 10.200.1.2 ── 10.200.1.1 [nat] 203.0.113.1 ── 203.0.113.10, .11 [pub]
//                          10.200.2.1 │
//                                     └── 10.200.2.2 [proxy]
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildNatLab, PUBLIC_IPS, setNat, type NatLab } from './nat-lab';
import type { Lab } from './netns';

export const PROXY_IP = '10.200.2.2';
export const PROXY_GATEWAY = '10.200.2.1';

export const LAB_NAMES = {
  coder: 'coder.lab.test',
  derp1: 'derp1.lab.test',
  derp2: 'derp2.lab.test',
  proxy: 'proxy.lab.test',
} as const;

/** What the proxy namespace resolves by default: the deployment and relay 1 on .10, relay 2 on .11. */
export const PUBLIC_HOSTS: Readonly<Record<string, string>> = {
  [LAB_NAMES.coder]: PUBLIC_IPS[0],
  [LAB_NAMES.derp1]: PUBLIC_IPS[0],
  [LAB_NAMES.derp2]: PUBLIC_IPS[1],
};

export interface EnterpriseLab extends NatLab {
  /** The proxy's namespace (start proxies there, listening on PROXY_IP). */
  proxy: string;
  proxyIp: string;
  /** The proxy's interface, and the router's interface towards it. */
  proxyIf: string;
  natProxyIf: string;
}

export interface EnterpriseLabOptions {
  /** Names the proxy namespace resolves (default PUBLIC_HOSTS). */
  proxyHosts?: Record<string, string>;
  /** Names the client namespace resolves (default only proxy.lab.test → PROXY_IP). */
  clientHosts?: Record<string, string>;
  /** Start in proxy-only mode (default true). */
  proxyOnly?: boolean;
}

const NETNS_ETC = '/etc/netns';

/**
 * Gives `ns` its own hosts file (localhost plus `hosts`), a resolver that fails at once (nameserver
 * 127.0.0.1, one try) and nsswitch "hosts: files dns", so that no host resolver (systemd-resolved,
 * mDNS) answers for it. Takes effect for processes started afterwards with `ip netns exec`; calling
 * it again rewrites the files in place (running processes then see the new hosts too). Removed in
 * cleanup.
 */
export async function setNamesIn(lab: Lab, ns: string, hosts: Record<string, string>): Promise<void> {
  const dir = join(NETNS_ETC, ns);
  // mkdir says which folder it made; nothing when this lab made it in an earlier call (and /etc/netns stays).
  if ((await mkdir(dir, { recursive: true })) !== undefined)
    lab.onCleanup(() => rm(dir, { recursive: true, force: true }));
  const lines = ['127.0.0.1 localhost', '::1 localhost ip6-localhost ip6-loopback'];
  for (const [name, ip] of Object.entries(hosts)) lines.push(`${ip} ${name}`);
  const nsswitch = (await readFile('/etc/nsswitch.conf', 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => !/^\s*hosts\s*:/.test(line))
    .concat('hosts: files dns')
    .join('\n');
  await writeFile(join(dir, 'hosts'), lines.join('\n') + '\n');
  await writeFile(join(dir, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  await writeFile(join(dir, 'nsswitch.conf'), nsswitch + '\n');
}

function directRules(e: EnterpriseLab): string[][] {
  return ['tcp', 'udp'].map((proto) => ['FORWARD', '-i', e.natInIf, '-o', e.natOutIf, '-p', proto, '-j', 'DROP']);
}

/**
 * Proxy-only on: the router drops TCP and UDP from the client's side to the public side (the proxy's
 * own traffic and client → proxy still pass). Off: the client goes out directly through the NAT.
 * Idempotent. `setNat` flushes FORWARD, so call this again after it.
 */
export async function setProxyOnly(e: EnterpriseLab, on: boolean): Promise<void> {
  const ipt = (args: string[]): Promise<string> => e.lab.exec(e.nat, 'iptables', args);
  const present = (rule: string[]): Promise<boolean> =>
    ipt(['-C', ...rule]).then(
      () => true,
      () => false,
    );
  for (const rule of directRules(e)) {
    if (on && !(await present(rule))) await ipt(['-I', ...rule]);
    if (!on) while (await present(rule)) await ipt(['-D', ...rule]);
  }
}

/** Packets the proxy-only rules have dropped so far (the client's direct attempts), by protocol. */
export async function directDrops(e: EnterpriseLab): Promise<{ tcp: number; udp: number }> {
  // "-A FORWARD -i <in> -o <out> -p tcp -c <packets> <bytes> -j DROP" (-L shows the protocol by number with nft)
  const text = await e.lab.exec(e.nat, 'iptables', ['-v', '-S', 'FORWARD']);
  const count = { tcp: 0, udp: 0 };
  for (const line of text.split('\n')) {
    const m = / -i (\S+) -o (\S+) -p (tcp|udp) -c (\d+) \d+ -j DROP$/.exec(line.trim());
    if (m && m[1] === e.natInIf && m[2] === e.natOutIf) count[m[3] as 'tcp' | 'udp'] += Number(m[4]);
  }
  return count;
}

export async function buildEnterpriseLab(lab: Lab, options: EnterpriseLabOptions = {}): Promise<EnterpriseLab> {
  const n = await buildNatLab(lab);
  const proxy = await lab.addNamespace('x');
  const e: EnterpriseLab = { ...n, proxy, proxyIp: PROXY_IP, proxyIf: lab.name('xa'), natProxyIf: lab.name('nx') };
  await lab.link(
    { ns: proxy, ifname: e.proxyIf, cidr: `${PROXY_IP}/24` },
    { ns: n.nat, ifname: e.natProxyIf, cidr: `${PROXY_GATEWAY}/24` },
  );
  await lab.ip(proxy, ['route', 'add', 'default', 'via', PROXY_GATEWAY]);
  await setNat(n, 'masquerade');
  await setNamesIn(lab, proxy, options.proxyHosts ?? PUBLIC_HOSTS);
  await setNamesIn(lab, n.client, options.clientHosts ?? { [LAB_NAMES.proxy]: PROXY_IP });
  await setProxyOnly(e, options.proxyOnly ?? true);
  return e;
}
