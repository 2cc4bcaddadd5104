// Builds the extension's long-lived services (log, report store, status bar, panel and target
// dependencies) once at activation, wires them to each other and to the settings, and disposes them.
import { withProxyEnvironment } from '../diag/net/settings';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CheckOptions, LocalProbeRunner } from '../diag/check/check';
import { discoverDeployments, type Deployment } from '../diag/coder/deployments';
import { defaultStorageDirs } from '../diag/coder/locate';
import { resolveCoderCli, type CliResolution, type LoginRequest } from '../diag/coder/login';
import type { Report } from '../diag/model';
import type { ReportTimeline } from '../diag/present/timeline-text';
import { loginRedactor } from '../diag/redact';
import { onConfigChange, readConfig, useSettingGate } from './settings/config';
import type { WsdoctorConfig } from './settings/config';
import type { PanelDeps } from './check/check-panel';
import { CheckPanel } from './check/check-panel';
import { CONTEXT_KEYS } from './context-keys';
import { setContextKey } from './set-context';
import { SettingConfirmations } from './settings/setting-confirmations';
import { loadEngine } from './lazy-engine';
import { redactingLog } from './redacting-log';
import { copyReport, saveReport } from './check/report-actions';
import { ReportStore } from './check/report-store';
import { StatusController, coderExtensionStorage } from './status/status-controller';
import { SpeedtestPanel } from './speedtest/panel';
import type { SpeedtestPanelDeps } from './speedtest/panel';
import type { CoderRemote } from './remote-authority';
import { currentCoderRemote, resolveWorkspace } from './workspace-pick';
import { TimelineWiring } from './timeline/timeline-wiring';
import type { TargetDeps } from './workspace-pick';

