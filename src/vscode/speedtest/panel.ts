// The speed test panel: the panel host configured for a speed test run. createOrShow opens (or
// reveals) it for a target; the user picks direction, duration and the CLI comparison in the panel
// and starts; closing it cancels the run and waits for its processes to end; a window reload
// revives it through the serializer with the last result.
import * as vscode from 'vscode';
import type { CliResolution, CoderCli } from '../../diag/coder/login';
import { speedtestToMarkdown } from '../../diag/present/speedtest-markdown';
import { toSpeedtestJson } from '../../diag/present/speedtest-report-json';
import { withCoderCli } from '../../diag/speedtest/target';
import { EXTENSION_FRONT_END } from './front-end';
import type { SpeedtestOptions, SpeedtestReport, SpeedtestTarget } from '../../diag/speedtest/types';
import { MAX_NOTICE, clipText } from '../../diag/wire/limits';
import {
  DEFAULT_SETTINGS,
  directionsOf,
  parsePanelMessage,
  parsePanelState,
  snapshotMessages,
} from '../../shared/speedtest-protocol';
import type { HostMessage, PanelMessage, RunSettings } from '../../shared/speedtest-protocol';
import { readSpeedtestConfig } from '../settings/config';
import { errorMessage } from '../../diag/errors';
import { PanelHost, PanelSlot, registerPanelSerializer, saveJsonFile } from '../panels/panel-host';
import type { PanelHooks, PanelKind } from '../panels/panel-host';
import { SpeedtestHistoryStore } from './history-store';
import { CONTEXT_KEYS } from '../context-keys';
import { setContextKey } from '../set-context';
import { speedtestPanelRun } from './speedtest-run';
import type { RunFn, SpeedtestPanelRun } from './speedtest-run';
import { askForTarget } from './target-input';
import { readPanelTarget, revivedTarget, targetInfo } from './panel-target';
import type { PanelTarget } from './panel-target';

const SPEEDTEST_VIEW_TYPE = 'wsdoctor.speedtest';

export interface SpeedtestPanelDeps {
  log: vscode.LogOutputChannel;
  /** The workspace's login and CLI, found the same way as for the connection check (only asked for Coder targets). */
  coderCli(workspace: string): Promise<CliResolution>;
  /** The engine (runSpeedtest). Passed in, so the extension can load it and ssh2 lazily on first use. */
  run: RunFn;
}

/** Options for a caller that already knows what to run (keybinding arguments, tests). */
interface OpenOptions {
  settings?: RunSettings;
  start?: boolean;
}

const KIND: PanelKind<PanelMessage> = {
  viewType: SPEEDTEST_VIEW_TYPE,
  title: () => vscode.l10n.t('Speed test'),
  logName: 'speed test panel',
  script: 'speedtest',
  style: 'speedtest.css',
  body: '<main id="app"></main>',
  parseMessage: parsePanelMessage,
};

const slot = new PanelSlot<SpeedtestPanel>();

export class SpeedtestPanel implements vscode.Disposable {
  private readonly host: PanelHost<HostMessage, PanelMessage>;
  private readonly session: SpeedtestPanelRun;
  private readonly history: SpeedtestHistoryStore;
  private target: PanelTarget | null = null;
  private settings: RunSettings = DEFAULT_SETTINGS;
  private restored: SpeedtestReport | null = null;
  private previous: SpeedtestReport | null = null;

  static get active(): SpeedtestPanel | undefined {
    return slot.current;
  }

  /**
   * Shows the panel for `target` (a Coder workspace name or ssh://user@host:port). Without a
   * target it reuses the panel's own, or asks with an input box. Resolves to the panel, or
   * undefined when the user dismissed the question.
   */
  static async createOrShow(
    context: vscode.ExtensionContext,
    target: string | undefined,
    deps: SpeedtestPanelDeps,
    open: OpenOptions = {},
  ): Promise<SpeedtestPanel | undefined> {
    let chosen: PanelTarget | null = null;
    if (target !== undefined) {
      const read = readPanelTarget(target);
      if (!read.ok) {
        void vscode.window.showErrorMessage(read.error);
        return undefined;
      }
      chosen = read.target;
    } else if (!slot.current?.target) {
      chosen = await askForTarget(context.globalState);
      if (!chosen) return undefined;
    }
    let panel = slot.current;
    if (panel) panel.host.reveal();
    else
      panel = new SpeedtestPanel(context, deps, (hooks) => PanelHost.open(KIND, context.extensionUri, deps.log, hooks));
    if (chosen && chosen.label !== panel.target?.label) await panel.setTarget(chosen);
    if (open.settings) panel.settings = open.settings;
    panel.postSnapshot();
    if (open.start) void panel.start(panel.settings);
    return panel;
  }

