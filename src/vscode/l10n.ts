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
 * The translations a panel needs for the texts it makes itself (the webview has no vscode.l10n): of the
 * loaded bundle (none in English), only the `messages` its page can show, as the build listed them.
 * Only string pairs, so a stray value cannot reach a panel.
 */
export function panelTranslations(
  bundle: Readonly<Record<string, unknown>> | undefined,
  messages: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!bundle) return out;
  for (const message of messages) {
    const value = Object.hasOwn(bundle, message) ? bundle[message] : undefined;
    if (typeof value === 'string') out[message] = value;
  }
  return out;
}

/** The list of messages the build wrote beside a panel bundle (build/panel-messages.mjs); only its strings. */
export function parsePanelMessages(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) throw new Error('not a list of messages');
  return value.filter((m): m is string => typeof m === 'string');
}
