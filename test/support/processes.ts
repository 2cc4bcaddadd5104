// Helpers for tests that start real processes and must prove none is left behind.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends what a failing test left behind (each fake `coder` leads its own process group). */
export function killGroups(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Waits until none of the pids is alive, or throws after `ms` with the ones left. */
export async function waitAllDead(pids: number[], ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return;
    if (Date.now() >= until) throw new Error(`processes still alive after ${ms} ms: ${alive.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Invocation {
  pid: number;
  /** The path it was started as (a deployment's CLI copy may be a link to the fake). */
  binary: string;
  /** Whether a session token reached it through its environment. */
  tokenInEnv: boolean;
  /** Everything the fake coder was given, root flags included. */
  argv: string[];
  /** The subcommand (`ping`, `netcheck`, ...) once the root flags are taken out. */
  command: string | null;
  /** The login folder it read. */
  configDir: string;
}

/** The subcommand and what follows it, without the login's root flags in front. */
export function subcommandArgv(call: Invocation): string[] {
  return call.command === null ? [] : call.argv.slice(call.argv.indexOf(call.command));
}

/** Pids the fake coder logged (FAKE_CODER_LOG), with their argv. */
export function loggedInvocations(logFile: string): Invocation[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Invocation);
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
