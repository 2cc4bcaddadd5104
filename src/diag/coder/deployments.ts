// Finds the Coder deployments this user is signed in to: each login the official Coder extension keeps
// (`<globalStorage>/coder.coder-remote/<safeHostname>/url` + `session`), and the CLI's own store
// (`CODER_CONFIG_DIR` or the platform default, or `CODER_URL` + `CODER_SESSION_TOKEN`). Reads files only.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { domainToASCII } from 'node:url';

type DeploymentSource = 'coder-extension' | 'cli-config' | 'environment' | 'explicit';

export interface Deployment {
  /** The host as the Coder extension names its folder (the URL's host name, ASCII). */
  id: string;
  /** The deployment URL without a trailing slash. */
  url: string;
  source: DeploymentSource;
  /** Folder holding `url` and `session`, given to the CLI as `--global-config`; null for an environment login. */
  configDir: string | null;
  /** Older Coder extension builds wrote `session_token` instead of `session`: the CLI cannot read it from the folder. */
  legacyTokenFile: string | null;
  /** Where the Coder extension keeps this deployment's CLI copy, if it manages one. */
  binDir: string | null;
}

/** Folders in the Coder extension's storage that are not deployments. */
const NOT_DEPLOYMENTS = new Set(['bin', 'net', 'log', 'logs', 'telemetry']);
const MAX_URL_CHARS = 2048;

/** The Coder extension's name for a deployment: the URL's host name in ASCII (punycode). */
export function safeHostname(url: string): string {
  const host = new URL(url).hostname;
  return domainToASCII(host) || host;
}

/** A deployment URL as the CLI stores it, or null when it is not an http(s) URL. */
export function normalizeUrl(text: string): string | null {
  const trimmed = text.trim().replace(/\/+$/, '');
  // The URL parser drops tabs and newlines silently, but the text would carry them into every message.
  if (trimmed === '' || trimmed.length > MAX_URL_CHARS || /[\s\p{Cc}]/u.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    // A password in the URL would be shown wherever the deployment is named.
    if (url.username !== '' || url.password !== '') return null;
    return url.protocol === 'https:' || url.protocol === 'http:' ? trimmed : null;
  } catch {
    return null;
  }
}

/** One spelling per deployment: case, a default port and trailing slashes do not make another one. */
function urlKey(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return null;
  }
}

/** A small login file's trimmed text, or null: missing, empty, unreadable, or not a regular file (a pipe would block). */
export async function readLoginFile(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > 64 * 1024) return null;
    const text = (await fs.readFile(file, 'utf8')).trim();
    return text === '' ? null : text;
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  return (await readLoginFile(file)) !== null;
}

/**
 * The login kept in one folder (`url` and `session`, or an older extension's `session_token`), or null.
 * The token itself is not read here: it stays on disk for the CLI and the deployment probe.
 */
export async function loginInFolder(
  dir: string,
  source: DeploymentSource,
  binDir: string | null,
): Promise<Deployment | null> {
  const rawUrl = await readLoginFile(path.join(dir, 'url'));
  const url = rawUrl === null ? null : normalizeUrl(rawUrl);
  if (url === null) return null;
  const hasSession = await exists(path.join(dir, 'session'));
  const legacy = path.join(dir, 'session_token');
  const legacyTokenFile = !hasSession && (await exists(legacy)) ? legacy : null;
  if (!hasSession && legacyTokenFile === null) return null;
  return { id: safeHostname(url), url, source, configDir: dir, legacyTokenFile, binDir };
}

/** The CLI's own config folder: CODER_CONFIG_DIR, else the per-platform default. */
export function cliConfigDir(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home?: string,
): string {
  if (env.CODER_CONFIG_DIR) return env.CODER_CONFIG_DIR;
  const userHome = home ?? env.HOME ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(userHome, 'AppData', 'Roaming'), 'coderv2');
  if (platform === 'darwin') return path.join(userHome, 'Library', 'Application Support', 'coderv2');
  return path.join(env.XDG_CONFIG_HOME || path.join(userHome, '.config'), 'coderv2');
}

/** Every login the Coder extension keeps in one storage folder (`.../globalStorage/coder.coder-remote`). */
export async function extensionDeployments(storage: string, binaryDestination?: string): Promise<Deployment[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(storage, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: Deployment[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || NOT_DEPLOYMENTS.has(entry.name)) continue;
    const dir = path.join(storage, entry.name);
    const login = await loginInFolder(dir, 'coder-extension', binaryDestination ?? path.join(dir, 'bin'));
    // The folder is named after the host; a mismatch means a hand-edited or foreign folder.
    if (login && login.id.toLowerCase() === entry.name.toLowerCase()) found.push(login);
  }
  // Builds from before per-deployment folders kept one login at the top of the storage folder.
  const single = await loginInFolder(storage, 'coder-extension', binaryDestination ?? path.join(storage, 'bin'));
  if (single) found.push(single);
  return found;
}

interface DiscoverOptions {
  /** The Coder extension's storage folders, this editor's first. */
  storageDirs: readonly string[];
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** `coder.binaryDestination` / `CODER_BINARY_DESTINATION`: where the extension keeps its CLI instead. */
  binaryDestination?: string;
}

/** Every deployment with a login, one entry per URL: the environment first, then the CLI's store, then the extension's. */
export async function discoverDeployments(options: DiscoverOptions): Promise<Deployment[]> {
  const env = options.env ?? process.env;
  const all: Deployment[] = [];
  const envUrl = env.CODER_URL ? normalizeUrl(env.CODER_URL) : null;
  if (envUrl && env.CODER_SESSION_TOKEN) {
    all.push({
      id: safeHostname(envUrl),
      url: envUrl,
      source: 'environment',
      configDir: null,
      legacyTokenFile: null,
      binDir: null,
    });
  }
  const cli = await loginInFolder(cliConfigDir(env, options.platform), 'cli-config', null);
  if (cli && cli.legacyTokenFile === null) all.push(cli);
  for (const storage of options.storageDirs)
    all.push(...(await extensionDeployments(storage, options.binaryDestination)));
  const seen = new Set<string>();
  return all.filter((d) => {
    const key = urlKey(d.url) ?? d.url.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Deployments a `--deployment` value names: the URL, its host (with or without port), or the extension's folder name. */
export function matchDeployments(deployments: readonly Deployment[], query: string): Deployment[] {
  const q = query.trim().replace(/\/+$/, '').toLowerCase();
  // A host typed in Unicode, or a URL with its default port, names the same deployment.
  const asHost = urlKey(`https://${q}`)?.slice('https://'.length);
  const wanted = [q, urlKey(q), asHost].filter((k): k is string => !!k);
  return deployments.filter((d) => {
    const url = new URL(d.url);
    const names = [urlKey(d.url), url.host.toLowerCase(), url.hostname.toLowerCase(), d.id.toLowerCase()];
    return names.some((name) => name !== null && wanted.includes(name));
  });
}

/** One line per deployment, for choices and errors: `coder.example.com (https://coder.example.com, Coder extension)`. */
export function describeDeployment(d: Deployment): string {
  const how = {
    'coder-extension': 'Coder extension',
    'cli-config': 'Coder CLI login',
    environment: 'CODER_URL',
    explicit: '--global-config',
  }[d.source];
  return `${d.id} (${d.url}, ${how})`;
}
