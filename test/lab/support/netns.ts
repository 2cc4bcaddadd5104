// Network-namespace lab helpers for root-only tests: unique names per run, commands without a
// shell, child processes tracked by PID, and a cleanup that removes exactly what this run made.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Fails (never skips) when the lab cannot run here. */
export function requireRoot(): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error('lab tests need root (network namespaces, iptables); run them as root, e.g. in CI');
  }
}

export function findTool(name: string): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** Fails when a tool is missing, naming the Debian package that has it. */
export function requireTools(tools: Record<string, string>): void {
  const missing = Object.entries(tools).filter(([tool]) => findTool(tool) === null);
  if (missing.length > 0) {
    throw new Error(`lab tools missing: ${missing.map(([t, pkg]) => `${t} (apt-get install ${pkg})`).join(', ')}`);
  }
}

export function run(file: string, args: string[], timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export class Lab {
  /** Short so that "<prefix><suffix>" stays within the kernel's 15-character interface names. */
  readonly prefix = `wl${randomBytes(3).toString('hex')}`;
  private readonly namespaces: string[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];

  name(suffix: string): string {
    const n = `${this.prefix}${suffix}`;
    if (n.length > 15) throw new Error(`name ${n} is longer than 15 characters`);
    return n;
  }

  async addNamespace(suffix: string): Promise<string> {
    const ns = this.name(suffix);
    await run('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    await this.ip(ns, ['link', 'set', 'lo', 'up']);
    return ns;
  }

  ip(ns: string, args: string[]): Promise<string> {
    return run('ip', ['-n', ns, ...args]);
  }

  exec(ns: string, file: string, args: string[], timeoutMs?: number): Promise<string> {
    return run('ip', ['netns', 'exec', ns, file, ...args], timeoutMs);
  }

  /** A veth pair with one end in each namespace, addressed and up. */
  async link(
    a: { ns: string; ifname: string; cidr: string },
    b: { ns: string; ifname: string; cidr: string },
  ): Promise<void> {
    await run('ip', ['link', 'add', a.ifname, 'netns', a.ns, 'type', 'veth', 'peer', 'name', b.ifname, 'netns', b.ns]);
    for (const end of [a, b]) {
      await this.ip(end.ns, ['addr', 'add', end.cidr, 'dev', end.ifname]);
      await this.ip(end.ns, ['link', 'set', end.ifname, 'up']);
    }
  }

  /** Starts a long-running process in a namespace; it is killed (by its PID) in cleanup. */
  spawn(ns: string, file: string, args: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    return child;
  }

  /** Resolves once the child prints a line matching `ready`; rejects if it exits first. */
  waitFor(child: ChildProcess, ready: RegExp, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms; output: ${seen}`)), timeoutMs);
      const onData = (chunk: Buffer): void => {
        seen += chunk.toString();
        if (ready.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before it was ready; output: ${seen}`));
      });
    });
  }

  /** Runs `undo` in cleanup, after the processes have ended and before the namespaces go; last added, first run. */
  onCleanup(undo: () => Promise<void>): void {
    this.cleanups.push(undo);
  }

  async cleanup(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(timer);
      }
    }
    this.children.length = 0;
    const failures: unknown[] = [];
    for (const undo of this.cleanups.splice(0).reverse()) {
      await undo().catch((err: unknown) => failures.push(err));
    }
    // Deleting a namespace removes its veth ends and iptables rules with it.
    for (const ns of this.namespaces.splice(0).reverse()) {
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    if (failures.length > 0) throw new AggregateError(failures, 'lab cleanup: some steps failed');
  }
}
