// Shared set-up for the speed test lab: the tools it needs, options pointing at a lab sshd,
// and checks that a run left no socket or process behind.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { SpeedtestOptions } from '../../../src/diag/speedtest/types';
import { writeCoderLogin } from '../../support/coder-login';
import { FAKE_CODER, REPO_ROOT } from '../../support/paths';
import type { LabSshd } from './sshd';

export const LAB_TOOLS = ['ip', 'tc', 'iptables', 'ssh-keygen', 'sshd', 'iperf3'];
/** tbf counts headers, so about 95.6% of the configured rate is what payload can get. */
export const TBF_PAYLOAD_SHARE = 0.956;

export function sshOptions(sshd: LabSshd, over: Partial<SpeedtestOptions> = {}): SpeedtestOptions {
  return {
    target: { kind: 'ssh', host: sshd.host, port: sshd.port, username: 'root' },
    directions: ['download'],
    durationSeconds: 3,
    identityFile: sshd.clientKey,
    knownHostsFiles: [sshd.knownHosts],
    ...over,
  };
}

/** The Coder path: the fake coder's `ssh --stdio` forwards to the lab sshd (workspace "relayed" is running). */
export function coderOptions(
  sshd: LabSshd,
  logFile: string,
  over: Partial<SpeedtestOptions> = {},
  target = `${sshd.host}:${sshd.port}`,
): SpeedtestOptions {
  // The login travels as root flags, as the Coder extension passes it: the fake coder refuses without it.
  const login = writeCoderLogin(path.join(path.dirname(logFile), 'coder-login'));
  return {
    target: { kind: 'coder', workspace: 'relayed', coderPath: FAKE_CODER, globalArgs: ['--global-config', login] },
    directions: ['download'],
    durationSeconds: 3,
    identityFile: sshd.clientKey,
    env: {
      ...process.env,
      FAKE_CODER_SSH_TARGET: target,
      FAKE_CODER_LOG: logFile,
    },
    ...over,
  };
}

/**
 * Sockets and child processes this process holds, once handles closed in this turn of the event
 * loop have finished closing (libuv closes them on the next turn).
 */
export async function openHandles(): Promise<{ sockets: number; processes: number }> {
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  const info = process.getActiveResourcesInfo();
  return {
    sockets: info.filter((r) => r === 'TCPSocketWrap' || r === 'PipeWrap').length,
    processes: info.filter((r) => r === 'ProcessWrap').length,
  };
}

export const DELAY_RELAY = path.join(REPO_ROOT, 'test', 'lab', 'support-speed', 'delay-relay.js');

/** Starts the user-space delay relay in front of `host:port`; resolves with its port and a stop function. */
export function startDelayRelay(
  host: string,
  port: number,
  delayMs: number,
): Promise<{ port: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DELAY_RELAY, '127.0.0.1', host, String(port), String(delayMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    child.once('error', reject);
    child.stdout.once('data', (d: Buffer) => resolve({ port: Number(d.toString().trim()), stop }));
  });
}
