// The speed test panel's HTML shell: a strict CSP (nothing allowed by default, our stylesheet,
// one nonce'd script), no inline script or handler, and no untrusted text: the page fills
// itself in from validated messages. Pure (strings in, string out) so the CSP is unit-tested.

import { contentSecurityPolicy, escapeHtml as attr } from '../webview-csp';

export { contentSecurityPolicy };

export interface ShellParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function speedtestHtml(p: ShellParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>Speed test</title>
</head>
<body>
<main id="app"></main>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
