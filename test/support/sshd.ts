// A throwaway OpenSSH server for the lab and the e2e suites: its own host key, client key, config
// and pid file in a temp folder; nothing of the machine's own sshd set-up is touched. The lab runs
// it inside a network namespace, the e2e on 127.0.0.1.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SshdOptions {
  /** The address sshd listens on. */
  host: string;
  port: number;
  /** Run sshd inside this network namespace. */
  netns?: string;
  /** Only this user may log in (default: anyone with the client key). */
  allowUser?: string;
}

export interface TestSshd {
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

const SSHD = '/usr/sbin/sshd';

/** Throws (never skips) when the machine cannot run a throwaway sshd. */
export function ensureSshdReady(): void {
  if (!existsSync(SSHD)) throw new Error("this test needs OpenSSH's server: apt-get install openssh-server");
  // sshd's privilege separation folder; only root can create it, and only root runs sshd this way.
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
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

function makeKeys(dir: string): void {
  for (const name of ['host_key', 'client_key'])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path.join(dir, name)]);
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
  // sshd reads authorized_keys as the user logging in, so it must reach into this folder;
  // the private keys stay 0600.
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, 'authorized_keys'), 0o644);
}

function configText(dir: string, o: SshdOptions): string {
  return [
    `Port ${o.port}`,
    `ListenAddress ${o.host}`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    ...(o.allowUser ? [`AllowUsers ${o.allowUser}`] : []),
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The key files live in a temp folder owned by root, not in the user's home.
    'StrictModes no',
    'UseDNS no',
    // Shell rc files can be slow; bash skips them for ssh commands when it believes it is not the
    // top-level shell, which SHLVL=1 makes it believe.
    'SetEnv SHLVL=1',
    'LogLevel ERROR',
  ].join('\n');
}

export async function startSshd(o: SshdOptions): Promise<TestSshd> {
  ensureSshdReady();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsd-sshd-'));
  makeKeys(dir);
  const configFile = path.join(dir, 'sshd_config');
  writeFileSync(configFile, configText(dir, o) + '\n');
  const sshd = [SSHD, '-D', '-e', '-f', configFile];
  const child: ChildProcess = o.netns
    ? spawn('ip', ['netns', 'exec', o.netns, ...sshd], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(sshd[0], sshd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const hostKey = Buffer.from(readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/)[1], 'base64');
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${o.host}]:${o.port} ssh-ed25519 ${hostKey.toString('base64')}\n`);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Session children may still hold the log pipe; it must not keep the test process alive.
    child.stderr?.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(o.host, o.port);
  } catch (err) {
    await stop();
    throw new Error(`sshd did not start: ${stderr.trim() || String(err)}`);
  }
  return {
    host: o.host,
    port: o.port,
    dir,
    clientKey: path.join(dir, 'client_key'),
    hostKey,
    knownHosts,
    pid: child.pid,
    stop,
  };
}
