// The four commands, each a small function over the extension's context.
import * as vscode from 'vscode';
import type { Report } from '../diag/model';
import { toJsonReport } from '../diag/present/json';
import { reportToMarkdown } from '../diag/present/markdown';
import { ConnectionPanel } from './connection-panel';
import { saveJsonFile } from './panel-host';
import type { ExtensionContextState } from './context';
import { resolveWorkspace } from './target';

export const COMMANDS = {
  check: 'wsdoctor.checkConnection',
  speedTest: 'wsdoctor.speedTest',
  copyReport: 'wsdoctor.copyReport',
  showLog: 'wsdoctor.showLog',
} as const;

export function registerCommands(ctx: ExtensionContextState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.check, async (arg?: unknown) => {
      const workspace = await resolveWorkspace(arg, ctx.targetDeps);
      if (!workspace) return;
      if (wantsReveal(arg) && ConnectionPanel.reveal(workspace)) return;
      await ctx.rememberWorkspace(workspace);
      await ConnectionPanel.check(ctx.panelDeps, workspace);
    }),
    vscode.commands.registerCommand(COMMANDS.speedTest, async (arg?: unknown) => {
      const workspace = await resolveWorkspace(arg, ctx.targetDeps);
      if (!workspace) return;
      await ctx.rememberWorkspace(workspace);
      await ctx.openSpeedTest(workspace);
    }),
    vscode.commands.registerCommand(COMMANDS.copyReport, () =>
      copyReport(ctx, ConnectionPanel.active?.report ?? ctx.store.lastReport ?? null),
    ),
    vscode.commands.registerCommand(COMMANDS.showLog, () => ctx.log.show(true)),
  ];
}

/** `{ workspace, reveal: true }` (the status bar's click) shows an open panel instead of re-running. */
function wantsReveal(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { reveal?: unknown }).reveal === true;
}

export async function copyReport(ctx: ExtensionContextState, report: Report | null): Promise<void> {
  if (!report) {
    const run = 'Check workspace connection';
    const choice = await vscode.window.showInformationMessage('No connection report yet: run a check first.', run);
    if (choice === run) await vscode.commands.executeCommand(COMMANDS.check);
    return;
  }
  await vscode.env.clipboard.writeText(reportToMarkdown(report));
  ConnectionPanel.active?.notice('Report copied to the clipboard as Markdown.');
  void vscode.window.setStatusBarMessage('$(check) Connection report copied', 3000);
}

export async function saveReport(ctx: ExtensionContextState, report: Report | null): Promise<void> {
  if (!report) return;
  const safeName = (report.workspace || 'workspace').replace(/[^\w.-]+/g, '_').slice(0, 60);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const name = `connection-${safeName}-${stamp}.json`;
  const target = await saveJsonFile(name, toJsonReport(report), 'Save connection report');
  if (!target) return;
  ctx.log.info(`report saved to ${target.toString(true)}`);
  ConnectionPanel.active?.notice('Report saved.');
}
