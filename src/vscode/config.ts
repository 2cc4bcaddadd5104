// Typed view of the `wsdoctor.*` settings, read fresh on every use and clamped to sane ranges.
import * as vscode from 'vscode';

export interface WsdoctorConfig {
  coderPath: string | undefined;
  pingCount: number;
  localProbes: boolean;
  stunServers: string[];
  statusBarEnabled: boolean;
  refreshSeconds: number;
  warnMs: number;
  errorMs: number;
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Number.isFinite(n) ? n : lo));

export function readConfig(): WsdoctorConfig {
  const c = vscode.workspace.getConfiguration('wsdoctor');
  const warnMs = clamp(c.get<number>('latency.warnMs', 100), 1, 60_000);
  const errorMs = Math.max(warnMs, clamp(c.get<number>('latency.errorMs', 250), 1, 60_000));
  const coderPath = c.get<string>('coderPath', '').trim();
  const stun = c.get<unknown>('stunServers', []);
  return {
    coderPath: coderPath === '' ? undefined : coderPath,
    pingCount: Math.round(clamp(c.get<number>('pingCount', 10), 1, 3600)),
    localProbes: c.get<boolean>('localProbes.enabled', true),
    stunServers: Array.isArray(stun)
      ? stun.filter((s): s is string => typeof s === 'string' && /^[^\s]+:\d{1,5}$/.test(s))
      : [],
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    refreshSeconds: clamp(c.get<number>('statusBar.refreshSeconds', 5), 1, 300),
    warnMs,
    errorMs,
  };
}

export function onConfigChange(listener: (config: WsdoctorConfig) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('wsdoctor')) listener(readConfig());
  });
}
