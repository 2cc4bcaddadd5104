// The root flags every Coder CLI call gets, as the official Coder extension gives them: the user's
// `coder.globalFlags` (paths expanded), the deployment's login folder (`--global-config`) and URL, the
// keyring switch on macOS and Windows where the CLI has it, and the header command. Pure.
import * as os from 'node:os';
import type { Deployment } from './deployments';

export interface CoderSettings {
  /** `coder.globalFlags`, as the user wrote them. */
  globalFlags: readonly string[];
  /** `coder.headerCommand` (else CODER_HEADER_COMMAND from the environment). */
  headerCommand?: string;
  /** `coder.useKeyring`: on macOS and Windows, the CLI keeps the token in the OS keyring. */
  useKeyring?: boolean;
}

export interface GlobalFlagsInput {
  deployment: Deployment | null;
  settings: CoderSettings;
  /** The CLI's version, e.g. `v2.29.1+abc`: some flags exist only from a version on. */
  version: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

interface GlobalFlags {
  args: string[];
  /** Flags of the user's that were left out, and why (for the log). */
  dropped: string[];
}

const KEYRING_SINCE = [2, 29, 0];
/** From this version the CLI reads and writes the login folder itself, so a user's own --global-config is honoured. */
const OWN_CONFIG_SINCE = [2, 31, 0];

/** `${env:NAME}`, `${userHome}` and a leading `~`, as the Coder extension expands its settings. */
export function expandPath(text: string, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const withEnv = text.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  const withTilde = withEnv.startsWith('~') ? home + withEnv.slice(1) : withEnv;
  return withTilde.split('${userHome}').join(home);
}

/** `2.29.0` and later (and development builds; not `2.29.0-rc.1`), from a version string such as `v2.29.1+abc`. */
export function versionAtLeast(version: string, min: readonly number[]): boolean {
  if (/devel/.test(version)) return true;
  const m = /(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?/.exec(version);
  if (!m) return false;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (parts[i] !== min[i]) return parts[i] > min[i];
  // A pre-release (`2.29.0-rc.1`) comes before its release, as semver and the Coder extension have it.
  return m[4] === undefined;
}

function isFlag(item: string, name: string): boolean {
  return item === name || item.startsWith(`${name}=`) || item.startsWith(`${name} `);
}

/** Removes `name` and, when written as a separate entry, its value. */
function without(flags: string[], names: readonly string[], dropped: string[], why: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const name = names.find((n) => isFlag(flags[i], n));
    if (name === undefined) {
      kept.push(flags[i]);
      continue;
    }
    dropped.push(`${name} (${why})`);
    if (flags[i] === name && name !== '--use-keyring') i++;
  }
  return kept;
}

export function buildGlobalFlags(input: GlobalFlagsInput): GlobalFlags {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const { deployment, settings, version } = input;
  const dropped: string[] = [];
  const expanded = settings.globalFlags.map((flag) => {
    const eq = flag.indexOf('=');
    return eq === -1
      ? expandPath(flag, env, input.home)
      : flag.slice(0, eq + 1) + expandPath(flag.slice(eq + 1), env, input.home);
  });
  // A token on a command line is visible to every user of the machine: the login folder carries it instead.
  let user = without(expanded, ['--token', '--session-token'], dropped, 'a token never goes on a command line');
  user = without(user, ['--use-keyring'], dropped, 'set by the login in use');
  // The login in use names its deployment: a --url of the user's flags would send its token elsewhere.
  user = without(user, ['--url'], dropped, 'the login in use names the deployment its token goes to');

  const keyringCapable = (platform === 'darwin' || platform === 'win32') && versionAtLeast(version, KEYRING_SINCE);
  const headerCommand = settings.headerCommand?.trim() || env.CODER_HEADER_COMMAND?.trim();
  const header =
    headerCommand && !user.some((f) => isFlag(f, '--header-command')) ? ['--header-command', headerCommand] : [];
  if (!deployment || deployment.source === 'environment') {
    // CODER_URL and CODER_SESSION_TOKEN, or the CLI's defaults, decide; nothing to add but the header.
    return { args: [...user, ...header], dropped };
  }

  const useKeyring = keyringCapable && settings.useKeyring === true && deployment.source === 'coder-extension';
  const keyring = keyringCapable ? [`--use-keyring=${useKeyring}`] : [];
  if (useKeyring || deployment.configDir === null || deployment.legacyTokenFile !== null) {
    // The keyring (or a token passed in the environment) holds the session: only the URL is needed.
    user = without(user, ['--global-config'], dropped, 'the login in use is not a folder');
    return { args: [...user, ...keyring, '--url', deployment.url, ...header], dropped };
  }
  const ownConfig = versionAtLeast(version, OWN_CONFIG_SINCE) && user.some((f) => isFlag(f, '--global-config'));
  if (!ownConfig) user = without(user, ['--global-config'], dropped, "the deployment's login folder is used");
  const config = ownConfig ? [] : ['--global-config', deployment.configDir];
  return { args: [...user, ...config, ...keyring, '--url', deployment.url, ...header], dropped };
}
