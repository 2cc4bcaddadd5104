// The HTML shell of a webview: strict CSP with a per-load nonce, our bundle and stylesheet only.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { contentSecurityPolicy, escapeHtml } from './webview-csp';

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
  const csp = contentSecurityPolicy(o.webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
${o.body}
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only our bundles and stylesheets can be loaded.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    // The panel redraws from a snapshot when shown again, so it need not stay alive while hidden.
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}
