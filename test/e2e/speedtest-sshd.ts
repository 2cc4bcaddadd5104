// A throwaway OpenSSH server on 127.0.0.1 for the speed test e2e: its own host key, client key,
// config and pid file in a temp folder; nothing of the machine's own sshd set-up is touched.
// The fake `coder ssh --stdio` forwards to it (FAKE_CODER_SSH_TARGET), so real SSH bytes flow.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './support/code-server';

export interface LoopbackSshd {
  port: number;
  clientKey: string;
  stop(): Promise<void>;
}

/** Throws (never skips) when the machine cannot run a throwaway sshd. */
export function ensureSshdReady(): void {
  if (!existsSync('/usr/sbin/sshd'))
    throw new Error("the speed test e2e needs OpenSSH's server: apt-get install openssh-server");
  // sshd's privilege separation folder; only root can create it, and only root runs sshd this way.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startLoopbackSshd(): Promise<LoopbackSshd> {
  ensureSshdReady();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsd-e2e-sshd-'));
  const key = (name: string): void =>
    void execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path.join(dir, name)]);
  key('host_key');
  key('client_key');
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
  // sshd reads authorized_keys as the user logging in, so it must reach into this folder;
  // the private keys stay 0600 (root's).
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    // The speed test logs in to a Coder workspace as the local user (as OpenSSH does with Coder's
    // ssh config); the agent accepts any, this sshd only the user running the test.
    `AllowUsers ${os.userInfo().username}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The key files live in a temp folder owned by root, not in the user's home.
    'StrictModes no',
    'UseDNS no',
    // bash skips the user's rc files for ssh commands when it believes it is not the top-level shell.
    'SetEnv SHLVL=1',
    'LogLevel ERROR',
  ].join('\n');
  writeFileSync(path.join(dir, 'sshd_config'), config + '\n');
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, 10_000);
  } catch (err) {
    await stop();
    throw new Error(`sshd did not start: ${stderr.trim() || String(err)}`);
  }
  return { port, clientKey: path.join(dir, 'client_key'), stop };
}
