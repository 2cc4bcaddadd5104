// The Workspaces view's wiring: the view itself over the extension's services, its title buttons
// (Refresh, Cancel) and its row actions (Check, Speed test, Copy report).
import * as vscode from 'vscode';
import type { FleetRow } from '../../diag/fleet/row';
import { reportToMarkdown } from '../../diag/present/markdown';
import { escapeIcons } from '../status/icon-text';
import { COMMAND_IDS } from '../command-ids';
import type { ServiceWiring } from '../service-wiring';
import { currentCoderRemote } from '../workspace-pick';
import { FleetView } from './fleet-view';
import { liveReadingOf, rowMarkdown, workspaceRef } from './fleet-view-model';

/** The view and its commands; the view first, so deactivation can wait for its processes. */
export function registerFleetView(services: ServiceWiring): [FleetView, ...vscode.Disposable[]] {
  const view = new FleetView({
    log: services.log,
    session: () => services.loginWith({ kind: 'auto' }),
    thresholds: () => services.panelDeps.thresholds(),
    liveReading: () => {
      const state = services.status.snapshot;
      const remote = currentCoderRemote();
      // The remote's deployment host pins the row when the status bar watches this window's workspace.
      const host = remote && remote.target === state.workspace ? remote.host : null;
      return liveReadingOf(state, Date.now(), host);
    },
    onLiveChange: services.status.onDidUpdate,
    currentWorkspace: () => {
      const remote = currentCoderRemote();
      return remote ? workspaceRef(remote.target, remote.host) : null;
    },
  });

  /** The row a menu was opened on; a command run without one (a keybinding) does nothing. */
  const withRow =
    (action: (row: FleetRow) => Promise<unknown>) =>
    async (node?: unknown): Promise<void> => {
      const row = view.rowOf(node);
      if (row) await action(row);
    };

  /** The panels take the workspace's name; the store remembers which deployment it is on. */
  const openFor = async (command: string, row: FleetRow): Promise<void> => {
    if (row.deployment !== null) await services.store.setDeploymentOf(row.name, row.deployment);
    await vscode.commands.executeCommand(command, { workspace: row.name });
  };

  return [
    view,
    vscode.commands.registerCommand(COMMAND_IDS.fleetRefresh, () => view.refresh()),
    vscode.commands.registerCommand(COMMAND_IDS.fleetCancel, () => view.cancel()),
    vscode.commands.registerCommand(
      COMMAND_IDS.fleetCheck,
      withRow((row) => openFor(COMMAND_IDS.checkConnection, row)),
    ),
    vscode.commands.registerCommand(
      COMMAND_IDS.fleetSpeedTest,
      withRow((row) => openFor(COMMAND_IDS.speedTest, row)),
    ),
    vscode.commands.registerCommand(
      COMMAND_IDS.fleetCopyReport,
      withRow(async (row) => {
        await vscode.env.clipboard.writeText(rowReport(row, services));
        void vscode.window.setStatusBarMessage(
          `$(check) ${vscode.l10n.t('{0}: connection copied', escapeIcons(row.name))}`,
          3000,
        );
      }),
    ),
  ];
}

/** The row's figures; then this window's last full check when it was of the same workspace. */
function rowReport(row: FleetRow, services: ServiceWiring): string {
  const table = rowMarkdown(row, services.panelDeps.thresholds(), vscode.l10n);
  const last = services.store.lastReport;
  const sameWorkspace = last !== undefined && workspaceRef(last.workspace).name === row.name;
  return sameWorkspace ? `${table}\n${reportToMarkdown(last)}` : table;
}
