// Reads the speed test target: a Coder workspace name or a plain SSH host as ssh://user@host:port,
// typed into an input box (remembering the last one).
import * as vscode from 'vscode';
import { targetReader } from './panel-target';
import type { PanelTarget } from './panel-target';

const LAST_TARGET_KEY = 'wsdoctor.speedtest.lastTarget';

export async function askForTarget(memento: vscode.Memento, current?: string): Promise<PanelTarget | null> {
  const last = current ?? memento.get<unknown>(LAST_TARGET_KEY);
  const read = targetReader();
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Run speed test'),
    prompt: vscode.l10n.t('A Coder workspace (name or owner/name) or a plain SSH host as ssh://user@host:port'),
    placeHolder: vscode.l10n.t('my-workspace or ssh://me@example.com:22'),
    value: typeof last === 'string' ? last : '',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') return null;
      const parsed = read(value);
      return parsed.ok ? null : parsed.error;
    },
  });
  if (text === undefined || text.trim() === '') return null;
  const parsed = read(text);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(parsed.error);
    return null;
  }
  await memento.update(LAST_TARGET_KEY, parsed.target.label);
  return parsed.target;
}
