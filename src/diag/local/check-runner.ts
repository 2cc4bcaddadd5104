// Adapts runLocalProbes to the check's LocalProbeRunner hook: asks the signed-in deployment (the same
// login the CLI uses) for its settings, uses `coder netcheck`'s DERP map when it comes in time, and
// reports the 'local' source as done.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LocalProbeContext, LocalProbeRunner } from '../check/check';
import type { NetcheckReport } from '../coder/netcheck';
import type { EmitFn } from '../events';
import { sessionToken } from '../coder/login';
import { runLocalProbes } from './run-probes';
import type { NetWords } from '../net/findings';
import { waitAtMost } from '../errors';

/** How long the network probes wait for `coder netcheck` when the deployment API can give the map itself. */
const NETCHECK_GRACE_WITH_API_MS = 1000;
/** ...and when only netcheck can (no CLI login found). */
const NETCHECK_GRACE_WITHOUT_API_MS = 20_000;

export function wsdoctorCacheDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'wsdoctor', 'Cache');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'wsdoctor');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'wsdoctor');
}

interface CheckRunnerDefaults {
  /** Where the AWS IP ranges are cached: the extension passes its global storage folder; unset (the
   * CLI), the user cache folder (wsdoctorCacheDir). */
  cacheDir?: string;
  /** Replaces the well-known public STUN servers used when no deployment is known (tests). */
  publicStunServers?: string[];
  /** How messages tell the user to name STUN servers (LocalProbeOptions.stunOption). */
  stunOption?: string;
  /** How findings name the fix for a proxy, a certificate or the headers (LocalProbeOptions.netWords). */
  netWords?: NetWords;
}

export function makeLocalProbeRunner(defaults: CheckRunnerDefaults = {}): LocalProbeRunner {
  return async (ctx: LocalProbeContext, emit: EmitFn, signal: AbortSignal) => {
    const base = {
      stunServers: ctx.stunServers,
      publicStunServers: defaults.publicStunServers,
      stunOption: defaults.stunOption,
      netWords: defaults.netWords,
      net: ctx.net,
      cacheDir: defaults.cacheDir ?? wsdoctorCacheDir(ctx.env),
      deadlineMs: ctx.deadlineMs,
    };
    const network = async (): Promise<void> => {
      const deployment = await ctx.deployment;
      // The token is read from the login in use and goes in one request header, nowhere else.
      const login = deployment
        ? { deploymentUrl: deployment.url, sessionToken: (await sessionToken(deployment, ctx.env)) ?? undefined }
        : { noDeploymentReason: (await ctx.deploymentNote) ?? undefined };
      const grace = deployment ? NETCHECK_GRACE_WITH_API_MS : NETCHECK_GRACE_WITHOUT_API_MS;
      const netcheck: NetcheckReport | null = await waitAtMost(ctx.netcheck, grace, signal);
      await runLocalProbes({ ...base, ...login, netcheck: netcheck ?? undefined, skip: ['mtu', 'vpn'] }, emit, signal);
    };
    await Promise.all([
      runLocalProbes({ ...base, skip: ['deployment', 'stun', 'aws', 'derp'] }, emit, signal),
      network(),
    ]);
    emit({ type: 'source-done', source: 'local', ok: true });
  };
}

/** The CLI's runner: caches in the user cache folder. */
export const localProbeRunner: LocalProbeRunner = makeLocalProbeRunner();
