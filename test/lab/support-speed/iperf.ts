// iperf3 across the same lab link, as the reference figure for throughput.
import { spawn } from 'node:child_process';
import type { LabLink } from './link';
import { run } from './sh';

/** Mbit/s the receiver saw; `reverse` measures namespace -> test (our "download"). */
export async function iperf3Mbits(link: LabLink, seconds: number, reverse: boolean, port = 5201): Promise<number> {
  const server = spawn(
    'ip',
    ['netns', 'exec', link.ns, 'iperf3', '-s', '--forceflush', '-B', link.nsIp, '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const exited = new Promise<void>((r) => server.once('close', () => r()));
  try {
    // Wait for its banner rather than probing the port: a probe would count as a failed test.
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('iperf3 server did not start')), 10_000);
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Server listening')) {
          clearTimeout(t);
          resolve();
        }
      });
      server.once('close', () => reject(new Error(`iperf3 server exited: ${out.trim()}`)));
    });
    const args = ['-c', link.nsIp, '-p', String(port), '-t', String(seconds), '-J', ...(reverse ? ['-R'] : [])];
    const { stdout } = await run('iperf3', args, (seconds + 20) * 1000);
    const parsed = JSON.parse(stdout) as { end?: { sum_received?: { bits_per_second?: number } } };
    const bps = parsed.end?.sum_received?.bits_per_second;
    if (typeof bps !== 'number') throw new Error(`iperf3 gave no receiver figure: ${stdout.slice(0, 300)}`);
    return bps / 1e6;
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}
