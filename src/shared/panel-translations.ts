// The translations of the texts a panel makes itself: its own (headings, buttons, run states) and the
// engine's (issue titles and explanations, path names, probe lines, speed test rows), English message
// -> translation, the part of the host's loaded bundle that the panel's page can show. A panel has no
// vscode.l10n, so it installs these as the translator of every l10n.t call (diag/l10n.ts).
import { MAX_TEXT } from '../diag/wire/limits';
import { isObject } from '../diag/wire/validate';

/** More than the whole bundle holds today, with room to grow; a record past it is cut, not refused. */
export const MAX_TRANSLATIONS = 2000;

export type Translations = Record<string, string>;

/**
 * The string pairs of `v`, at most MAX_TRANSLATIONS, none longer than MAX_TEXT (a cut key could never
 * be looked up, so a long pair is left out). Anything else gives no translations: the texts stay English.
 */
export function parseTranslations(v: unknown): Translations {
  // No prototype: a key like "__proto__" or "constructor" is an ordinary message here.
  const out = Object.create(null) as Translations;
  if (!isObject(v)) return out;
  let count = 0;
  for (const [key, value] of Object.entries(v)) {
    if (count >= MAX_TRANSLATIONS) break;
    if (typeof value !== 'string' || key.length > MAX_TEXT || value.length > MAX_TEXT) continue;
    out[key] = value;
    count++;
  }
  return out;
}
