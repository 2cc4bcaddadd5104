// A real OpenSSH server inside a lab namespace: its own host key, client key, config and pid
// file in a temp folder, nothing of the machine's own sshd set-up touched.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LabLink } from './link';
import { run } from './sh';

export interface LabSshd {
  host: string;
  port: number;
  dir: string;
  clientKey: string;
  /** The server's ed25519 public key blob. */
  hostKey: Buffer;
  /** A known_hosts file that trusts this server. */
  knownHosts: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

function pubBlob(file: string): Buffer {
  return Buffer.from(readFileSync(file, 'utf8').trim().split(/\s+/)[1], 'base64');
}

export async function waitForPort(host: string, port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startSshd(link: LabLink, port = 2222): Promise<LabSshd> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsspd-sshd-'));
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lab-host', '-f', path.join(dir, 'host_key')]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lab-client', '-f', path.join(dir, 'client_key')]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
  const config = [
    `Port ${port}`,
    `ListenAddress ${link.nsIp}`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'UseDNS no',
    'PermitRootLogin prohibit-password',
    // Root's shell rc files on these machines are slow; bash skips ~/.bashrc for ssh commands
    // when it is not the top-level shell, which SHLVL=1 makes it believe.
    'SetEnv SHLVL=1',
    'LogLevel ERROR',
  ].join('\n');
  writeFileSync(path.join(dir, 'sshd_config'), config + '\n');
  const child: ChildProcess = spawn(
    'ip',
    ['netns', 'exec', link.ns, '/usr/sbin/sshd', '-D', '-e', '-f', path.join(dir, 'sshd_config')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const hostKey = pubBlob(path.join(dir, 'host_key.pub'));
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${link.nsIp}]:${port} ssh-ed25519 ${hostKey.toString('base64')}\n`);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Session children may still hold the log pipe; it must not keep the test process alive.
    child.stderr?.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(link.nsIp, port);
  } catch (err) {
    await stop();
    throw new Error(`sshd did not start: ${stderr.trim() || String(err)}`);
  }
  return {
    host: link.nsIp,
    port,
    dir,
    clientKey: path.join(dir, 'client_key'),
    hostKey,
    knownHosts,
    pid: child.pid,
    stop,
  };
}