  /** Brings the panel back after a window reload with the result it showed; nothing runs. */
  static revive(
    context: vscode.ExtensionContext,
    deps: SpeedtestPanelDeps,
    webviewPanel: vscode.WebviewPanel,
    state: unknown,
  ): SpeedtestPanel {
    const panel = new SpeedtestPanel(context, deps, (hooks) =>
      PanelHost.adopt(KIND, webviewPanel, context.extensionUri, deps.log, hooks),
    );
    const saved = parsePanelState(state);
    panel.target = revivedTarget(saved.target);
    panel.settings = saved.settings;
    panel.restored = saved.report;
    panel.previous = saved.previous;
    // The webview's saved state can lag behind (it is written lazily); history may know a newer run.
    const [before, last] = panel.target ? panel.history.recent(panel.target.label, 2) : [];
    const newest = last ?? before;
    if (newest && (!saved.report || newest.startedAt > saved.report.startedAt)) {
      panel.restored = newest;
      panel.previous = last ? (before ?? null) : null;
    }
    panel.showTarget();
    return panel;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly deps: SpeedtestPanelDeps,
    makeHost: (hooks: PanelHooks<PanelMessage>) => PanelHost<HostMessage, PanelMessage>,
  ) {
    this.history = new SpeedtestHistoryStore(context.globalState);
    this.session = speedtestPanelRun(
      deps.run,
      {
        onEvents: (events) => this.post({ type: 'events', events }),
        onRunState: (running) => this.post({ type: 'run-state', running }),
        onFinished: (report) => void this.finished(report),
      },
      (line) => deps.log.info(line),
    );
    this.host = makeHost({ onMessage: (m) => this.handle(m), onDispose: () => this.dispose() });
    slot.fill(this);
  }

  get running(): boolean {
    return this.session.running;
  }

  get report(): SpeedtestReport | null {
    return this.session.result ?? this.restored;
  }

  private async setTarget(target: PanelTarget): Promise<void> {
    // A run against the old target is stopped; its figures would be misleading under the new name.
    await this.session.cancel();
    this.target = target;
    // Show the last result of this target straight away, compared with the one before it.
    const [before, last] = this.history.recent(target.label, 2);
    this.restored = last ?? before ?? null;
    this.previous = last ? (before ?? null) : null;
    this.showTarget();
  }

  /** The title shows the target; the title bar offers a connection check only for a Coder workspace. */
  private showTarget(): void {
    this.host.showTarget(this.target?.label ?? null);
    setContextKey(CONTEXT_KEYS.speedtestOnWorkspace, this.target?.parsed.kind === 'coder');
  }

