// The `wsdoctor.*` settings (and the Coder extension's `coder.*` ones that shape CLI calls), read
// through VS Code by config-reader.ts. The only reader of settings.
import * as vscode from 'vscode';
import {
  configFrom,
  fleetConfigFrom,
  speedtestConfigFrom,
  type FleetConfig,
  type SettingGate,
  type SpeedtestConfig,
  type WsdoctorConfig,
} from './config-reader';

export type { WsdoctorConfig } from './config-reader';

let gate: SettingGate | undefined;

/** The store of allowed values and who asks about the rest; until installed, such values are not used. */
export function useSettingGate(installed: SettingGate | undefined): void {
  gate = installed;
}

export function readConfig(): WsdoctorConfig {
  return configFrom(vscode, gate, process.env);
}

export function readSpeedtestConfig(): SpeedtestConfig {
  return speedtestConfigFrom(vscode);
}

export function readFleetConfig(): FleetConfig {
  return fleetConfigFrom(vscode);
}

export function onConfigChange(listener: (config: WsdoctorConfig) => void): vscode.Disposable {
  const changed = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('wsdoctor') || e.affectsConfiguration('coder') || e.affectsConfiguration('http'))
      listener(readConfig());
  });
  // A value the user just allowed is read again as if the setting had changed.
  const allowed = gate?.onDidChange(() => listener(readConfig()));
  return vscode.Disposable.from(changed, ...(allowed ? [allowed] : []));
}
