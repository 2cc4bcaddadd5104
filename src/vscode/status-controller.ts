// Feeds the status bar indicator and draws it. Data, cheapest first: the network-info file the
// Coder CLI writes for this window's connection (read, nothing spawned), else one long-lived
// `coder ping`. Nothing runs while no workspace is known or the indicator is turned off.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { locateCoder } from '../diag/coder/locate';
import { readFreshestNetworkInfo } from '../diag/status/network-info';
import { LivePinger } from '../diag/status/pinger';
import { defaultStatusConfig, initialStatus, presentStatus, statusReduce } from '../diag/status/state';
import type { StatusConfig, StatusEvent, StatusState } from '../diag/status/state';
import type { WsdoctorConfig } from './config';

export interface StatusDeps {
  log: vscode.LogOutputChannel;
  storageDirs: string[];
  /** `.../coder.coder-remote/net` when this window is a Coder remote, else null. */
  networkInfoDir: string | null;
}

/** Network-info files are written every few seconds; older than this they say nothing about now. */
const NETWORK_INFO_MAX_AGE_MS = 15_000;
/** Polls without a fresh network-info file before the pinger takes over. */
const NETWORK_INFO_GRACE_POLLS = 2;

function statusConfig(c: WsdoctorConfig): StatusConfig {
  return { ...defaultStatusConfig(c.refreshSeconds), enabled: c.statusBarEnabled, warnMs: c.warnMs, errorMs: c.errorMs };
}

export class StatusController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusState;
  private pinger: LivePinger | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private missedNetworkInfo = 0;
  private cliRetryAt = 0;
  private generation = 0;
  private commandFor: string | null = null;

  constructor(
    private readonly deps: StatusDeps,
    private config: WsdoctorConfig,
  ) {
    this.item = vscode.window.createStatusBarItem('wsdoctor.latency', vscode.StatusBarAlignment.Left, -100);
    this.item.name = 'Workspace Connection: latency';
    this.item.command = { command: 'wsdoctor.checkConnection', title: 'Check workspace connection' };
    this.state = initialStatus(statusConfig(config));
    this.render();
  }

  get workspace(): string | null {
    return this.state.workspace;
  }

  setWorkspace(workspace: string | null): void {
    if (workspace === this.state.workspace) return;
    this.dispatch({ type: 'workspace', workspace });
    void this.restartFeed();
  }

  applyConfig(config: WsdoctorConfig): void {
    const restart = config.refreshSeconds !== this.config.refreshSeconds || config.coderPath !== this.config.coderPath || config.statusBarEnabled !== this.config.statusBarEnabled;
    this.config = config;
    this.dispatch({ type: 'config', config: statusConfig(config) });
    if (restart) void this.restartFeed();
  }

  private dispatch(event: StatusEvent): void {
    this.state = statusReduce(this.state, event);
    this.render();
  }

  private render(): void {
    const view = presentStatus(this.state, Date.now());
    if (!view.visible) {
      this.item.hide();
      return;
    }
    // Click: the panel for this workspace (revealed if it already shows it, else a fresh check).
    // Set only when the workspace changes: a command with arguments replaced on every reading
    // can make a click land on the previous, already released one.
    if (this.commandFor !== this.state.workspace) {
      this.commandFor = this.state.workspace;
      this.item.command = { command: 'wsdoctor.checkConnection', title: 'Check workspace connection', arguments: [{ workspace: this.state.workspace, reveal: true }] };
    }
    this.item.text = view.text;
    this.item.accessibilityInformation = { label: view.ariaLabel, role: 'button' };
    this.item.backgroundColor =
      view.severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : view.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    for (const line of view.tooltip) tip.appendText(line).appendMarkdown('  \n');
    tip.appendMarkdown('\n---\n\n[$(pulse) Check connection](command:wsdoctor.checkConnection) · [$(dashboard) Speed test](command:wsdoctor.speedTest) · ');
    tip.appendMarkdown(`[$(gear) Settings](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify(['wsdoctor']))})`);
    tip.isTrusted = { enabledCommands: ['wsdoctor.checkConnection', 'wsdoctor.speedTest', 'workbench.action.openSettings'] };
    this.item.tooltip = tip;
    this.item.show();
  }

  /** Stops whatever feeds the indicator and starts the right one for the current settings. */
  private async restartFeed(): Promise<void> {
    const generation = ++this.generation;
    await this.stopFeed();
    if (generation !== this.generation) return;
    this.missedNetworkInfo = 0;
    const { workspace } = this.state;
    if (!this.config.statusBarEnabled || workspace === null) return;
    const everyMs = this.config.refreshSeconds * 1000;
    this.ticker = setInterval(() => void this.tick(generation), everyMs);
    await this.tick(generation);
  }

  private async tick(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    if (this.deps.networkInfoDir) {
      const fresh = await readFreshestNetworkInfo(this.deps.networkInfoDir, Date.now(), NETWORK_INFO_MAX_AGE_MS);
      if (generation !== this.generation) return;
      if (fresh) {
        this.missedNetworkInfo = 0;
        if (this.pinger) {
          this.deps.log.info('status: network-info file found; stopping the pinger');
          const old = this.pinger;
          this.pinger = null;
          await old.stop();
        }
        const { info } = fresh;
        this.dispatch({
          type: 'sample',
          sample: { latencyMs: info.latencyMs, path: info.p2p ? 'p2p' : 'derp', region: info.preferredDerp, endpoint: null, atMs: fresh.mtimeMs, source: 'network-info' },
        });
        return;
      }
      this.missedNetworkInfo++;
      if (this.missedNetworkInfo < NETWORK_INFO_GRACE_POLLS && this.state.last === null) {
        this.dispatch({ type: 'connecting' });
        return;
      }
    }
    if (!this.pinger && Date.now() >= this.cliRetryAt) await this.startPinger(generation);
    this.render();
  }

  private async startPinger(generation: number): Promise<void> {
    const workspace = this.state.workspace;
    if (workspace === null) return;
    const located = await locateCoder({ explicit: this.config.coderPath, storageDirs: this.deps.storageDirs });
    if (generation !== this.generation || this.pinger) return;
    if (!located.ok) {
      this.cliRetryAt = Date.now() + 30_000;
      this.dispatch({ type: 'cli-missing', reason: located.error });
      return;
    }
    this.deps.log.info(`status: pinging ${workspace} every ${this.config.refreshSeconds} s`);
    this.pinger = new LivePinger({
      coderPath: located.path,
      workspace,
      waitSeconds: this.config.refreshSeconds,
      onEvent: (event) => {
        if (generation === this.generation) this.dispatch(event);
      },
      log: (line) => this.deps.log.debug(line),
    });
    this.pinger.start();
  }

  private async stopFeed(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    const pinger = this.pinger;
    this.pinger = null;
    await pinger?.stop();
  }

  /** Stops the pinger and waits for its process to be gone (used on deactivate). */
  async shutdown(): Promise<void> {
    this.generation++;
    await this.stopFeed();
  }

  dispose(): void {
    void this.shutdown();
    this.item.dispose();
  }
}

/** Where the official Coder extension keeps its files, next to our own global storage. */
export function coderExtensionStorage(globalStorage: vscode.Uri): string {
  return path.join(path.dirname(globalStorage.fsPath), 'coder.coder-remote');
}
