// The panels' static texts come from the host, translated there (the webview has no vscode.l10n):
// a record of named strings in the snapshot message. This validates one against its list of names
// and fills the `{0}` placeholders the host left in the templates.
import { fillPlaceholders } from '../diag/l10n';
import { clipText } from '../diag/wire/limits';
import { isObject } from '../diag/wire/validate';

/** A translated label or template is short; anything longer is cut like any other text. */
export const MAX_PANEL_STRING = 500;

/** The record with every name in `keys`, each cut to the limit; null when one is missing or no string. */
export function parsePanelStrings<K extends string>(v: unknown, keys: readonly K[]): Record<K, string> | null {
  if (!isObject(v)) return null;
  const out = {} as Record<K, string>;
  for (const key of keys) {
    const value = v[key];
    if (typeof value !== 'string') return null;
    out[key] = clipText(value, MAX_PANEL_STRING);
  }
  return out;
}

/** `template` with `{0}`, `{1}`… replaced by `args`, as vscode.l10n.t does; unknown ones stay. */
export function fill(template: string, ...args: Array<string | number>): string {
  return fillPlaceholders(template, args);
}

/** `template` split at `{0}`, for a line that puts an element there: `Connection to {0}`. */
export function aroundPlaceholder(template: string): [before: string, after: string] {
  const at = template.indexOf('{0}');
  return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + 3)];
}
