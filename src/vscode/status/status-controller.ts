// Draws the status bar indicator from the status state; the StatusFeed decides what feeds it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CODER_EXTENSION_ID } from '../../diag/coder/locate';
import { mdText } from '../../diag/present/markdown-text';
import { resolveCoderCli, type CliResolution, type LoginRequest } from '../../diag/coder/login';
import { StatusFeed } from '../../diag/status/feed';
import { defaultStatusConfig, initialStatus, statusReduce } from '../../diag/status/state';
import { presentStatus } from '../../diag/status/status-view';
import type { StatusConfig, StatusEvent, StatusState } from '../../diag/status/state';
import { COMMAND_IDS } from '../command-ids';
import { statusBarText } from './icon-text';
import type { WsdoctorConfig } from '../settings/config';

/** The Coder extension's own login command. */
const CODER_LOGIN_COMMAND = 'coder.login';

interface StatusDeps {
  log: vscode.LogOutputChannel;
  /** How CLI calls about a workspace find their login and binary. */
  loginFor: (workspace: string) => LoginRequest;
  /** Hands a resolved login's tokens to the log's redaction. */
  learnSecrets?: (resolved: CliResolution) => CliResolution;
  /** This window's SSH host when it is a Coder remote, else null. */
  sshHost: string | null;
  /** `.../coder.coder-remote/net` in a Coder extension window; null: the folder its `coder ssh` names. */
  networkInfoDir: string | null;
  /** Every status event, as it arrives (the timeline records them). */
  onStatusEvent?: (event: StatusEvent) => void;
  /** Markdown lines (already escaped) added to the tooltip: the timeline's part. */
  tooltipExtra?: () => string[];
}

function statusConfig(c: WsdoctorConfig): StatusConfig {
  return {
    ...defaultStatusConfig(c.refreshSeconds),
    enabled: c.statusBarEnabled,
    warnMs: c.warnMs,
    errorMs: c.errorMs,
  };
}

export class StatusController implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusState;
  private readonly feed: StatusFeed;
  private commandFor: string | null = null;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires on every change of the status state (the Workspaces view reads `state` then). */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly deps: StatusDeps,
    private config: WsdoctorConfig,
  ) {
    this.item = vscode.window.createStatusBarItem('wsdoctor.latency', vscode.StatusBarAlignment.Left, -100);
    this.item.name = vscode.l10n.t('Workspace Connection: latency');
    this.item.command = { command: COMMAND_IDS.checkConnection, title: vscode.l10n.t('Check workspace connection') };
    this.state = initialStatus(statusConfig(config));
    this.feed = new StatusFeed({
      sshHost: deps.sshHost,
      networkInfoDir: deps.networkInfoDir,
      resolveCli: async () => {
        const found = await resolveCoderCli(deps.loginFor(this.state.workspace ?? ''));
        const resolved = deps.learnSecrets ? deps.learnSecrets(found) : found;
        if (resolved.ok) deps.log.info(`status: ${resolved.cli.description}`);
        return resolved;
      },
      emit: (event) => this.dispatch(event),
      onTick: () => this.render(),
      log: (line) => deps.log.info(line),
      debug: (line) => deps.log.debug(line),
    });
    this.render();
  }

  get workspace(): string | null {
    return this.state.workspace;
  }

  /** The state the indicator shows: its workspace, phase and latest reading. */
  get snapshot(): StatusState {
    return this.state;
  }

  setWorkspace(workspace: string | null): void {
    if (workspace === this.state.workspace) return;
    this.dispatch({ type: 'workspace', workspace });
    void this.restartFeed();
  }

  applyConfig(config: WsdoctorConfig): void {
    const restart =
      config.refreshSeconds !== this.config.refreshSeconds ||
      config.coderPath !== this.config.coderPath ||
      JSON.stringify(config.coder) !== JSON.stringify(this.config.coder) ||
      config.statusBarEnabled !== this.config.statusBarEnabled;
    this.config = config;
    this.dispatch({ type: 'config', config: statusConfig(config) });
    if (restart) void this.restartFeed();
  }

  private dispatch(event: StatusEvent): void {
    this.state = statusReduce(this.state, event);
    this.deps.onStatusEvent?.(event);
    this.render();
    this.updated.fire();
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
      this.item.command = {
        command: COMMAND_IDS.checkConnection,
        title: vscode.l10n.t('Check workspace connection'),
        arguments: [{ workspace: this.state.workspace, reveal: true }],
      };
    }
    this.item.text = statusBarText(view);
    this.item.accessibilityInformation = { label: view.ariaLabel, role: 'button' };
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    for (const line of view.tooltip) tip.appendText(line).appendMarkdown('  \n');
    const extra = this.deps.tooltipExtra?.() ?? [];
    if (extra.length > 0) tip.appendMarkdown(`\n---\n\n${extra.join('  \n')}\n`);
    const check = mdText(vscode.l10n.t('Check connection'));
    const speed = mdText(vscode.l10n.t('Speed test'));
    tip.appendMarkdown(
      `\n---\n\n[$(pulse) ${check}](command:${COMMAND_IDS.checkConnection}) · [$(dashboard) ${speed}](command:${COMMAND_IDS.speedTest}) · `,
    );
    tip.appendMarkdown(
      `[$(gear) ${mdText(vscode.l10n.t('Settings'))}](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify(['wsdoctor']))})`,
    );
    const enabledCommands: string[] = [
      COMMAND_IDS.checkConnection,
      COMMAND_IDS.speedTest,
      'workbench.action.openSettings',
    ];
    // Signing in is the Coder extension's job: offer its login when it is installed.
    if (view.kind === 'signed-out' && vscode.extensions.getExtension(CODER_EXTENSION_ID)) {
      tip.appendMarkdown(` · [$(account) ${mdText(vscode.l10n.t('Sign in'))}](command:${CODER_LOGIN_COMMAND})`);
      enabledCommands.push(CODER_LOGIN_COMMAND);
    }
    tip.isTrusted = { enabledCommands };
    this.item.tooltip = tip;
    this.item.show();
  }

  private restartFeed(): Promise<void> {
    return this.feed.restart({
      workspace: this.state.workspace,
      enabled: this.config.statusBarEnabled,
      refreshSeconds: this.config.refreshSeconds,
    });
  }

  /** Stops the pinger and waits for its process to be gone (used on deactivate). */
  shutdown(): Promise<void> {
    return this.feed.shutdown();
  }

  dispose(): void {
    void this.shutdown();
    this.item.dispose();
    this.updated.dispose();
  }
}

/** Where the official Coder extension keeps its files, next to our own global storage. */
export function coderExtensionStorage(globalStorage: vscode.Uri): string {
  return path.join(path.dirname(globalStorage.fsPath), 'coder.coder-remote');
}
