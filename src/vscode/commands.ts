// The commands, each a small function over the extension's wired services; the panels' title-bar
// buttons act on the open panel's own workspace.
import * as vscode from 'vscode';
import { COMMAND_IDS } from './command-ids';
import { CheckPanel } from './check/check-panel';
import { copyReport } from './check/report-actions';
import type { ServiceWiring } from './service-wiring';
import { SpeedtestPanel } from './speedtest/panel';
import { resolveWorkspace } from './workspace-pick';

export function registerCommands(services: ServiceWiring): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMAND_IDS.checkConnection, async (arg?: unknown) => {
      const workspace = await resolveWorkspace(arg, services.targetDeps);
      if (!workspace) return;
      if (wantsReveal(arg) && CheckPanel.reveal(workspace)) return;
      await services.rememberWorkspace(workspace);
      await CheckPanel.check(services.panelDeps, workspace);
    }),
    vscode.commands.registerCommand(COMMAND_IDS.speedTest, (arg?: unknown) => services.openSpeedTest(arg)),
    vscode.commands.registerCommand(COMMAND_IDS.copyReport, () => {
      const report = CheckPanel.active?.report ?? services.store.lastReport ?? null;
      return copyReport(report, (text) => CheckPanel.active?.notice(text), services.reportTimeline(report));
    }),
    vscode.commands.registerCommand(COMMAND_IDS.showLog, () => services.log.show(true)),
    ...registerPanelTitleCommands(),
  ];
}

/** Buttons in a panel's title bar; a panel without a workspace (or none open) leaves them doing nothing. */
function registerPanelTitleCommands(): vscode.Disposable[] {
  const run = (command: string, workspace: string | null | undefined): Thenable<unknown> | undefined =>
    workspace ? vscode.commands.executeCommand(command, workspace) : undefined;
  return [
    vscode.commands.registerCommand(COMMAND_IDS.connectionCheckAgain, () =>
      run(COMMAND_IDS.checkConnection, CheckPanel.active?.workspace),
    ),
    vscode.commands.registerCommand(COMMAND_IDS.connectionSpeedTest, () =>
      run(COMMAND_IDS.speedTest, CheckPanel.active?.workspace),
    ),
    vscode.commands.registerCommand(COMMAND_IDS.speedtestCheckConnection, () =>
      run(COMMAND_IDS.checkConnection, SpeedtestPanel.active?.workspace),
    ),
  ];
}

/** `{ workspace, reveal: true }` (the status bar's click) shows an open panel instead of re-running. */
function wantsReveal(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { reveal?: unknown }).reveal === true;
}
