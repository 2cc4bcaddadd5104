// The HTML shell of a webview: strict CSP with a per-load nonce, our bundle and stylesheet only.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { panelPage } from './webview-csp';

export interface ShellOptions {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** Bundle name under dist/webview/ (without .js). */
  script: string;
  /** Stylesheet under media/. */
  style: string;
  title: string;
  /** Static markup of the page body; must contain no script and no untrusted text. */
  body: string;
}

export function webviewShell(o: ShellOptions): string {
  const nonce = randomBytes(16).toString('base64');
  const scriptUri = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'dist', 'webview', `${o.script}.js`));
  const styleUri = o.webview.asWebviewUri(vscode.Uri.joinPath(o.extensionUri, 'media', o.style));
  return panelPage({
    cspSource: o.webview.cspSource,
    nonce,
    scriptUri: scriptUri.toString(),
    styleUri: styleUri.toString(),
    title: o.title,
    body: o.body,
  });
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only our bundles and stylesheets can be loaded.
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
    // The panel redraws from a snapshot when shown again, so it need not stay alive while hidden.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}