  /** The Coder workspace the panel measures; null for a plain SSH host or no target. */
  get workspace(): string | null {
    return this.target?.parsed.kind === 'coder' ? this.target.parsed.workspace : null;
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postSnapshot();
      case 'start':
        return this.start(message.settings);
      case 'cancel':
        return this.session.cancel();
      case 'copy-markdown':
        return this.copyMarkdown();
      case 'save-json':
        return this.saveJson();
      case 'change-target': {
        if (this.session.running) return;
        const chosen = await askForTarget(this.context.globalState, this.target?.label);
        if (chosen) await this.setTarget(chosen);
        return this.postSnapshot();
      }
    }
  }

  /** `trustHostKey`: the fingerprint the user saw and trusted; only a key with it is accepted. */
  private async options(settings: RunSettings, trustHostKey?: string): Promise<SpeedtestOptions | string> {
    if (!this.target) return vscode.l10n.t('Choose a target first: a Coder workspace or ssh://user@host:port.');
    // The target as parsed when it was chosen; a Coder workspace gets its login's CLI now.
    const { parsed } = this.target;
    let cli: CoderCli | null = null;
    let target: SpeedtestTarget;
    if (parsed.kind === 'coder') {
      const resolved = await this.deps.coderCli(parsed.workspace);
      if (!resolved.ok) return resolved.error;
      cli = resolved.cli;
      target = withCoderCli(parsed, cli);
    } else target = parsed;
    const { identityFile, directTimeoutSeconds: directSeconds, streams } = readSpeedtestConfig();
    return {
      target,
      directions: directionsOf(settings.direction),
      durationSeconds: settings.durationSeconds,
      cliTunnel: settings.compareCli && target.kind === 'coder',
      waitForDirectMs: settings.waitForDirect && target.kind === 'coder' ? directSeconds * 1000 : undefined,
      identityFile,
      streams,
      trustHostKey,
      frontEnd: EXTENSION_FRONT_END,
      env: cli?.env,
      secrets: cli?.secrets,
    };
  }

  private async start(settings: RunSettings, trustHostKey?: string): Promise<void> {
    if (this.session.running) await this.session.cancel();
    const options = await this.options(settings, trustHostKey);
    if (typeof options === 'string') {
      this.post({ type: 'notice', level: 'error', text: options });
      return;
    }
    this.settings = settings;
    this.restored = null;
    this.previous = this.target ? (this.history.recent(this.target.label, 1)[0] ?? null) : null;
    this.post({ type: 'started', settings, previous: this.previous });
    this.deps.log.info(
      `speed test ${this.target?.label ?? ''}: ${settings.direction}, ${settings.durationSeconds} s${options.cliTunnel ? ', with coder speedtest' : ''}${options.waitForDirectMs ? ', waiting for a direct connection first' : ''}${(options.streams ?? 1) > 1 ? `, ${options.streams} streams` : ''}`,
    );
    await this.session.start(options);
  }

  private async finished(report: SpeedtestReport): Promise<void> {
    try {
      await this.history.add(report);
    } catch (err) {
      this.deps.log.warn(`speed test: could not save the result to history: ${errorMessage(err)}`);
    }
    // A plain SSH host whose key is not known yet: after the user has seen its fingerprint, offer to
    // trust exactly that key (the run again refuses any other). A changed or revoked key is never offered.
    const seen = this.target?.parsed.kind === 'ssh' && report.transport === 'ssh' ? report.unknownHostKey : undefined;
    if (seen && report.error) {
      const trust = vscode.l10n.t('Trust and run again');
      const choice = await vscode.window.showWarningMessage(report.error, { modal: true }, trust);
      if (choice === trust && !this.host.isDisposed) {
        this.deps.log.info(`speed test ${this.target?.label ?? ''}: the user trusts host key ${seen}`);
        await this.start(this.settings, seen);
      }
    }
  }

  private async copyMarkdown(): Promise<void> {
    const report = this.report;
    if (!report) return;
    await vscode.env.clipboard.writeText(speedtestToMarkdown(report, this.previous));
    this.post({ type: 'notice', level: 'info', text: vscode.l10n.t('Copied the result as Markdown.') });
  }

  private async saveJson(): Promise<void> {
    const report = this.report;
    if (!report) return;
    const stamp = report.startedAt.replace(/[:.]/g, '-');
    const name = `speedtest-${report.target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}-${stamp}.json`;
    const uri = await saveJsonFile(name, toSpeedtestJson(report), vscode.l10n.t('Save speed test result'));
    if (uri)
      this.post({ type: 'notice', level: 'info', text: vscode.l10n.t('Saved to {0}.', uri.fsPath || uri.toString()) });
  }

  private postSnapshot(): void {
    const report = this.report;
    // A long run keeps more events than one message may carry: they follow the snapshot in batches.
    const snapshot = {
      type: 'snapshot',
      target: this.target && targetInfo(this.target),
      settings: this.settings,
      running: this.session.running,
      report,
      previous: this.previous,
      translations: this.host.translations(),
    } as const;
    for (const message of snapshotMessages(snapshot, this.session.state ?? [])) this.post(message);
  }

  private post(message: HostMessage): void {
    // Notices can quote a CLI's error: cut to what the panel accepts.
    this.host.post(message.type === 'notice' ? { ...message, text: clipText(message.text, MAX_NOTICE) } : message);
  }

  dispose(): void {
    slot.empty(this);
    setContextKey(CONTEXT_KEYS.speedtestOnWorkspace, false);
    // Closing the panel ends the run; the session waits for the engine to close its processes.
    void this.session.dispose();
    this.host.dispose();
  }
}

/** Registers the serializer that revives the panel after a window reload. Call once on activation. */
export function registerSpeedtestSerializer(
  context: vscode.ExtensionContext,
  deps: SpeedtestPanelDeps,
): vscode.Disposable {
  return registerPanelSerializer(SPEEDTEST_VIEW_TYPE, (panel, state) =>
    SpeedtestPanel.revive(context, deps, panel, state),
  );
}
