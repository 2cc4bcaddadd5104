// The one webview host every panel is a configuration of: it creates or adopts (after a window
// reload) the webview panel with the same options, loads the page with its CSP nonce, parses every
// message before the panel sees it, posts typed messages, sets the tab title, hands out the
// translations of the texts the panel's page makes, saves JSON, and on close tells the panel and
// disposes what it registered. Each panel says only what differs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { errorMessage } from '../../diag/errors';
import { panelTranslations, parsePanelMessages } from '../l10n';
import { panelPage, panelTitle } from './webview-page';

/** What makes one panel different from another. */
export interface PanelKind<P> {
  viewType: string;
  /** The tab title without a target, and its prefix with one: `Speed test: dev`; translated, so read when shown. */
  title(): string;
  /** What the log calls the panel (English, like the whole log): `speed test panel`. */
  logName: string;
  /** The bundle dist/webview/<script>.js and the stylesheet media/<style>. */
  script: string;
  style: string;
  /** Static markup of the page body; must contain no script and no untrusted text. */
  body: string;
  /** Tab icons under media/, for light and dark themes. */
  icon?: { light: string; dark: string };
  /** Validates a message from the webview; null for anything malformed. */
  parseMessage(raw: unknown): P | null;
}

export interface PanelHooks<P> {
  onMessage(message: P): Promise<void> | void;
  /** The user closed the panel (or the host disposed it): stop what runs for it. */
  onDispose(): void;
}

/** The webview options of every panel: scripts on, and only our bundles and stylesheets loadable. */
function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
    // A panel shown again redraws from a snapshot, so it need not stay alive while hidden.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

export class PanelHost<H, P> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private messages: readonly string[] | undefined;

  /** Opens a new panel of this kind in the active column. */
  static open<H, P>(kind: PanelKind<P>, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, hooks: PanelHooks<P>) {
    const panel = vscode.window.createWebviewPanel(
      kind.viewType,
      kind.title(),
      vscode.ViewColumn.Active,
      panelOptions(extensionUri),
    );
    return new PanelHost<H, P>(kind, panel, extensionUri, log, hooks);
  }

  /** Takes over a panel VS Code restored after a window reload. */
  static adopt<H, P>(
    kind: PanelKind<P>,
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    hooks: PanelHooks<P>,
  ) {
    panel.webview.options = panelOptions(extensionUri);
    return new PanelHost<H, P>(kind, panel, extensionUri, log, hooks);
  }

  private constructor(
    private readonly kind: PanelKind<P>,
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    hooks: PanelHooks<P>,
  ) {
    if (kind.icon) {
      panel.iconPath = {
        light: vscode.Uri.joinPath(extensionUri, 'media', kind.icon.light),
        dark: vscode.Uri.joinPath(extensionUri, 'media', kind.icon.dark),
      };
    }
    panel.webview.html = this.page(extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => {
        hooks.onDispose();
        this.dispose();
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw, hooks)),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Sends a message; a hidden panel drops it and asks for a snapshot when it is shown again. */
  post(message: H): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /**
   * The loaded bundle's translations of the messages this panel's page can show (none in English):
   * the panel installs them as its translator. Only those, so a snapshot stays small.
   */
  translations(): Record<string, string> {
    const bundle = vscode.l10n.bundle;
    return bundle ? panelTranslations(bundle, this.pageMessages()) : {};
  }

  /** The messages the build listed beside the panel's bundle; read once. Without them the page stays English. */
  private pageMessages(): readonly string[] {
    if (this.messages) return this.messages;
    const file = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', `${this.kind.script}.l10n.json`).fsPath;
    try {
      this.messages = parsePanelMessages(readFileSync(file, 'utf8'));
    } catch (err) {
      this.log.warn(`${this.kind.logName}: no list of its texts, so they stay English: ${errorMessage(err)}`);
      this.messages = [];
    }
    return this.messages;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** The tab title for `target`, cut to fit; the bare title without one. */
  showTarget(target: string | null): void {
    this.panel.title = panelTitle(this.kind.title(), target);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private page(extensionUri: vscode.Uri): string {
    const webview = this.panel.webview;
    const asset = (...parts: string[]): string =>
      webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
    return panelPage({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('dist', 'webview', `${this.kind.script}.js`),
      styleUri: asset('media', this.kind.style),
      title: this.kind.title(),
      body: this.kind.body,
    });
  }

  private receive(raw: unknown, hooks: PanelHooks<P>): void {
    const message = this.kind.parseMessage(raw);
    if (!message) {
      this.log.warn(`${this.kind.logName}: ignored a malformed message`);
      return;
    }
    Promise.resolve()
      .then(() => hooks.onMessage(message))
      .catch((err: unknown) => this.log.error(`${this.kind.logName}: ${errorMessage(err)}`));
  }
}

/** Asks where to save `value` as JSON (suggesting `fileName`); the chosen file, or undefined when dismissed. */
export async function saveJsonFile(fileName: string, value: unknown, title: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: { JSON: ['json'] },
    title,
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8'));
  return uri;
}

/** The one open panel of a kind: opening it again reveals this one; a revived one replaces it. */
export class PanelSlot<T extends vscode.Disposable> {
  private value: T | undefined;

  get current(): T | undefined {
    return this.value;
  }

  fill(panel: T): void {
    if (this.value !== panel) this.value?.dispose();
    this.value = panel;
  }

  empty(panel: T): void {
    if (this.value === panel) this.value = undefined;
  }
}

/** Revives panels of `viewType` after a window reload from the state their webview saved. */
export function registerPanelSerializer(
  viewType: string,
  revive: (panel: vscode.WebviewPanel, state: unknown) => void,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    deserializeWebviewPanel: async (panel, state: unknown) => revive(panel, state),
  });
}