export class ServiceWiring implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly store: ReportStore;
  readonly status: StatusController;
  readonly targetDeps: TargetDeps;
  readonly panelDeps: PanelDeps;
  readonly timeline: TimelineWiring;
  private config: WsdoctorConfig;
  private readonly storageDirs: string[];
  private readonly disposables: vscode.Disposable[] = [];
  /** Session tokens of the logins resolved so far; the log never shows them. */
  private readonly secrets = new Set<string>();

  constructor(
    readonly extension: vscode.ExtensionContext,
    localProbes: LocalProbeRunner | undefined,
  ) {
    this.log = redactingLog(vscode.window.createOutputChannel('Workspace Connection', { log: true }), () =>
      loginRedactor([...this.secrets]),
    );
    this.store = new ReportStore(extension.workspaceState, (has) => setContextKey(CONTEXT_KEYS.hasReport, has));
    // Before the first read: a value the remote machine may have set waits for the user's word.
    const confirmations = new SettingConfirmations(extension.globalState, (line) => this.log.info(line));
    useSettingGate(confirmations);
    this.config = readConfig();
    const coderStorage = coderExtensionStorage(extension.globalStorageUri);
    // This editor's own Coder extension first, then the other editor flavours'.
    this.storageDirs = [...new Set([coderStorage, ...defaultStorageDirs()])];
    const remote = currentCoderRemote();
    this.timeline = this.buildTimeline(localProbes);
    this.status = this.buildStatus(remote, coderStorage);
    this.targetDeps = this.buildTargetDeps();
    this.panelDeps = this.buildPanelDeps(localProbes);
    this.disposables.push(
      this.log,
      confirmations,
      { dispose: () => useSettingGate(undefined) },
      this.status,
      this.timeline,
      onConfigChange((config) => {
        this.config = config;
        this.status.applyConfig(config);
        this.timeline.applyConfig(config);
      }),
    );
    this.showKnownWorkspace(remote);
  }

  private buildStatus(remote: CoderRemote | null, coderStorage: string): StatusController {
    return new StatusController(
      {
        log: this.log,
        loginFor: (workspace) => this.loginFor(workspace),
        learnSecrets: (resolved) => this.learnSecrets(resolved),
        sshHost: remote?.sshHost ?? null,
        networkInfoDir: remote?.via === 'coder-extension' ? path.join(coderStorage, 'net') : null,
        onStatusEvent: (event) => this.timeline.observe(event),
        tooltipExtra: () => this.timeline.tooltipLines(),
      },
      this.config,
    );
  }

  private buildTimeline(localProbes: LocalProbeRunner | undefined): TimelineWiring {
    return new TimelineWiring(
      {
        state: this.extension.globalState,
        storageFolder: this.extension.globalStorageUri.fsPath,
        log: (line) => this.log.info(line),
        checkOptions: (workspace) => this.checkOptions(workspace),
        localProbes,
        showDetails: (report) => CheckPanel.show(this.panelDeps, report),
        panelUpdate: (workspace) => CheckPanel.timelineChanged(workspace),
      },
      this.config,
    );
  }

  private buildTargetDeps(): TargetDeps {
    return {
      deployments: () => this.deployments(),
      loginWith: (deployment) => this.loginWith({ kind: 'known', deployment }),
      setDeploymentOf: (workspace, url) => this.store.setDeploymentOf(workspace, url),
      lastWorkspace: () => this.store.lastWorkspace,
      log: this.log,
    };
  }

  private buildPanelDeps(localProbes: LocalProbeRunner | undefined): PanelDeps {
    const notice = (text: string): void => CheckPanel.active?.notice(text);
    return {
      extensionUri: this.extension.extensionUri,
      log: this.log,
      localProbes,
      checkOptions: (workspace) => this.checkOptions(workspace),
      thresholds: () => ({ warnMs: this.config.warnMs, errorMs: this.config.errorMs }),
      onFinished: (report) => void this.store.setLastReport(report),
      lastReport: () => this.store.lastReport,
      copyReport: (report) => copyReport(report, notice, this.reportTimeline(report)),
      saveReport: (report) => saveReport(report, this.log, notice, this.reportTimeline(report)),
      timeline: (workspace) => this.timeline.view(workspace),
      // Opened here, as the command does it, not through the command registry back into this object.
      openSpeedTest: (workspace) => void this.openSpeedTest(workspace ?? undefined),
    };
  }

  /** The recorded timeline a report of this workspace carries, if any. */
  reportTimeline(report: Report | null): ReportTimeline | undefined {
    return report?.workspace ? this.timeline.forReport(report.workspace) : undefined;
  }

  /** A Coder remote window knows its workspace; elsewhere the last one checked here, if any. */
  private showKnownWorkspace(remote: CoderRemote | null): void {
    const known = remote?.target ?? this.store.lastWorkspace ?? null;
    if (known) this.status.setWorkspace(known);
    this.log.info(
      `activated${remote ? ` in Coder remote ${remote.target}` : ''}${known ? `; workspace ${known}` : ''}`,
    );
  }

  /** Remembers a resolved login's tokens for the log's redaction; returns the resolution unchanged. */
  private learnSecrets(resolved: CliResolution): CliResolution {
    if (resolved.ok) for (const secret of resolved.cli.secrets) this.secrets.add(secret);
    return resolved;
  }

  /** CLI calls with one way of choosing the deployment, and the user's settings for the rest. */
  loginWith(pick: LoginRequest['pick']): LoginRequest {
    const c = this.config;
    return {
      pick,
      coderPath: c.coderPath,
      storageDirs: this.storageDirs,
      settings: c.coder,
      binaryDestination: c.coder.binaryDestination,
      // The CLI reaches the deployment through the proxy VS Code is set to, as the Coder extension's does.
      env: withProxyEnvironment(process.env, c.net),
    };
  }

  /**
   * How CLI calls about `workspace` find their login: this window's own deployment when it is that
   * workspace's Coder window, the CLI's own login on a `coder config-ssh` host, else the deployment
   * it was picked from (or the only one signed in).
   */
  loginFor(workspace: string): LoginRequest {
    const remote = currentCoderRemote();
    if (remote && remote.target === workspace) {
      return this.loginWith(
        remote.via === 'coder-extension' && remote.host
          ? { kind: 'remote', safeHost: remote.host }
          : { kind: 'cli-default' },
      );
    }
    return this.loginWith({ kind: 'auto', query: this.store.deploymentOf(workspace) });
  }

  deployments(): Promise<Deployment[]> {
    return discoverDeployments({
      storageDirs: this.storageDirs,
      binaryDestination: this.config.coder.binaryDestination,
    });
  }

  private checkOptions(workspace: string): CheckOptions {
    const c = this.config;
    return {
      workspace,
      session: this.loginFor(workspace),
      pingCount: c.pingCount,
      local: c.localProbes,
      stunServers: c.stunServers.length > 0 ? c.stunServers : undefined,
      net: c.net,
    };
  }

  async rememberWorkspace(workspace: string): Promise<void> {
    // In a Coder remote window the indicator stays on the window's own workspace.
    if (!currentCoderRemote()) this.status.setWorkspace(workspace);
    await this.store.setLastWorkspace(workspace);
  }

  /** What the speed test panel needs: the log and the same CLI lookup as the check. */
  get speedtestDeps(): SpeedtestPanelDeps {
    return {
      log: this.log,
      coderCli: async (workspace: string) => {
        const resolved = this.learnSecrets(await resolveCoderCli(this.loginFor(workspace)));
        if (resolved.ok) this.log.info(`speed test: ${resolved.cli.description}`);
        return resolved;
      },
      // The engine and ssh2 come from their own bundle, on the first run.
      run: (options, emit, signal) =>
        loadEngine<typeof import('./engines/speedtest')>('speedtest').runSpeedtest(options, emit, signal),
    };
  }

  /** Opens the speed test for the workspace `arg` names, this window's own, or the one the user picks. */
  async openSpeedTest(arg?: unknown): Promise<void> {
    const workspace = await resolveWorkspace(arg, this.targetDeps);
    if (!workspace) return;
    await this.rememberWorkspace(workspace);
    await SpeedtestPanel.createOrShow(this.extension, workspace, this.speedtestDeps);
  }

  async shutdown(): Promise<void> {
    await this.status.shutdown();
    await this.timeline.shutdown();
  }

  dispose(): void {
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}
