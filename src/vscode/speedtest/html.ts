// The speed test panel's HTML shell: a strict CSP (nothing allowed by default, our stylesheet,
// one nonce'd script), no inline script or handler, and no untrusted text: the page fills
// itself in from validated messages. Pure (strings in, string out) so the CSP is unit-tested.

import { contentSecurityPolicy, panelPage } from '../webview-csp';

export { contentSecurityPolicy };

export interface ShellParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function speedtestHtml(p: ShellParts): string {
  return panelPage({ ...p, title: 'Speed test', body: '<main id="app"></main>' });
}
