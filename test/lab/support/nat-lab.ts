// The NAT lab: a client namespace behind a NAT namespace, and a "public" namespace with two
// addresses that runs two real STUN servers (Debian's stund) and, on another port of the same two
// addresses, a stand-in for derper's STUN side (derper-stun.js). The probes run inside the client
// namespace through the same code the extension uses (probe-main.js).
import { join } from 'node:path';
import type { DiagEvent, IssueFinding } from '../../../src/diag/events';
import type { LocalProbeOptions } from '../../../src/diag/local/options';
import type { ProbeOutcome } from '../../../src/diag/model';
import { Lab, run } from './netns';

export const NAT_PUBLIC_IP = '203.0.113.1';
export const PUBLIC_IPS = ['203.0.113.10', '203.0.113.11'] as const;
export const CLIENT_IP = '10.200.1.2';
/** stund holds 3478 and its alternate port 3479 on both addresses; the derper stand-in listens here. */
export const DERPER_STUN_PORT = 3480;

export interface NatLab {
  lab: Lab;
  client: string;
  nat: string;
  pub: string;
  /** The client's only non-loopback interface. */
  clientIf: string;
  natInIf: string;
  natOutIf: string;
}

/** 'routed': forwarded without NAT, so the servers see the client's own address and port. */
export type NatMode = 'routed' | 'masquerade' | 'random-fully' | 'udp-dropped';

export async function buildNatLab(lab: Lab): Promise<NatLab> {
  const [client, nat, pub] = [await lab.addNamespace('c'), await lab.addNamespace('n'), await lab.addNamespace('p')];
  const n: NatLab = {
    lab,
    client,
    nat,
    pub,
    clientIf: lab.name('ca'),
    natInIf: lab.name('nb'),
    natOutIf: lab.name('no'),
  };
  await lab.link(
    { ns: client, ifname: n.clientIf, cidr: `${CLIENT_IP}/24` },
    { ns: nat, ifname: n.natInIf, cidr: '10.200.1.1/24' },
  );
  await lab.link(
    { ns: nat, ifname: n.natOutIf, cidr: `${NAT_PUBLIC_IP}/24` },
    { ns: pub, ifname: lab.name('pe'), cidr: `${PUBLIC_IPS[0]}/24` },
  );
  await lab.ip(pub, ['addr', 'add', `${PUBLIC_IPS[1]}/24`, 'dev', lab.name('pe')]);
  await lab.ip(client, ['route', 'add', 'default', 'via', '10.200.1.1']);
  // Without NAT the servers answer 10.200.1.2 itself; with NAT this route is never used.
  await lab.ip(pub, ['route', 'add', '10.200.1.0/24', 'via', NAT_PUBLIC_IP]);
  await lab.exec(nat, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
  return n;
}

/** Replaces the NAT rules and forgets old mappings (conntrack keeps them otherwise). */
export async function setNat(n: NatLab, mode: NatMode): Promise<void> {
  const ipt = (args: string[]): Promise<string> => n.lab.exec(n.nat, 'iptables', args);
  await ipt(['-t', 'nat', '-F', 'POSTROUTING']);
  await ipt(['-F', 'FORWARD']);
  if (mode === 'random-fully')
    await ipt(['-t', 'nat', '-A', 'POSTROUTING', '-o', n.natOutIf, '-p', 'udp', '-j', 'MASQUERADE', '--random-fully']);
  if (mode !== 'routed') await ipt(['-t', 'nat', '-A', 'POSTROUTING', '-o', n.natOutIf, '-j', 'MASQUERADE']);
  if (mode === 'udp-dropped') await ipt(['-I', 'FORWARD', '-i', n.natInIf, '-p', 'udp', '-j', 'DROP']);
  await n.lab.exec(n.nat, 'conntrack', ['-F']).catch(() => undefined); // an empty table makes conntrack complain
}

/** Starts stund on both public addresses and waits until both answer sockets are bound. */
export async function startStund(n: NatLab): Promise<void> {
  const child = n.lab.spawn(n.pub, 'stund', ['-h', PUBLIC_IPS[0], '-a', PUBLIC_IPS[1]]);
  const exited = new Promise<never>((_r, reject) =>
    child.once('exit', (code) => reject(new Error(`stund exited with ${code}`))),
  );
  exited.catch(() => undefined);
  for (let i = 0; i < 100; i++) {
    const sockets = await n.lab.exec(n.pub, 'ss', ['-Hnlu']);
    if (PUBLIC_IPS.every((ip) => sockets.includes(`${ip}:3478`))) return;
    if (child.exitCode !== null) await exited;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('stund did not bind 3478 on both public addresses within 10 s');
}

export interface DerperStunLab {
  /** "<verdict> <from>" for every request the stand-in has seen so far (accepted, wrong-software…). */
  lines: string[];
}

/** Starts the derper STUN stand-in on both public addresses and waits until it is bound. */
export async function startDerperStunIn(n: NatLab): Promise<DerperStunLab> {
  const script = join(__dirname, 'derper-stun.js');
  const child = n.lab.spawn(n.pub, process.execPath, [
    script,
    JSON.stringify({ hosts: [...PUBLIC_IPS], port: DERPER_STUN_PORT }),
  ]);
  const seen: DerperStunLab = { lines: [] };
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    seen.lines.push(...lines.filter((l) => l !== '' && !l.startsWith('listening')));
  });
  await n.lab.waitFor(child, /listening/);
  return seen;
}

/** Sends one datagram from `ns` and returns every answer the server sent back within `waitMs`, as hex. */
export async function udpExchange(
  lab: Lab,
  ns: string,
  to: { host: string; port: number },
  datagram: Buffer,
  waitMs: number,
): Promise<Buffer[]> {
  const script = join(__dirname, 'udp-exchange.js');
  const args = JSON.stringify({ ...to, hex: datagram.toString('hex'), waitMs });
  const stdout = await lab.exec(ns, process.execPath, [script, args], waitMs + 10_000);
  return (JSON.parse(stdout) as { answers: string[] }).answers.map((h) => Buffer.from(h, 'hex'));
}

export interface ProbeRun {
  events: DiagEvent[];
  probes: Map<string, ProbeOutcome>;
  findings: IssueFinding[];
}

/** Runs runLocalProbes inside `ns` as a separate node process and collects its events. */
export async function runProbesIn(lab: Lab, ns: string, options: LocalProbeOptions): Promise<ProbeRun> {
  const script = join(__dirname, 'probe-main.js');
  const stdout = await lab.exec(ns, process.execPath, [script, JSON.stringify(options)], 60_000);
  const { events } = JSON.parse(stdout) as { events: DiagEvent[] };
  const probes = new Map<string, ProbeOutcome>();
  const findings: IssueFinding[] = [];
  for (const e of events) {
    if (e.type === 'probe') probes.set(e.outcome.name, e.outcome);
    if (e.type === 'issue') findings.push(e.finding);
  }
  return { events, probes, findings };
}

export async function natRulesText(n: NatLab): Promise<string> {
  return run('ip', ['netns', 'exec', n.nat, 'iptables', '-t', 'nat', '-S']);
}
