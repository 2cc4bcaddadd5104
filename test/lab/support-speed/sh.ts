// Runs lab commands (ip, tc, iptables, sshd...) without a shell, and insists on what the lab needs:
// a lab test that cannot run must fail, not skip.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export interface Output {
  stdout: string;
  stderr: string;
}

export function run(file: string, args: readonly string[], timeoutMs = 30_000): Promise<Output> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve({ stdout, stderr });
    });
  });
}

function onPath(tool: string): boolean {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin']);
  return dirs.some((d) => {
    try {
      accessSync(path.join(d, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Throws (failing the test) unless running as root with every tool present. */
export function requireLab(tools: readonly string[]): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error('This lab test needs root (network namespaces, tc, iptables, sshd). Run it as root, as CI does.');
  }
  const missing = tools.filter((t) => !onPath(t));
  if (missing.length > 0) {
    throw new Error(
      `Lab tools missing: ${missing.join(', ')}. Install: apt-get install -y iproute2 iptables openssh-server openssh-client iperf3`,
    );
  }
}
