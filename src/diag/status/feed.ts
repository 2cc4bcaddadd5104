// What feeds the status indicator, cheapest first: the network-info file the Coder CLI writes for
// this window's connection (read, nothing spawned), else one long-lived `coder ping`. Nothing runs
// while no workspace is known or the indicator is off. No vscode imports, so it is testable alone.
import type { CliResolution } from '../coder/session';
import { readFreshestNetworkInfo } from './network-info';
import { LivePinger } from './pinger';
import type { StatusEvent } from './state';

export interface StatusFeedOptions {
  /** `.../coder.coder-remote/net` when this window is a Coder remote, else null. */
  networkInfoDir: string | null;
  /** The window's login and CLI, resolved when a pinger is needed. */
  resolveCli: () => Promise<CliResolution>;
  emit: (event: StatusEvent) => void;
  /** Called after every poll, so time-based states (stale, offline) are redrawn. */
  onTick?: () => void;
  log?: (line: string) => void;
  /** The pinger's own chatter, for a debug log. */
  debug?: (line: string) => void;
}

export interface FeedSettings {
  workspace: string | null;
  enabled: boolean;
  refreshSeconds: number;
}

/** Network-info files are written every few seconds; older than this they say nothing about now. */
export const NETWORK_INFO_MAX_AGE_MS = 15_000;
/** Polls without a fresh network-info file before the pinger takes over. */
const NETWORK_INFO_GRACE_POLLS = 2;
/** After the CLI was not found, wait this long before looking again. */
const CLI_RETRY_MS = 30_000;

export class StatusFeed {
  private pinger: LivePinger | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private generation = 0;
  private missedNetworkInfo = 0;
  private sawSample = false;
  private cliRetryAt = 0;
  private settings: FeedSettings = { workspace: null, enabled: false, refreshSeconds: 5 };

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
    this.options.emit(event);
  }

  private async tick(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    if (this.options.networkInfoDir && (await this.readNetworkInfo(generation))) return;
    if (generation !== this.generation) return;
    if (!this.pinger && Date.now() >= this.cliRetryAt) await this.startPinger(generation);
    this.options.onTick?.();
  }

  /** True when a fresh file answered this poll (or we are still waiting for one to appear). */
  private async readNetworkInfo(generation: number): Promise<boolean> {
    const fresh = await readFreshestNetworkInfo(
      this.options.networkInfoDir as string,
      Date.now(),
      NETWORK_INFO_MAX_AGE_MS,
    );
    if (generation !== this.generation) return true;
    if (fresh) {
      this.missedNetworkInfo = 0;
      if (this.pinger) {
        this.options.log?.('status: network-info file found; stopping the pinger');
        const old = this.pinger;
        this.pinger = null;
        await old.stop();
      }
      const { info } = fresh;
      this.send(generation, {
        type: 'sample',
        sample: {
          latencyMs: info.latencyMs,
          path: info.p2p ? 'p2p' : 'derp',
          region: info.preferredDerp,
          endpoint: null,
          atMs: fresh.mtimeMs,
          source: 'network-info',
        },
      });
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

  private async startPinger(generation: number): Promise<void> {
    const { workspace, refreshSeconds } = this.settings;
    if (workspace === null) return;
    const located = await this.options.resolveCli();
    if (generation !== this.generation || this.pinger) return;
    if (!located.ok) {
      this.cliRetryAt = Date.now() + CLI_RETRY_MS;
      this.send(generation, { type: 'cli-missing', reason: located.error });
      return;
    }
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
