// The settings as typed values, read fresh on every use and clamped to sane ranges. Pure: config.ts
// hands it the VS Code API (the settings, the window, the installed extensions), tests a fake one.
import type * as vscode from 'vscode';
import { expandPath, type CoderSettings } from '../../diag/coder/global-flags';
import { FLEET_DEFAULTS } from '../../diag/fleet/fleet-check';
import { checkStunEntry } from '../../diag/coder/stun-server';
import type { NetSettings } from '../../diag/net/settings';
import { editorNetSettings } from './net-settings';
import { gateUserValue, scopeInManifest, type TrustContext, type Withheld } from './setting-trust';
import { DEFAULT_MIN_INTERVAL_MINUTES } from '../../diag/timeline/auto-diagnose';
import { clampPingCount, PING_COUNT } from '../../diag/check/ping-count';
import { MAX_STREAMS } from '../../diag/speedtest/streams';

/** The parts of the VS Code API that settings are read through. */
export interface SettingsApi {
  workspace: {
    getConfiguration(section: string): {
      get<T>(key: string, fallback: T): T;
      inspect<T>(key: string): { globalValue?: T } | undefined;
    };
  };
  env: { remoteName: string | undefined };
  extensions: { all: readonly { packageJSON: unknown }[] };
}

/** What decides whether a value that may be the remote machine's is used; installed at activation. */
export interface SettingGate {
  isConfirmed(key: string): boolean;
  withhold(withheld: Withheld): void;
  onDidChange: vscode.Event<void>;
}

export interface WsdoctorConfig {
  coderPath: string | undefined;
  pingCount: number;
  localProbes: boolean;
  stunServers: string[];
  statusBarEnabled: boolean;
  refreshSeconds: number;
  warnMs: number;
  errorMs: number;
  /** The quiet check that runs by itself when the connection gets worse. */
  autoDiagnose: { enabled: boolean; minIntervalMinutes: number };
  coder: CoderExtensionSettings;
  /** How our own calls reach the network: VS Code's proxy settings, the Coder extension's TLS settings. */
  net: NetSettings;
}

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, Number.isFinite(n) ? n : lo));

/** `gate` undefined: not installed yet, so no value that needs the user's permission is used. */
export function configFrom(api: SettingsApi, gate: SettingGate | undefined, env: NodeJS.ProcessEnv): WsdoctorConfig {
  const c = api.workspace.getConfiguration('wsdoctor');
  const warnMs = clamp(c.get<number>('latency.warnMs', 100), 1, 60_000);
  const errorMs = Math.max(warnMs, clamp(c.get<number>('latency.errorMs', 250), 1, 60_000));
  const coderPath = c.get<string>('coderPath', '').trim();
  const stun = c.get<unknown>('stunServers', []);
  return {
    coderPath: coderPath === '' ? undefined : coderPath,
    pingCount: clampPingCount(c.get<unknown>('pingCount', PING_COUNT.default)),
    localProbes: c.get<boolean>('localProbes.enabled', true),
    stunServers: Array.isArray(stun)
      ? stun.filter((s): s is string => typeof s === 'string' && checkStunEntry(s).ok)
      : [],
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    refreshSeconds: clamp(c.get<number>('statusBar.refreshSeconds', 5), 1, 300),
    warnMs,
    errorMs,
    autoDiagnose: {
      enabled: c.get<boolean>('autoDiagnose.enabled', true),
      minIntervalMinutes: clamp(
        c.get<number>('autoDiagnose.minIntervalMinutes', DEFAULT_MIN_INTERVAL_MINUTES),
        1,
        24 * 60,
      ),
    },
    coder: coderSettingsFrom(api, gate, env),
    net: netSettingsFrom(api, gate, env),
  };
}

/** The `wsdoctor.speedtest.*` settings, read when a speed test starts. */
export interface SpeedtestConfig {
  /** Empty setting: undefined (ssh-agent and the usual keys). */
  identityFile: string | undefined;
  directTimeoutSeconds: number;
  streams: number;
}

