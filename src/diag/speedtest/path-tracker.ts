// Learns which path a speed test's `coder ssh --stdio` connection takes. Preferred: the CLI's own
// network-info file for that very process (`--network-info-dir`, a private temp folder), read
// every half second. For a CLI too old for the flag: one `coder ping` before and one after.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanLine, parsePong, stripTimestamp } from '../coder/ping-line';
import { describeFailure, runProcess } from '../coder/run';
import { readNetworkInfoFile, type NetworkInfo } from '../coder/network-info';
import { pingOnceArgv } from './coder-argv';
import { PathRecord, hopFromNetworkInfo, hopFromPong, latencyFromNetworkInfo } from './path-record';
import type { DirectWait, PathChange, PathHop, SpeedtestPath } from './types';
import { sleep } from '../sleep';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

const POLL_MS = 500;
/** The CLI rewrites the file every few seconds; anything older belongs to nobody now. */
const MAX_INFO_AGE_MS = 30_000;
/** A short run may end before the CLI's first write: wait this long for one at the end. */
const FIRST_INFO_GRACE_MS = 6_000;
const PING_TIMEOUT_MS = 15_000;
/** Between pings while waiting for a direct connection with an old CLI. */
const PING_WAIT_GAP_MS = 1_000;

export const oldCliNote = (): string =>
  l10n.t(
    'This Coder CLI cannot report the path of `coder ssh --stdio` (no --network-info-dir): the path comes from `coder ping` before and after the test; update the CLI for the exact path.',
  );

/** The newest valid `<pid>.json` in this run's private folder (only its own `coder ssh` writes there). */
async function freshestIn(dir: string, nowMs: number): Promise<{ info: NetworkInfo } | null> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return null;
  }
  let best: { info: NetworkInfo; mtimeMs: number } | null = null;
  for (const name of names) {
    const read = await readNetworkInfoFile(path.join(dir, name), nowMs, MAX_INFO_AGE_MS);
    if (read.kind === 'fresh' && (best === null || read.mtimeMs > best.mtimeMs)) best = read;
  }
  return best;
}

interface TrackerCall {
  coderPath: string;
  globalArgs: readonly string[];
  workspace: string;
  env: NodeJS.ProcessEnv;
}

export const describeHop = (hop: PathHop): string =>
  hop.kind === 'p2p'
    ? l10n.t('direct (p2p)')
    : hop.kind === 'coder-connect'
      ? 'Coder Connect'
      : `DERP ${hop.derpRegion}`;

export class CoderPathTracker {
  readonly record: PathRecord;
  private mode: 'network-info' | 'ping' = 'network-info';
  private dir: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private reading: Promise<void> | null = null;
  private note: string | null = null;
  /** A failed ping is explained once, not once per retry. */
  private pingFailed = false;
  private measuredFrom: number | null = null;
  private measuredTo: number | null = null;
  private directWait: DirectWait | null = null;

  private constructor(
    private readonly call: TrackerCall,
    startedMs: number,
    onChange: (change: PathChange) => void,
  ) {
    this.record = new PathRecord(startedMs, onChange);
  }

  /** Makes the private folder the CLI writes to; without one, falls back to `coder ping`. */
  static async create(
    call: TrackerCall,
    startedMs: number,
    onChange: (change: PathChange) => void,
  ): Promise<CoderPathTracker> {
    const tracker = new CoderPathTracker(call, startedMs, onChange);
    try {
      // mkdtemp creates it 0700: other users cannot plant or read files in it.
      tracker.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wsdoctor-net-'));
    } catch (err) {
      tracker.mode = 'ping';
      tracker.note = l10n.t(
        "Could not create a folder for the CLI's network info ({0}): the path comes from `coder ping` before and after the test.",
        errorMessage(err),
      );
    }
    return tracker;
  }

  /** The folder for `coder ssh --stdio --network-info-dir`, or null when the path comes from pings. */
  get networkInfoDir(): string | null {
    return this.mode === 'network-info' ? this.dir : null;
  }

  get source(): 'network-info' | 'ping' {
    return this.mode;
  }

  /** The CLI refused --network-info-dir: learn the path from `coder ping` instead. */
  async useOldCliFallback(): Promise<void> {
    this.mode = 'ping';
    this.note = oldCliNote();
    await this.removeDir();
  }

  /** Called once the SSH session is up: starts reading the file, or pings once for the path. */
  async connected(signal: AbortSignal): Promise<void> {
    if (this.mode === 'ping') {
      await this.pingOnce(signal);
      return;
    }
    this.timer = setInterval(() => void this.readOnce(), POLL_MS);
    await this.readOnce();
  }

