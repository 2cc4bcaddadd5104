// Activation only: builds the context, registers commands and the panel serializer.
// Nothing is spawned and nothing but settings and this window's state is read until a workspace is known.
import * as vscode from 'vscode';
import { registerCommands } from './vscode/commands';
import { registerConnectionSerializer } from './vscode/connection-panel';
import { ExtensionContextState } from './vscode/context';
import { localProbeRunner } from './vscode/local-probes';
import { registerSpeedtestSerializer } from './vscode/speedtest/panel';

let state: ExtensionContextState | undefined;

export function activate(context: vscode.ExtensionContext): void {
  state = new ExtensionContextState(context, localProbeRunner());
  const ctx = state;
  context.subscriptions.push(
    ctx,
    ...registerCommands(ctx),
    registerConnectionSerializer(ctx.panelDeps),
    registerSpeedtestSerializer(context, ctx.speedtestDeps),
  );
}

export async function deactivate(): Promise<void> {
  // Wait for the status pinger's process to be gone before the host goes away.
  await state?.shutdown();
  state = undefined;
}
