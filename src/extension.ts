// Activation only: builds the services, registers commands and the panel serializer.
// Nothing is spawned and nothing but settings and this window's state is read until a workspace is known.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { translateEngineWith } from './vscode/l10n';
import { registerCheckPanelSerializer } from './vscode/check/check-panel';
import { registerFleetView } from './vscode/fleet/fleet-commands';
import type { FleetView } from './vscode/fleet/fleet-view';
import { localProbeRunner } from './vscode/check/local-probes';
import { ServiceWiring } from './vscode/service-wiring';
import { registerSpeedtestSerializer } from './vscode/speedtest/panel';

let services: ServiceWiring | undefined;
let fleetView: FleetView | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Before anything is shown: the engine's texts (issues, status bar, timeline, fleet) in the window's language.
  translateEngineWith(vscode.l10n);
  const wired = new ServiceWiring(context, localProbeRunner(context.globalStorageUri.fsPath));
  services = wired;
  const fleet = registerFleetView(wired);
  fleetView = fleet[0];
  context.subscriptions.push(
    wired,
    ...registerCommands(wired),
    ...fleet,
    registerCheckPanelSerializer(wired.panelDeps),
    registerSpeedtestSerializer(context, wired.speedtestDeps),
  );
}

export async function deactivate(): Promise<void> {
  // Wait for the status pinger's and a running refresh's processes to be gone before the host goes away.
  await Promise.all([services?.shutdown(), fleetView?.shutdown()]);
  services = undefined;
  fleetView = undefined;
}
