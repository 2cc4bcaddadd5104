// Activation only: builds the services, registers commands and the panel serializer.
// Nothing is spawned and nothing but settings and this window's state is read until a workspace is known.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { registerConnectionSerializer } from './vscode/connection-panel';
import { registerFleetView } from './vscode/fleet/fleet-commands';
import { localProbeRunner } from './vscode/local-probes';
import { ServiceWiring } from './vscode/service-wiring';
import { registerSpeedtestSerializer } from './vscode/speedtest/panel';

let services: ServiceWiring | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const wired = new ServiceWiring(context, localProbeRunner(context.globalStorageUri.fsPath));
  services = wired;
  context.subscriptions.push(
    wired,
    ...registerCommands(wired),
    ...registerFleetView(wired),
    registerConnectionSerializer(wired.panelDeps),
    registerSpeedtestSerializer(context, wired.speedtestDeps),
  );
}

export async function deactivate(): Promise<void> {
  // Wait for the status pinger's process to be gone before the host goes away.
  await services?.shutdown();
  services = undefined;
}
