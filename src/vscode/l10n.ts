import { englishText, setTranslator } from '../diag/l10n';

// The translator the extension's pure modules take, so they stay testable without VS Code: the host
// passes `vscode.l10n`; tests (and any caller outside the extension host) pass `english`, which fills
// the `{0}` placeholders the way `vscode.l10n.t` does when no bundle is loaded.
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export const english: L10n = { t: englishText };

/** Engine texts (src/diag) the extension shows go through `l10n` from now on: the host passes vscode.l10n once. */
export function translateEngineWith(translator: L10n): void {
  setTranslator((message, ...args) => translator.t(message, ...args));
}

/**
 * The translations a panel needs for the engine texts it makes itself (the webview has no vscode.l10n):
 * the loaded bundle, or none in English. Only string pairs, so a stray value cannot reach a panel.
 */
export function engineTextsFrom(bundle: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(bundle ?? {})) if (typeof value === 'string') out[key] = value;
  return out;
}
