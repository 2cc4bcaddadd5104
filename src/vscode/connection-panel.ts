// The connection panel: one webview panel that streams a check. A second "Check" reuses it and
// restarts cleanly; closing it cancels the run and kills its processes; a window reload revives it.
import * as vscode from 'vscode';
import type { CheckOptions, LocalProbeRunner } from '../diag/check';
import type { Report } from '../diag/model';
import { MAX_NOTICE, MAX_WORKSPACE, clipText } from '../shared/limits';
import { parsePanelMessage, parsePanelState } from '../shared/connection-protocol';
import { boundReport } from '../shared/connection-report-bounds';
import type { HostMessage, PanelMessage, Thresholds } from '../shared/connection-protocol';
import { CheckSession } from './check-session';
import { webviewOptions, webviewShell } from './webview-html';
import { errorMessage } from '../diag/errors';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  checkOptions(workspace: string): CheckOptions;
  thresholds(): Thresholds;
  localProbes?: LocalProbeRunner;
  onFinished(report: Report): void;
  /** The report kept when the last run ended (window state), for reviving the panel. */
  lastReport(): Report | undefined;
  copyReport(report: Report | null): Promise<void>;
  saveReport(report: Report | null): Promise<void>;
  openSpeedTest(workspace: string | null): void;
}

export const CONNECTION_VIEW_TYPE = 'wsdoctor.connection';

export class ConnectionPanel implements vscode.Disposable {
  private static current: ConnectionPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly session: CheckSession;
  private disposed = false;

  static get active(): ConnectionPanel | undefined {
    return ConnectionPanel.current;
  }

  /** Brings an open panel about `workspace` to the front; false when there is none. */
  static reveal(workspace: string): boolean {
    const panel = ConnectionPanel.current;
    if (!panel || panel.session.workspace !== workspace) return false;
    panel.panel.reveal(undefined, false);
    return true;
  }

  /** Shows the panel (creating it if needed) and starts a check of `workspace`. */
  static async check(deps: PanelDeps, workspace: string): Promise<void> {
    let panel = ConnectionPanel.current;
    if (panel) {
      panel.panel.reveal(undefined, false);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(
        CONNECTION_VIEW_TYPE,
        title(workspace),
        vscode.ViewColumn.Active,
        webviewOptions(deps.extensionUri),
      );
      panel = new ConnectionPanel(deps, webviewPanel);
    }
    await panel.run(workspace);
  }

  /** Brings a panel back after a window reload, showing the report it had; nothing runs. */
  static revive(deps: PanelDeps, webviewPanel: vscode.WebviewPanel, state: unknown): void {
    ConnectionPanel.current?.dispose();
    webviewPanel.webview.options = webviewOptions(deps.extensionUri);
    const panel = new ConnectionPanel(deps, webviewPanel);
    const restored = parsePanelState(state);
    // The webview's saved state can lag behind (a browser window saves it only now and then);
    // the report stored when the last run ended is newer when it started later or got further.
    const stored = deps.lastReport();
    let report = restored?.report ?? null;
    if (
      stored &&
      (!report ||
        stored.startedAt > report.startedAt ||
        (stored.startedAt === report.startedAt && stored.finishedAt !== null))
    )
      report = stored;
    deps.log.info(
      `connection panel restored: ${report ? `${report.workspace}, ${report.pings.sent} pings${report.finishedAt ? '' : ', unfinished'}` : 'no report'}`,
    );
    if (report) panel.session.restore(report);
    else if (restored?.workspace) panel.session.workspace = restored.workspace;
  }

  private constructor(
    private readonly deps: PanelDeps,
    private readonly panel: vscode.WebviewPanel,
  ) {
    ConnectionPanel.current = this;
    this.session = new CheckSession({
      localProbes: deps.localProbes,
      log: (line) => deps.log.info(line),
      listener: {
        onEvents: (events) => this.post({ type: 'events', events }),
        onRunState: (running, workspace) => {
          this.post({ type: 'run-state', running, workspace: workspace && clipText(workspace, MAX_WORKSPACE) });
          if (!running && this.session.report) deps.onFinished(this.session.report);
        },
      },
    });
    panel.iconPath = {
      light: vscode.Uri.joinPath(deps.extensionUri, 'media', 'pulse-light.svg'),
      dark: vscode.Uri.joinPath(deps.extensionUri, 'media', 'pulse-dark.svg'),
    };
    panel.webview.html = webviewShell({
      webview: panel.webview,
      extensionUri: deps.extensionUri,
      script: 'connection',
      style: 'connection.css',
      title: 'Workspace connection',
      body: '<main id="app" aria-live="off"></main>',
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parsePanelMessage(raw);
        if (!message) {
          deps.log.warn(`connection panel: ignored a malformed message`);
          return;
        }
        this.handle(message).catch((err: unknown) => deps.log.error(`connection panel: ${errorMessage(err)}`));
      }),
    );
  }

  get report(): Report | null {
    return this.session.report;
  }

  get workspace(): string | null {
    return this.session.workspace;
  }

  private async run(workspace: string): Promise<void> {
    this.panel.title = title(workspace);
    // The snapshot first, so a panel that is still loading shows the right workspace straight away.
    this.session.workspace = workspace;
    this.postSnapshot(true);
    await this.session.start(this.deps.checkOptions(workspace));
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postSnapshot(this.session.running);
      case 'run-again':
        if (this.session.workspace) await this.run(this.session.workspace);
        return;
      case 'cancel':
        return this.session.cancel();
      case 'copy-report':
        return this.deps.copyReport(this.session.report);
      case 'save-report':
        return this.deps.saveReport(this.session.report);
      case 'open-speed-test':
        return this.deps.openSpeedTest(this.session.workspace);
    }
  }

  private postSnapshot(running: boolean): void {
    // A report revived from an older version may exceed today's limits: cut, it still shows.
    const { report, workspace } = this.session;
    this.post({
      type: 'snapshot',
      report: report && boundReport(report),
      running,
      workspace: workspace && clipText(workspace, MAX_WORKSPACE),
      thresholds: this.deps.thresholds(),
    });
  }

  private post(message: HostMessage): void {
    // A hidden panel drops messages; it asks for a snapshot when it is shown again.
    void this.panel.webview.postMessage(message);
  }

  notice(text: string): void {
    this.post({ type: 'notice', text: clipText(text, MAX_NOTICE) });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ConnectionPanel.current === this) ConnectionPanel.current = undefined;
    // Closing the panel ends the run and its child processes.
    void this.session.dispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

function title(workspace: string): string {
  const short = workspace.length > 40 ? `${workspace.slice(0, 39)}…` : workspace;
  return `Connection: ${short}`;
}
