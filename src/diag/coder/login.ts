// Decides which deployment and which CLI binary a check uses, and how to call it: the login the user
// already has (the Coder extension's or the CLI's own), that deployment's own CLI copy, and the root
// flags the official extension would pass. Every CLI call goes through the CoderCli this returns.
import * as path from 'node:path';
import { l10n } from '../l10n';
import { signInHint } from './cli-errors';
import {
  cliConfigDir,
  describeDeployment,
  discoverDeployments,
  extensionDeployments,
  loginInFolder,
  matchDeployments,
  readLoginFile,
  type Deployment,
} from './deployments';
import { buildGlobalFlags, type CoderSettings } from './global-flags';
import { locateCoder } from './locate';
import { readCoderVersion } from './version';
import { headerValues, loginSecrets } from '../redact';

/** How the deployment is chosen. */
type DeploymentPick =
  /** Discover every login; use the only one, or the one `query` (`--deployment`) names. */
  | { kind: 'auto'; query?: string }
  /** A window opened by the Coder extension: its deployment's folder, named by the safe host name. */
  | { kind: 'remote'; safeHost: string }
  /** A Remote-SSH window on a `coder config-ssh` host: the CLI's own login, as its ssh config uses. */
  | { kind: 'cli-default' }
  /** `--global-config DIR`. */
  | { kind: 'folder'; dir: string }
  /** Already chosen (the workspace picker, or an earlier choice); null: the CLI's defaults. */
  | { kind: 'known'; deployment: Deployment | null };

