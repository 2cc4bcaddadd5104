// The engine's one translation seam. Engine texts the extension shows are written as
// calls of `t` on `l10n` with a literal and `{0}` placeholders, the shape of vscode.l10n.t, so scripts/l10n-extract.mjs finds them
// with the extension's own. The default is English: `wsdoctor` never installs a translator, so its
// output stays English; the extension installs vscode.l10n.t at activation, a panel the host's bundle.
export type L10nArg = string | number | boolean;
export type Translate = (message: string, ...args: L10nArg[]) => string;

/** `template` with `{0}`, `{1}`… replaced by `args`, as vscode.l10n.t does; unknown ones stay. */
export function fillPlaceholders(template: string, args: readonly L10nArg[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const i = Number(index);
    return i < args.length ? String(args[i]) : whole;
  });
}

export const englishText: Translate = (message, ...args) => fillPlaceholders(message, args);

let current: Translate = englishText;

/** Looked up at every call, so a translator installed later applies to every text made after. */
export const l10n = {
  t: (message: string, ...args: L10nArg[]): string => current(message, ...args),
};

/**
 * Translates with whatever translator this copy of the module has at each call: what the host hands
 * to an engine bundle (which has its own copy of this module), so the engine speaks the host's language.
 */
export const followTranslator: Translate = (message, ...args) => current(message, ...args);

/** Installs the translator every later `l10n.t` goes through; null goes back to English. */
export function setTranslator(translate: Translate | null): void {
  current = translate ?? englishText;
}

/** A translator from a bundle (English message -> translation); a message it lacks stays English. */
export function bundleTranslator(bundle: Readonly<Record<string, string>>): Translate {
  return (message, ...args) =>
    fillPlaceholders(Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message] : message, args);
}

/** `template` split at `{0}`, for a line that puts an element there: `Connection to {0}`. */
export function aroundPlaceholder(template: string): [before: string, after: string] {
  const at = template.indexOf('{0}');
  return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + 3)];
}
