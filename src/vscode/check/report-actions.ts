// What the user can do with a finished connection report: copy it as Markdown, save it as JSON.
// Each action takes only what it uses, so the commands and the panel share them without a cycle.
import * as vscode from 'vscode';
import type { Report } from '../../diag/model';
import { toJsonReport } from '../../diag/present/json';
import { reportToMarkdown } from '../../diag/present/markdown';
import type { ReportTimeline } from '../../diag/present/timeline-text';
import { COMMAND_IDS } from '../command-ids';
import { saveJsonFile } from '../panels/panel-host';

/** Where an action says it is done: the open panel's notice line, when there is one. */
type NoticeFn = (text: string) => void;

/** `timeline`: this window's recording of the report's workspace, carried by the report when there is one. */
export async function copyReport(report: Report | null, notice: NoticeFn, timeline?: ReportTimeline): Promise<void> {
  if (!report) {
    const run = vscode.l10n.t('Check workspace connection');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('No connection report yet: run a check first.'),
      run,
    );
    if (choice === run) await vscode.commands.executeCommand(COMMAND_IDS.checkConnection);
    return;
  }
  await vscode.env.clipboard.writeText(reportToMarkdown(report, timeline));
  notice(vscode.l10n.t('Report copied to the clipboard as Markdown.'));
  void vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Connection report copied')}`, 3000);
}

/** `connection-<workspace>-<start time>.json`, safe as a file name whatever the workspace is called. */
function reportFileName(report: Report): string {
  const safeName = (report.workspace || 'workspace').replace(/[^\w.-]+/g, '_').slice(0, 60);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  return `connection-${safeName}-${stamp}.json`;
}

export async function saveReport(
  report: Report | null,
  log: Pick<vscode.LogOutputChannel, 'info'>,
  notice: NoticeFn,
  timeline?: ReportTimeline,
): Promise<void> {
  if (!report) return;
  const target = await saveJsonFile(
    reportFileName(report),
    toJsonReport(report, timeline),
    vscode.l10n.t('Save connection report'),
  );
  if (!target) return;
  log.info(`report saved to ${target.toString(true)}`);
  notice(vscode.l10n.t('Report saved.'));
}
