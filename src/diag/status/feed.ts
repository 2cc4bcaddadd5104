// What feeds the status indicator, cheapest first: the network-info file the Coder CLI writes for
// this window's connection (read, nothing spawned), else one long-lived `coder ping`. Nothing runs
// while no workspace is known or the indicator is off. No vscode imports, so it is testable alone.
import * as path from 'node:path';
import type { CliResolution } from '../coder/login';
import { readNetworkInfoFile } from '../coder/network-info';
import type { NetworkInfo } from '../coder/network-info';
import { freshestNetworkInfo, ownNetworkInfoFiles } from './own-network-info';
import type { OwnFile } from './own-network-info';
import { listProcesses } from './process-table';
import type { ProcessEntry } from './process-table';
import { loginRedactor, redactDeep } from '../redact';
import { LivePinger } from './pinger';
import type { LiveSample, StatusEvent } from './state';

interface StatusFeedOptions {
  /** This window's SSH host when it is a Coder remote (finds its own `coder ssh`), else null. */
  sshHost: string | null;
  /** `.../coder.coder-remote/net` in a Coder extension window; null: the folder its process names. */
  networkInfoDir: string | null;
  /** The process table (tests); null where it cannot be read. */
  listProcesses?: () => Promise<ProcessEntry[] | null>;
  /** The window's login and CLI, resolved when a pinger is needed. */
  resolveCli: () => Promise<CliResolution>;
  emit: (event: StatusEvent) => void;
  /** Called after every poll, so time-based states (stale, offline) are redrawn. */
  onTick?: () => void;
  log?: (line: string) => void;
  /** The pinger's own chatter, for a debug log. */
  debug?: (line: string) => void;
}

interface FeedSettings {
  workspace: string | null;
  enabled: boolean;
  refreshSeconds: number;
}

/** Network-info files are written every few seconds; older than this they say nothing about now. */
const NETWORK_INFO_MAX_AGE_MS = 15_000;
/** Polls without a fresh network-info file before the pinger takes over. */
const NETWORK_INFO_GRACE_POLLS = 2;
/** After the CLI was not found, wait this long before looking again. */
const CLI_RETRY_MS = 30_000;
/** While pinging, read the process table for this window's `coder ssh` again this often. */
const PROCESS_SCAN_RETRY_MS = 30_000;

export class StatusFeed {
  private pinger: LivePinger | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private generation = 0;
  private missedNetworkInfo = 0;
  private sawSample = false;
  private cliRetryAt = 0;
  /** This window's own `<pid>.json`, once found. */
  private ownFile: string | null = null;
  /** This host's `coder ssh` processes' files at the last scan of the process table. */
  private candidates: OwnFile[] = [];
  private scanAt = 0;
  /** The generation whose poll is running, if any. */
  private ticking: number | null = null;
  private settings: FeedSettings = { workspace: null, enabled: false, refreshSeconds: 5 };
  /** The tokens of the login the pinger uses, so no reason quotes them. */
  private secrets: readonly string[] = [];

  constructor(private readonly options: StatusFeedOptions) {}

  /** True while a `coder ping` child is kept running. */
  get pinging(): boolean {
    return this.pinger !== null;
  }

  /** Stops whatever feeds the indicator and starts the right one for these settings. */
  async restart(settings: FeedSettings): Promise<void> {
    const generation = ++this.generation;
    await this.stop();
    if (generation !== this.generation) return;
    this.settings = settings;
    this.missedNetworkInfo = 0;
    this.sawSample = false;
    this.cliRetryAt = 0;
    this.ownFile = null;
    this.candidates = [];
    this.scanAt = 0;
    if (!settings.enabled || settings.workspace === null) return;
    this.ticker = setInterval(() => void this.tick(generation), settings.refreshSeconds * 1000);
    await this.tick(generation);
  }

  /** Stops the pinger and waits for its process to be gone (deactivate, tests). */
  async shutdown(): Promise<void> {
    this.generation++;
    await this.stop();
  }

  private send(generation: number, event: StatusEvent): void {
    if (generation !== this.generation) return;
    if (event.type === 'sample') this.sawSample = true;
    this.options.emit(redactDeep(event, loginRedactor(this.secrets)));
  }

