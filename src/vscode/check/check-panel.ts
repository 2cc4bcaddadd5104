// The check panel: the panel host configured to stream a check. A second "Check" reuses it
// and restarts cleanly; closing it cancels the run and kills its processes; a window reload revives
// it with the last report.
import * as vscode from 'vscode';
import type { CheckOptions, LocalProbeRunner } from '../../diag/check/check';
import type { Report } from '../../diag/model';
import { MAX_NOTICE, MAX_WORKSPACE, clipText } from '../../diag/wire/limits';
import { parsePanelMessage, parsePanelState } from '../../shared/check-protocol';
import { boundReport } from '../../diag/wire/check-report';
import type { HostMessage, PanelMessage, Thresholds } from '../../shared/check-protocol';
import type { TimelineView } from '../../diag/wire/timeline';
import { checkPanelRun } from './check-run';
import type { CheckPanelRun } from './check-run';
import { PanelHost, PanelSlot, registerPanelSerializer } from '../panels/panel-host';
import type { PanelHooks, PanelKind } from '../panels/panel-host';

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
  /** This window's recorded timeline of `workspace`, for the Timeline section; null when none. */
  timeline?(workspace: string): TimelineView | null;
}

const CONNECTION_VIEW_TYPE = 'wsdoctor.connection';

const KIND: PanelKind<PanelMessage> = {
  viewType: CONNECTION_VIEW_TYPE,
  title: () => vscode.l10n.t('Connection'),
  logName: 'check panel',
  script: 'check',
  style: 'connection.css',
  body: '<main id="app" aria-live="off"></main>',
  icon: { light: 'pulse-light.svg', dark: 'pulse-dark.svg' },
  parseMessage: parsePanelMessage,
};

const slot = new PanelSlot<CheckPanel>();

export class CheckPanel implements vscode.Disposable {
  private readonly host: PanelHost<HostMessage, PanelMessage>;
  private readonly session: CheckPanelRun;
  private target: string | null = null;

  static get active(): CheckPanel | undefined {
    return slot.current;
  }

  /** Brings an open panel about `workspace` to the front; false when there is none. */
  static reveal(workspace: string): boolean {
    const panel = slot.current;
    if (!panel || panel.target !== workspace) return false;
    panel.host.reveal();
    return true;
  }

  /** Shows the panel (creating it if needed) and starts a check of `workspace`. */
  static async check(deps: PanelDeps, workspace: string): Promise<void> {
    let panel = slot.current;
    if (panel) panel.host.reveal();
    else panel = new CheckPanel(deps, (hooks) => PanelHost.open(KIND, deps.extensionUri, deps.log, hooks));
    await panel.run(workspace);
  }

  /** Shows the panel (creating it if needed) on a finished report, e.g. an automatic diagnosis's; nothing runs. */
  static async show(deps: PanelDeps, report: Report): Promise<void> {
    let panel = slot.current;
    if (panel) {
      panel.host.reveal();
      // A run in progress gives way: the user asked for this result.
      await panel.session.cancel();
    } else panel = new CheckPanel(deps, (hooks) => PanelHost.open(KIND, deps.extensionUri, deps.log, hooks));
    panel.session.restore(report);
    panel.target = report.workspace;
    panel.host.showTarget(report.workspace);
    deps.onFinished(report);
    panel.postSnapshot(false);
  }

  /** The open panel redraws its Timeline section when it is about `workspace`. */
  static timelineChanged(workspace: string): void {
    const panel = slot.current;
    if (panel?.target === workspace) panel.postTimeline();
  }

  /** Brings a panel back after a window reload, showing the report it had; nothing runs. */
  static revive(deps: PanelDeps, webviewPanel: vscode.WebviewPanel, state: unknown): void {
    const panel = new CheckPanel(deps, (hooks) =>
      PanelHost.adopt(KIND, webviewPanel, deps.extensionUri, deps.log, hooks),
    );
    const restored = parsePanelState(state);
    const report = newerReport(restored?.report ?? null, deps.lastReport());
    deps.log.info(
      `check panel restored: ${report ? `${report.workspace}, ${report.pings.sent} pings${report.finishedAt ? '' : ', unfinished'}` : 'no report'}`,
    );
    if (report) panel.session.restore(report);
    panel.target = report?.workspace ?? restored?.workspace ?? null;
    panel.host.showTarget(panel.target);
  }

  private constructor(
    private readonly deps: PanelDeps,
    makeHost: (hooks: PanelHooks<PanelMessage>) => PanelHost<HostMessage, PanelMessage>,
  ) {
    this.session = checkPanelRun(
      {
        onEvents: (events) => this.host.post({ type: 'events', events }),
        onRunState: (running) => {
          this.host.post({ type: 'run-state', running, workspace: this.boundedTarget });
          if (!running && this.session.state) deps.onFinished(this.session.state);
        },
        onFinished: () => undefined,
      },
      { localProbes: deps.localProbes, log: (line) => deps.log.info(line) },
    );
    this.host = makeHost({ onMessage: (m) => this.handle(m), onDispose: () => this.dispose() });
    slot.fill(this);
  }

  get report(): Report | null {
    return this.session.state;
  }

  get workspace(): string | null {
    return this.target;
  }

  private get boundedTarget(): string | null {
    return this.target && clipText(this.target, MAX_WORKSPACE);
  }

  private async run(workspace: string): Promise<void> {
    this.target = workspace;
    this.host.showTarget(workspace);
    // The snapshot first, so a panel that is still loading shows the right workspace straight away.
    this.postSnapshot(true);
    await this.session.start(this.deps.checkOptions(workspace));
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postSnapshot(this.session.running);
      case 'run-again':
        if (this.target) await this.run(this.target);
        return;
      case 'cancel':
        return this.session.cancel();
      case 'copy-report':
        return this.deps.copyReport(this.report);
      case 'save-report':
        return this.deps.saveReport(this.report);
      case 'open-speed-test':
        return this.deps.openSpeedTest(this.target);
    }
  }

  private postSnapshot(running: boolean): void {
    // A report revived from an older version may exceed today's limits: cut, it still shows.
    const report = this.report;
    this.host.post({
      type: 'snapshot',
      report: report && boundReport(report),
      running,
      workspace: this.boundedTarget,
      thresholds: this.deps.thresholds(),
      translations: this.host.translations(),
    });
    this.postTimeline();
  }

  private postTimeline(): void {
    const timeline = this.target ? this.deps.timeline?.(this.target) : null;
    if (timeline) this.host.post({ type: 'timeline', timeline });
  }

  notice(text: string): void {
    this.host.post({ type: 'notice', text: clipText(text, MAX_NOTICE) });
  }

  dispose(): void {
    slot.empty(this);
    // Closing the panel ends the run and its child processes.
    void this.session.dispose();
    this.host.dispose();
  }
}

/**
 * The webview's saved state can lag behind (a browser window saves it only now and then); the
 * report stored when the last run ended is newer when it started later or got further.
 */
function newerReport(saved: Report | null, stored: Report | undefined): Report | null {
  if (!stored) return saved;
  if (!saved || stored.startedAt > saved.startedAt) return stored;
  return stored.startedAt === saved.startedAt && stored.finishedAt !== null ? stored : saved;
}

/** Registers the serializer that revives the panel after a window reload. Call once on activation. */
export function registerCheckPanelSerializer(deps: PanelDeps): vscode.Disposable {
  return registerPanelSerializer(CONNECTION_VIEW_TYPE, (panel, state) => CheckPanel.revive(deps, panel, state));
}
