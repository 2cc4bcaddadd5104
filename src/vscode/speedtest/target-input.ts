// Reads the speed test target: a Coder workspace name or a plain SSH host as ssh://user@host:port,
// typed into an input box (remembering the last one) or passed by the command.
import * as vscode from 'vscode';
import { parseTarget } from '../../diag/speedtest/target';
import { EXTENSION_FRONT_END } from './front-end';
import type { TargetInfo } from '../../shared/speedtest-protocol';

const LAST_TARGET_KEY = 'wsdoctor.speedtest.lastTarget';

export type TargetInfoParse = { ok: true; info: TargetInfo } | { ok: false; error: string };

/** Validates typed text the way the engine will read it; the CLI path is only needed to run. */
export function targetInfo(text: string): TargetInfoParse {
  const trimmed = text.trim();
  const parsed = parseTarget(trimmed, '', [], EXTENSION_FRONT_END.keyFileOption);
  if (!parsed.ok) return parsed;
  return { ok: true, info: { label: trimmed, kind: parsed.target.kind } };
}

export async function askForTarget(memento: vscode.Memento, current?: string): Promise<TargetInfo | null> {
  const last = current ?? memento.get<unknown>(LAST_TARGET_KEY);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Run speed test'),
    prompt: vscode.l10n.t('A Coder workspace (name or owner/name) or a plain SSH host as ssh://user@host:port'),
    placeHolder: vscode.l10n.t('my-workspace or ssh://me@example.com:22'),
    value: typeof last === 'string' ? last : '',
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' ? null : targetInfo(value).ok ? null : (targetInfo(value) as { error: string }).error,
  });
  if (text === undefined || text.trim() === '') return null;
  const parsed = targetInfo(text);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(parsed.error);
    return null;
  }
  await memento.update(LAST_TARGET_KEY, parsed.info.label);
  return parsed.info;
}