  markMeasuring(nowMs: number): void {
    this.measuredFrom ??= this.record.secondsSinceStart(nowMs);
  }

  markMeasured(nowMs: number): void {
    if (this.measuredFrom !== null) this.measuredTo = this.record.secondsSinceStart(nowMs);
  }

  /**
   * Waits until the connection is direct, like `coder speedtest -d`, or `timeoutMs` passes.
   * `onTick` reports progress about once a second.
   */
  async waitForDirect(
    timeoutMs: number,
    signal: AbortSignal,
    onTick: (waitedSeconds: number, current: PathHop | null) => void,
  ): Promise<DirectWait> {
    const started = Date.now();
    const timeoutSeconds = Math.round(timeoutMs / 100) / 10;
    const done = (formed: boolean): DirectWait =>
      (this.directWait = {
        timeoutSeconds,
        waitedSeconds: Math.round((Date.now() - started) / 100) / 10,
        formed,
      });
    for (;;) {
      if (this.isDirect()) return done(true);
      const waited = Date.now() - started;
      if (waited >= timeoutMs || signal.aborted) return done(false);
      onTick(Math.floor(waited / 1000), this.record.current);
      if (this.mode === 'ping') {
        await this.pingOnce(signal);
        if (!this.isDirect()) await sleep(Math.min(PING_WAIT_GAP_MS, timeoutMs - waited), signal);
      } else {
        await sleep(Math.min(1000, Math.max(0, timeoutMs - waited)), signal);
        await this.readOnce();
      }
    }
  }

  /** Takes the last reading (or the after-ping) while the connection is still up, then stops. */
  async finish(signal: AbortSignal): Promise<void> {
    this.stopPolling();
    if (this.mode === 'ping') {
      if (!signal.aborted) await this.pingOnce(signal);
      return;
    }
    await this.readOnce();
    const deadline = Date.now() + FIRST_INFO_GRACE_MS;
    while (this.record.current === null && Date.now() < deadline && !signal.aborted) {
      await sleep(POLL_MS, signal);
      await this.readOnce();
    }
    if (this.record.current === null && this.note === null)
      this.note = l10n.t('The Coder CLI wrote no network info for this connection, so its path is unknown.');
  }

  async close(): Promise<void> {
    this.stopPolling();
    await this.reading;
    await this.removeDir();
  }

  report(): SpeedtestPath {
    return {
      source: this.mode,
      changes: this.record.changes,
      measuredFromSeconds: this.measuredFrom,
      measuredToSeconds: this.measuredTo,
      note: this.note,
      directWait: this.directWait,
    };
  }

  private isDirect(): boolean {
    return this.record.current?.kind === 'p2p';
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One read of the folder; overlapping calls share it. */
  private readOnce(): Promise<void> {
    const dir = this.dir;
    if (this.mode !== 'network-info' || dir === null) return Promise.resolve();
    this.reading ??= (async () => {
      try {
        const now = Date.now();
        const fresh = await freshestIn(dir, now);
        if (fresh) this.record.observe(hopFromNetworkInfo(fresh.info), latencyFromNetworkInfo(fresh.info), now);
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  private async pingOnce(signal: AbortSignal): Promise<void> {
    const { coderPath, globalArgs, workspace, env } = this.call;
    const run = await runProcess(coderPath, pingOnceArgv(globalArgs, workspace), {
      signal,
      timeoutMs: PING_TIMEOUT_MS,
      env,
      maxCapture: 64 * 1024,
    });
    if (run.aborted) return;
    for (const line of run.stdout.split('\n')) {
      const pong = parsePong(stripTimestamp(cleanLine(line)));
      if (pong) {
        this.record.observe(hopFromPong(pong), pong.latencyMs, Date.now());
        return;
      }
    }
    // Keep the first reason only: it is the one that explains a missing path.
    if (this.record.current === null && !this.pingFailed) {
      this.pingFailed = true;
      const why =
        run.code === 0 ? l10n.t('`coder ping` got no answer') : describeFailure('`coder ping`', run, PING_TIMEOUT_MS);
      const unknown = l10n.t('{0}, so the path is unknown.', why);
      this.note = this.note ? `${this.note} ${unknown}` : unknown;
    }
  }

  private async removeDir(): Promise<void> {
    const dir = this.dir;
    this.dir = null;
    if (dir) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
