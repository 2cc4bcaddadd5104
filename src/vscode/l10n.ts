// The translator the extension's pure modules take, so they stay testable without VS Code: the host
// passes `vscode.l10n`; tests (and any caller outside the extension host) pass `english`, which fills
// the `{0}` placeholders the way `vscode.l10n.t` does when no bundle is loaded.
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export const english: L10n = {
  t: (message, ...args) =>
    message.replace(/\{(\d+)\}/g, (whole, index: string) => {
      const i = Number(index);
      return i < args.length ? String(args[i]) : whole;
    }),
};
