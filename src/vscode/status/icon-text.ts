// Text for VS Code surfaces that render `$(name)` as a codicon (status bar, quick picks, messages):
// untrusted names must not turn into icons, and their invisible characters show as codes.
import { escapeInvisible } from '../../diag/printable';
import type { StatusView } from '../../diag/status/status-view';

/** Untrusted text with its codicon syntax kept literal (a backslash) and invisible characters shown. */
export function escapeIcons(text: string): string {
  return escapeInvisible(text).replace(/\$\(/g, '\\$(');
}

/** The status bar item's text: our icon, then the label escaped. */
export function statusBarText(view: Pick<StatusView, 'icon' | 'label'>): string {
  return `$(${view.icon}) ${escapeIcons(view.label)}`;
}
