// The page every panel loads, as a pure function of its parts (so it is unit-tested): a strict
// Content-Security-Policy (nothing by default; our own styles, images and fonts; only the script
// that carries this load's nonce), our stylesheet, one bundle, no inline script or handler and no
// untrusted text. The page fills itself in from validated messages. Also the panels' tab titles.

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** Escapes a value for a double-quoted HTML attribute or text. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PageParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
  /** Static markup of the page body; must contain no script and no untrusted text. */
  body: string;
}

/** A panel page: our stylesheet, one nonce'd script, nothing inline. */
export function panelPage(p: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(p.styleUri)}">
<title>${escapeHtml(p.title)}</title>
</head>
<body>
${p.body}
<script nonce="${escapeHtml(p.nonce)}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}

/** Longest target shown in a tab title; the tab itself truncates far later. */
const MAX_TITLE_TARGET = 40;

/** `Speed test: dev`, the target cut with an ellipsis; the bare prefix without one. */
export function panelTitle(prefix: string, target: string | null): string {
  if (!target) return prefix;
  const short = target.length > MAX_TITLE_TARGET ? `${target.slice(0, MAX_TITLE_TARGET - 1)}…` : target;
  return `${prefix}: ${short}`;
}
