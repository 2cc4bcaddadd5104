// The one way a child process is started here: no shell, no console window, in its own process
// group so that stopping it also stops whatever it started, and a stop that escalates from SIGTERM
// to SIGKILL. runProcess collects a run on top of it; the speed test keeps one alive as its transport.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

interface GroupChildOptions {
  env?: NodeJS.ProcessEnv;
  /** 'pipe' for a child we talk to (the SSH transport); 'ignore' gives it an empty stdin. */
  stdin: 'pipe' | 'ignore';
}

const WINDOWS = process.platform === 'win32';

export class GroupChild {
  readonly process: ChildProcess;
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable;
  private exitedFlag = false;
  private closedFlag = false;
  private stopRequested = false;
  private stopping: Promise<void> | null = null;
  private readonly closedPromise: Promise<void>;

  constructor(file: string, args: readonly string[], options: GroupChildOptions) {
    this.process = spawn(file, args, {
      shell: false,
      windowsHide: true,
      // Its own process group, so a kill reaches whatever it started too.
      detached: !WINDOWS,
      env: options.env ?? process.env,
      stdio: [options.stdin, 'pipe', 'pipe'],
    });
    // With stdio 'pipe' node always creates these two streams.
    this.stdout = this.process.stdout as Readable;
    this.stderr = this.process.stderr as Readable;
    this.stdin = this.process.stdin;
    this.process.on('exit', () => (this.exitedFlag = true));
    this.closedPromise = new Promise((resolve) =>
      this.process.on('close', () => {
        this.exitedFlag = true;
        this.closedFlag = true;
        // The leader is gone; anything a stopped child left in its group goes too.
        if (this.stopRequested) this.signal('SIGKILL');
        resolve();
      }),
    );
    // A child that never started has nothing to stop (its user reads the error itself).
    this.process.on('error', () => {
      if (this.process.pid === undefined) this.exitedFlag = true;
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** The leader has exited (its pipes may still be open). */
  get exited(): boolean {
    return this.exitedFlag;
  }

  /** Resolves once the leader has exited and its pipes have closed. */
  get closed(): Promise<void> {
    return this.closedPromise;
  }

  /** Sends `sig` to the whole group (just the child on Windows); quiet when nothing is left. */
  signal(sig: NodeJS.Signals): void {
    if (this.process.pid === undefined) return;
    try {
      if (WINDOWS) this.process.kill(sig);
      else process.kill(-this.process.pid, sig);
    } catch {
      // Already gone.
    }
  }

  /**
   * SIGTERM to the group now, SIGKILL after `graceMs` if it has not closed; resolves once it has
   * closed, or `graceMs` after the SIGKILL whatever happened (a stop never hangs its caller).
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.escalate(graceMs);
    return this.stopping;
  }

  private async escalate(graceMs: number): Promise<void> {
    this.stopRequested = true;
    if (this.closedFlag || this.process.pid === undefined) return;
    this.signal('SIGTERM');
    if (await this.closesWithin(graceMs)) return;
    this.signal('SIGKILL');
    await this.closesWithin(graceMs);
  }

  private closesWithin(ms: number): Promise<boolean> {
    if (this.closedFlag) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.closedPromise.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
