// One network namespace joined to the test's own namespace by a veth pair, optionally shaped by
// tbf in both directions; the speed test runs here and the servers run inside the namespace.
import { randomBytes } from 'node:crypto';
import { run } from './sh';

export interface LabLink {
  ns: string;
  hostIf: string;
  nsIf: string;
  hostIp: string;
  nsIp: string;
  /** Runs a command inside the namespace. */
  inNs(file: string, args: readonly string[], timeoutMs?: number): Promise<void>;
  /** Caps each direction at `mbit` with tbf (as in the lab notes: burst 64kb, latency 50ms). */
  shape(mbit: number): Promise<void>;
  /** Drops every packet in and out of the namespace: the link is cut, nothing is reset. */
  cut(): Promise<void>;
  destroy(): Promise<void>;
}

export async function createLink(tag: string): Promise<LabLink> {
  const id = randomBytes(3).toString('hex');
  const ns = `wsspd-${tag}-${id}`;
  const hostIf = `ws${id}h`;
  const nsIf = `ws${id}n`;
  // A /30 in 10.200-249.x.x picked at random; namespaces are unique per run so clashes are unlikely.
  const b = randomBytes(2);
  const net = `10.${200 + (b[0] % 50)}.${b[1]}`;
  const base = 4 * (randomBytes(1)[0] % 63);
  const hostIp = `${net}.${base + 1}`;
  const nsIp = `${net}.${base + 2}`;

  await run('ip', ['netns', 'add', ns]);
  const link: LabLink = {
    ns,
    hostIf,
    nsIf,
    hostIp,
    nsIp,
    inNs: async (file, args, timeoutMs) => {
      await run('ip', ['netns', 'exec', ns, file, ...args], timeoutMs);
    },
    shape: async (mbit) => {
      const tbf = ['root', 'tbf', 'rate', `${mbit}mbit`, 'burst', '64kb', 'latency', '50ms'];
      await run('tc', ['qdisc', 'replace', 'dev', hostIf, ...tbf]);
      await run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'replace', 'dev', nsIf, ...tbf]);
    },
    cut: async () => {
      await link.inNs('iptables', ['-I', 'INPUT', '-i', nsIf, '-j', 'DROP']);
      await link.inNs('iptables', ['-I', 'OUTPUT', '-o', nsIf, '-j', 'DROP']);
    },
    destroy: async () => {
      // Whatever still runs in the namespace was started by this test (e.g. an sshd session
      // child still waiting on a cut link): end each by its pid.
      const { stdout } = await run('ip', ['netns', 'pids', ns]).catch(() => ({ stdout: '' }));
      for (const pid of stdout.split(/\s+/).filter(Boolean).map(Number)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await run('ip', ['link', 'del', hostIf]).catch(() => undefined);
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    },
  };
  try {
    await run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
    await run('ip', ['link', 'set', nsIf, 'netns', ns]);
    await run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
    await run('ip', ['link', 'set', hostIf, 'up']);
    await link.inNs('ip', ['addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
    await link.inNs('ip', ['link', 'set', nsIf, 'up']);
    await link.inNs('ip', ['link', 'set', 'lo', 'up']);
  } catch (err) {
    await link.destroy();
    throw err;
  }
  return link;
}