  private async tick(generation: number): Promise<void> {
    // A slow poll (`ps` on macOS) is not overlapped by the next one.
    if (generation !== this.generation || this.ticking === generation) return;
    this.ticking = generation;
    try {
      if (this.options.sshHost && (await this.readNetworkInfo(generation, this.options.sshHost))) return;
      if (generation !== this.generation) return;
      if (!this.pinger && Date.now() >= this.cliRetryAt) await this.startPinger(generation);
      this.options.onTick?.();
    } finally {
      if (this.ticking === generation) this.ticking = null;
    }
  }

  /** True when this window's fresh file answered this poll (or we are still waiting for one). */
  private async readNetworkInfo(generation: number, sshHost: string): Promise<boolean> {
    const fresh = await this.readOwnFile(sshHost);
    if (generation !== this.generation) return true;
    if (fresh) {
      this.missedNetworkInfo = 0;
      if (this.pinger) {
        this.options.log?.('status: network-info file found; stopping the pinger');
        const old = this.pinger;
        this.pinger = null;
        await old.stop();
      }
      this.send(generation, { type: 'sample', sample: networkInfoSample(fresh.info, fresh.mtimeMs) });
      this.options.onTick?.();
      return true;
    }
    this.missedNetworkInfo++;
    if (this.missedNetworkInfo < NETWORK_INFO_GRACE_POLLS && !this.sawSample) {
      this.send(generation, { type: 'connecting' });
      return true;
    }
    return false;
  }

  /** Reads the known file; when it went stale or away (process replaced), finds the new one. */
  private async readOwnFile(sshHost: string): Promise<{ info: NetworkInfo; mtimeMs: number } | null> {
    const now = Date.now();
    let rescan = now >= this.scanAt;
    if (this.ownFile) {
      const read = await readNetworkInfoFile(this.ownFile, now, NETWORK_INFO_MAX_AGE_MS);
      if (read.kind === 'fresh') return read;
      // Half-written: keep the pid, the next write will do.
      if (read.kind === 'invalid') return null;
      this.options.log?.(
        `status: ${path.basename(this.ownFile)} is ${read.kind}; looking for this window's coder ssh again`,
      );
      this.ownFile = null;
      rescan = true;
    }
    if (rescan) {
      const processes = await (this.options.listProcesses ?? listProcesses)();
      const { networkInfoDir } = this.options;
      this.candidates = processes ? ownNetworkInfoFiles({ sshHost, networkInfoDir, processes }) : [];
      // Every poll while waiting for the first file; rarely once the pinger has taken over.
      this.scanAt = this.pinger ? now + PROCESS_SCAN_RETRY_MS : 0;
    }
    // Reading the known processes' files is cheap, so a late first write is seen on the next poll.
    const found = await freshestNetworkInfo(this.candidates, now, NETWORK_INFO_MAX_AGE_MS);
    if (!found) return null;
    this.ownFile = found.file;
    this.options.log?.(`status: reading this window's network info from pid ${found.pid}`);
    return found;
  }

  private async startPinger(generation: number): Promise<void> {
    const { workspace, refreshSeconds } = this.settings;
    if (workspace === null) return;
    const located = await this.options.resolveCli();
    if (generation !== this.generation || this.pinger) return;
    if (!located.ok) {
      this.cliRetryAt = Date.now() + CLI_RETRY_MS;
      this.send(generation, {
        type: located.problem === 'login' ? 'signed-out' : 'cli-missing',
        reason: located.error,
      });
      return;
    }
    this.secrets = located.cli.secrets;
    this.options.log?.(`status: pinging ${workspace} every ${refreshSeconds} s`);
    this.pinger = new LivePinger({
      cli: located.cli,
      workspace,
      waitSeconds: refreshSeconds,
      onEvent: (event) => this.send(generation, event),
      log: this.options.debug,
    });
    this.pinger.start();
  }

  private async stop(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    const pinger = this.pinger;
    this.pinger = null;
    await pinger?.stop();
  }
}

function networkInfoSample(info: NetworkInfo, atMs: number): LiveSample {
  if (info.usingCoderConnect)
    return { latencyMs: null, path: 'coder-connect', region: null, endpoint: null, atMs, source: 'network-info' };
  const { downloadBytesSec, uploadBytesSec } = info;
  return {
    latencyMs: info.latencyMs,
    path: info.p2p ? 'p2p' : 'derp',
    region: info.preferredDerp,
    endpoint: null,
    atMs,
    source: 'network-info',
    rates: downloadBytesSec !== null && uploadBytesSec !== null ? { downloadBytesSec, uploadBytesSec } : null,
  };
}
