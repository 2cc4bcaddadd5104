// The translations of the engine's texts a panel makes itself (issue titles and explanations, path
// names, probe lines, speed test rows): the host's loaded bundle, English message -> translation.
// A panel has no vscode.l10n, so it installs these as the engine's translator (diag/l10n.ts).
import { MAX_TEXT } from '../diag/wire/limits';
import { isObject } from '../diag/wire/validate';

/** More than the bundles hold today with room to grow; a record past it is cut, not refused. */
export const MAX_ENGINE_TEXTS = 2000;

export type EngineTexts = Record<string, string>;

/**
 * The string pairs of `v`, at most MAX_ENGINE_TEXTS, none longer than MAX_TEXT (a cut key could never
 * be looked up, so a long pair is left out). Anything else gives no translations: the texts stay English.
 */
export function parseEngineTexts(v: unknown): EngineTexts {
  // No prototype: a key like "__proto__" or "constructor" is an ordinary message here.
  const out = Object.create(null) as EngineTexts;
  if (!isObject(v)) return out;
  let count = 0;
  for (const [key, value] of Object.entries(v)) {
    if (count >= MAX_ENGINE_TEXTS) break;
    if (typeof value !== 'string' || key.length > MAX_TEXT || value.length > MAX_TEXT) continue;
    out[key] = value;
    count++;
  }
  return out;
}