export function speedtestConfigFrom(api: SettingsApi): SpeedtestConfig {
  const c = api.workspace.getConfiguration('wsdoctor');
  const identity = c.get<string>('speedtest.identityFile', '').trim();
  return {
    identityFile: identity === '' ? undefined : identity,
    directTimeoutSeconds: clamp(c.get<number>('speedtest.directTimeoutSeconds', 30) || 30, 1, 600),
    streams: Math.round(clamp(c.get<number>('speedtest.streams', 1) || 1, 1, MAX_STREAMS)),
  };
}

/** The `wsdoctor.fleet.*` settings of the Workspaces view. */
export interface FleetConfig {
  /** Workspaces checked at once by a refresh. */
  concurrency: number;
  /** Minutes between background refreshes; 0: off. */
  refreshMinutes: number;
}

export function fleetConfigFrom(api: SettingsApi): FleetConfig {
  const c = api.workspace.getConfiguration('wsdoctor');
  const minutes = c.get<number>('fleet.refreshMinutes', 0);
  return {
    concurrency: Math.round(clamp(c.get<number>('fleet.concurrency', FLEET_DEFAULTS.concurrency), 1, 64)),
    // 0 (or anything not positive) is off; otherwise at least a minute, at most a day.
    refreshMinutes: Number.isFinite(minutes) && minutes > 0 ? clamp(minutes, 1, 1440) : 0,
  };
}

/** The official Coder extension's settings that shape every CLI call, read the way it reads them. */
interface CoderExtensionSettings extends CoderSettings {
  /** `coder.binaryDestination`, else CODER_BINARY_DESTINATION: where it keeps its CLI copy instead of `<host>/bin`. */
  binaryDestination?: string;
}

function trustContext(api: SettingsApi, gate: SettingGate | undefined): TrustContext {
  return {
    remoteWindow: api.env.remoteName !== undefined,
    scopeOf: (setting) => {
      for (const extension of api.extensions.all) {
        const scope = scopeInManifest(extension.packageJSON, setting);
        if (scope !== undefined) return scope;
      }
      return undefined;
    },
    isConfirmed: (key) => gate?.isConfirmed(key) ?? false,
  };
}

/**
 * The user's own value of a setting (`globalValue`: never a folder's). In a remote window it may hold
 * the remote machine's: a command, binary, file, URL or TLS switch from there is used only once the
 * user allowed that exact value (setting-trust.ts).
 */
function userSetting(
  api: SettingsApi,
  gate: SettingGate | undefined,
  section: 'http' | 'coder',
  key: string,
  onWithheld?: (setting: string) => void,
): unknown {
  const value = api.workspace.getConfiguration(section).inspect<unknown>(key)?.globalValue;
  return gateUserValue(`${section}.${key}`, value, trustContext(api, gate), (withheld) => {
    onWithheld?.(withheld.setting);
    gate?.withhold(withheld);
  });
}

// User settings only: a folder's own settings must never choose a command we run
// (`coder.headerCommand`) or the CLI's flags, least of all in Restricted Mode or when the Coder
// extension is not installed to declare them; a remote machine's only once allowed.
function coderSettingsFrom(
  api: SettingsApi,
  gate: SettingGate | undefined,
  env: NodeJS.ProcessEnv,
): CoderExtensionSettings {
  const user = (key: string): unknown => userSetting(api, gate, 'coder', key);
  const flags = user('globalFlags') ?? [];
  const text = (key: string): string | undefined => {
    const v = user(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const destination = text('binaryDestination') ?? (env.CODER_BINARY_DESTINATION?.trim() || undefined);
  return {
    globalFlags: Array.isArray(flags) ? flags.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [],
    headerCommand: text('headerCommand'),
    useKeyring: user('useKeyring') === true,
    binaryDestination: destination ? expandPath(destination) : undefined,
  };
}

/**
 * Proxy, trust and headers from the user's own settings only (`userSetting`): a folder must not pick
 * where a token goes, which CA we trust or a command we run, nor a remote machine unless allowed.
 */
function netSettingsFrom(api: SettingsApi, gate: SettingGate | undefined, env: NodeJS.ProcessEnv): NetSettings {
  const withheld = new Set<string>();
  const net = editorNetSettings((section, key) => userSetting(api, gate, section, key, (s) => withheld.add(s)), env);
  if (withheld.size > 0) net.withheld = [...withheld];
  return net;
}
