// Adapts runLocalProbes to the check's LocalProbeRunner hook: finds the Coder CLI's config and a
// cache folder from the environment, uses `coder netcheck`'s DERP map when it comes in time, and
// reports the 'local' source as done.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalProbeContext, LocalProbeRunner } from '../check';
import type { NetcheckReport } from '../coder/netcheck';
import type { EmitFn } from '../events';
import { readCredentials } from './deployment';
import { runLocalProbes } from './run-probes';

/** How long the network probes wait for `coder netcheck` when the deployment API can give the map itself. */
const NETCHECK_GRACE_WITH_API_MS = 1000;
/** ...and when only netcheck can (no CLI login found). */
const NETCHECK_GRACE_WITHOUT_API_MS = 20_000;

/** The Coder CLI's global config folder: CODER_CONFIG_DIR, else the per-platform default. */
export function coderConfigDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CODER_CONFIG_DIR) return env.CODER_CONFIG_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'coderv2');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'coderv2');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'coderv2');
}

export function wsdoctorCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'wsdoctor', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'wsdoctor');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'wsdoctor');
}

function waitAtMost<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T | null> {
  return new Promise((resolve) => {
    const done = (v: T | null): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = (): void => done(null);
    const timer = setTimeout(() => done(null), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(done, () => done(null));
  });
}

export interface CheckRunnerDefaults {
  /** The extension passes its global storage folder; the CLI uses the user cache folder. */
  cacheDir?: string;
  configDir?: string;
  /** Replaces the well-known public STUN servers used when no deployment is known (tests). */
  publicStunServers?: string[];
}

export function makeLocalProbeRunner(defaults: CheckRunnerDefaults = {}): LocalProbeRunner {
  return async (ctx: LocalProbeContext, emit: EmitFn, signal: AbortSignal) => {
    const configDir = defaults.configDir ?? coderConfigDir(ctx.env);
    const base = {
      stunServers: ctx.stunServers,
      publicStunServers: defaults.publicStunServers,
      configDir,
      deploymentUrl: ctx.env.CODER_URL || undefined,
      sessionToken: ctx.env.CODER_SESSION_TOKEN || undefined,
      cacheDir: defaults.cacheDir ?? wsdoctorCacheDir(ctx.env),
      deadlineMs: ctx.deadlineMs,
    };
    const network = async (): Promise<void> => {
      const api = await readCredentials(base);
      const grace = api.ok ? NETCHECK_GRACE_WITH_API_MS : NETCHECK_GRACE_WITHOUT_API_MS;
      const netcheck: NetcheckReport | null = await waitAtMost(ctx.netcheck, grace, signal);
      await runLocalProbes({ ...base, netcheck: netcheck ?? undefined, skip: ['mtu', 'vpn'] }, emit, signal);
    };
    await Promise.all([
      runLocalProbes({ ...base, skip: ['deployment', 'stun', 'aws', 'derp'] }, emit, signal),
      network(),
    ]);
    emit({ type: 'source-done', source: 'local', ok: true });
  };
}

export const localProbeRunner: LocalProbeRunner = makeLocalProbeRunner();