export interface LoginRequest {
  pick: DeploymentPick;
  /** `wsdoctor.coderPath` or `--coder`. */
  coderPath?: string;
  /** The Coder extension's storage folders, this editor's first. */
  storageDirs: readonly string[];
  settings?: CoderSettings;
  /** `coder.binaryDestination` or CODER_BINARY_DESTINATION. */
  binaryDestination?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

type DeploymentChoice =
  { ok: true; deployment: Deployment | null } | { ok: false; error: string; candidates: Deployment[] };

/** Everything needed to run the CLI for one deployment. Holds no secret but in `secrets`, which is never shown. */
export interface CoderCli {
  path: string;
  version: string;
  /** Root flags placed before every subcommand. */
  globalArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  deployment: Deployment | null;
  /** Session tokens in use, so any text from the CLI can be cleaned of them. */
  secrets: readonly string[];
  /** One line for the log: which binary and login, and why. */
  description: string;
}

/** What a spawn needs: the binary, the root flags, the environment, the deployment for hints, the tokens to clean from its output. */
export type CoderCall = Pick<CoderCli, 'path' | 'globalArgs' | 'env' | 'deployment' | 'secrets'>;

/** A failure says whether the login (no, several, refused) or the CLI (missing, broken) is the problem. */
export type CliResolution =
  { ok: true; cli: CoderCli } | { ok: false; problem: 'login' | 'cli'; error: string; candidates?: Deployment[] };

const NO_SETTINGS: CoderSettings = { globalFlags: [] };

/** The argv for one CLI call: the root flags, then the subcommand and its own arguments. */
export function coderArgs(cli: Pick<CoderCli, 'globalArgs'>, ...args: string[]): string[] {
  return [...cli.globalArgs, ...args];
}

function ambiguity(candidates: Deployment[], what: string): DeploymentChoice {
  const list = candidates.map((d) => `  ${describeDeployment(d)}`).join('\n');
  return { ok: false, candidates, error: `${what}\n${list}\n${l10n.t('Pick one with --deployment <url|host>.')}` };
}

/** Which deployment's login a request means; files only, no CLI run. */
export async function chooseDeployment(request: LoginRequest): Promise<DeploymentChoice> {
  const { pick, env = process.env, platform } = request;
  switch (pick.kind) {
    case 'known':
      return { ok: true, deployment: pick.deployment };
    case 'folder': {
      const found = await loginInFolder(pick.dir, 'explicit', null);
      if (found) return { ok: true, deployment: found };
      return {
        ok: false,
        candidates: [],
        error: l10n.t(
          'No Coder login in {0}: it needs the files url and session. Sign in with `coder --global-config {0} login <deployment url>`, or leave out --global-config.',
          pick.dir,
        ),
      };
    }
    case 'cli-default': {
      const all = await discoverDeployments({ storageDirs: [], env, platform });
      return { ok: true, deployment: all[0] ?? null };
    }
    case 'remote':
      return remoteWindowLogin(request, pick.safeHost);
    case 'auto':
      return autoLogin(request, pick.query);
  }
}

/** A Coder remote window: the Coder extension's login for its host, else the CLI's when it is the same deployment. */
async function remoteWindowLogin(request: LoginRequest, safeHost: string): Promise<DeploymentChoice> {
  const { env = process.env, platform } = request;
  for (const storage of request.storageDirs) {
    const dir = path.join(storage, safeHost);
    const found = await loginInFolder(dir, 'coder-extension', request.binaryDestination ?? path.join(dir, 'bin'));
    // The folder must be the login for this host: not a foreign url in it, nor a name like `..` that leaves the storage.
    if (found && found.id.toLowerCase() === safeHost.toLowerCase()) return { ok: true, deployment: found };
  }
  // Signed in with the CLI only: its login works as long as it is the same deployment.
  const cli = await loginInFolder(cliConfigDir(env, platform), 'cli-config', null);
  if (cli && cli.id.toLowerCase() === safeHost.toLowerCase()) return { ok: true, deployment: cli };
  return {
    ok: false,
    candidates: [],
    error: l10n.t(
      "This window's deployment {0} has no login on this machine. Sign in through the Coder extension (Coder: Login) or with `coder login https://{0}`.",
      safeHost,
    ),
  };
}

/** Every signed-in deployment: the one matching `query`, or the only one. */
async function autoLogin(request: LoginRequest, query: string | undefined): Promise<DeploymentChoice> {
  const { env = process.env, platform } = request;
  const all = await discoverDeployments({
    storageDirs: request.storageDirs,
    env,
    platform,
    binaryDestination: request.binaryDestination,
  });
  if (query === undefined) {
    if (all.length > 1) return ambiguity(all, l10n.t('Several Coder deployments are signed in on this machine:'));
    return { ok: true, deployment: all[0] ?? null };
  }
  const matches = matchDeployments(all, query);
  if (matches.length === 1) return { ok: true, deployment: matches[0] };
  if (matches.length > 1) return ambiguity(matches, l10n.t('Several signed-in deployments match "{0}":', query));
  const known =
    all.length > 0
      ? l10n.t('Signed in: {0}.', all.map((d) => d.url).join(', '))
      : l10n.t('No deployment is signed in on this machine.');
  return {
    ok: false,
    candidates: all,
    error: `${l10n.t('No signed-in Coder deployment matches "{0}".', query)} ${known} ${signInHint(null)}`,
  };
}

/** The token a deployment's login uses (for redaction and the deployment probe's header), or null. */
export async function sessionToken(
  deployment: Deployment | null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  if (!deployment) return env.CODER_SESSION_TOKEN || null;
  if (deployment.source === 'environment') return env.CODER_SESSION_TOKEN || null;
  if (deployment.legacyTokenFile) return readLoginFile(deployment.legacyTokenFile);
  return deployment.configDir ? readLoginFile(path.join(deployment.configDir, 'session')) : null;
}

/** The environment for the CLI: a login chosen by folder must not be overridden by a stray CODER_URL or token. */
function childEnv(
  env: NodeJS.ProcessEnv,
  deployment: Deployment | null,
  legacyToken: string | null,
): NodeJS.ProcessEnv {
  if (!deployment || deployment.source === 'environment') return env;
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.CODER_URL;
  delete out.CODER_SESSION_TOKEN;
  delete out.CODER_CONFIG_DIR;
  // An older extension's `session_token` file: the CLI takes it from its environment, never from argv.
  if (legacyToken) out.CODER_SESSION_TOKEN = legacyToken;
  return out;
}

/**
 * Where the Coder extension keeps CLI copies downloaded from this deployment: the login's own folder,
 * else (a CLI or environment login for a host the extension also signs in to) that host's folder
 * when its url names the same deployment. Never another deployment's folder.
 */
async function sameDeploymentBinDirs(deployment: Deployment, storageDirs: readonly string[]): Promise<string[]> {
  if (deployment.binDir) return [deployment.binDir];
  const dirs: string[] = [];
  // Per-host folders only: a coder.binaryDestination is shared by every deployment the extension uses.
  for (const storage of storageDirs)
    for (const same of matchDeployments(await extensionDeployments(storage), deployment.url))
      if (same.binDir && !dirs.includes(same.binDir)) dirs.push(same.binDir);
  return dirs;
}

/** Chooses the deployment, finds its CLI, reads the CLI's version and builds the root flags. */
export async function resolveCoderCli(request: LoginRequest, signal?: AbortSignal): Promise<CliResolution> {
  const env = request.env ?? process.env;
  const choice = await chooseDeployment(request);
  if (!choice.ok) return { ...choice, problem: 'login' };
  const { deployment } = choice;
  const located = await locateCoder({
    explicit: request.coderPath,
    storageDirs: [...request.storageDirs],
    login: deployment
      ? {
          id: deployment.id,
          binDirs: await sameDeploymentBinDirs(deployment, request.storageDirs),
        }
      : null,
    env,
    platform: request.platform,
  });
  if (!located.ok) return { ok: false, problem: 'cli', error: located.error };
  const version = await readCoderVersion(located.path, signal, env);
  if (!version.ok) return { ok: false, problem: 'cli', error: version.error };
  const token = await sessionToken(deployment, env);
  const flags = buildGlobalFlags({
    deployment,
    settings: request.settings ?? NO_SETTINGS,
    version: version.version,
    platform: request.platform,
    env,
  });
  const login = deployment ? describeDeployment(deployment) : "the CLI's own login";
  const dropped = flags.dropped.length > 0 ? `; left out of coder.globalFlags: ${flags.dropped.join(', ')}` : '';
  return {
    ok: true,
    cli: {
      path: located.path,
      version: version.version,
      globalArgs: flags.args,
      env: childEnv(env, deployment, deployment?.legacyTokenFile ? token : null),
      deployment,
      // The token, and the values of the headers the CLI sends (CODER_HEADER, `--header`): the CLI quotes them in errors.
      secrets: loginSecrets(token ? [token] : [], { CODER_HEADER: env.CODER_HEADER }).concat(
        headerValues(headerFlagValues(flags.args)),
      ),
      description: `Coder CLI ${version.version} at ${located.path} (${located.how}: ${located.why}), deployment ${login}${dropped}`,
    },
  };
}

/** The values of `--header X` and `--header=X` among root flags. */
function headerFlagValues(args: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--header' && i + 1 < args.length) values.push(args[++i]);
    else if (args[i].startsWith('--header=')) values.push(args[i].slice('--header='.length));
  }
  return values;
}
