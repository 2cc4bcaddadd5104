// Finds the Coder CLI: an explicit path first, then the copy the official Coder extension
// downloaded for the deployment whose login it will run with, then PATH. A copy downloaded from
// another deployment never runs with this login: that deployment chose its bytes.
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { l10n } from '../l10n';

type LocatedHow = 'setting' | 'deployment' | 'coder-extension' | 'path';

type LocateResult =
  | { ok: true; path: string; how: LocatedHow; /** Why this one, for the log (English). */ why: string }
  | { ok: false; error: string };

interface LocateOptions {
  /** From the `wsdoctor.coderPath` setting or `--coder`. */
  explicit?: string;
  /** Folders like `.../globalStorage/coder.coder-remote`; defaults to the usual editor locations. */
  storageDirs?: string[];
  /**
   * The login the CLI will run with: its host (for the log) and the folders holding the copies the
   * Coder extension downloaded from that same deployment, its own first. Null or left out: no login,
   * so the Coder extension's newest copy of any deployment may run.
   */
  login?: { id: string; binDirs: readonly string[] } | null;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export const CODER_EXTENSION_ID = 'coder.coder-remote';

async function isExecutable(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform !== 'win32') await fs.access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The official extension's storage under each editor flavour's user data folder. */
export function defaultStorageDirs(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  const roots =
    platform === 'darwin'
      ? [path.join(home, 'Library', 'Application Support')]
      : platform === 'win32'
        ? [env.APPDATA ?? path.join(home, 'AppData', 'Roaming')]
        : [env.XDG_CONFIG_HOME ?? path.join(home, '.config'), path.join(home, '.local', 'share')];
  const flavours = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf', 'code-server'];
  return roots.flatMap((root) => flavours.map((f) => path.join(root, f, 'User', 'globalStorage', CODER_EXTENSION_ID)));
}

/** Coder CLI binaries directly in `dir` (`coder`, `coder-linux-amd64`, ...), newest first. */
async function binariesIn(dir: string, platform: NodeJS.Platform = process.platform): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const found: { file: string; mtime: number }[] = [];
  for (const name of names) {
    if (!/^coder(-[a-z0-9_]+)*(\.exe)?$/i.test(name)) continue;
    const file = path.join(dir, name);
    if (await isExecutable(file, platform)) found.push({ file, mtime: (await fs.stat(file)).mtimeMs });
  }
  return found.sort((a, b) => b.mtime - a.mtime).map((f) => f.file);
}

/** Binaries under `<storage>/bin/` or `<storage>/<deployment>/bin/`, newest first. */
async function extensionBinaries(storage: string, platform: NodeJS.Platform): Promise<string[]> {
  const binDirs = [path.join(storage, 'bin')];
  try {
    for (const entry of await fs.readdir(storage, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'bin') binDirs.push(path.join(storage, entry.name, 'bin'));
    }
  } catch {
    return [];
  }
  const found = await Promise.all(binDirs.map((dir) => binariesIn(dir, platform)));
  const withTimes = await Promise.all(
    found.flat().map(async (file) => ({ file, mtime: (await fs.stat(file)).mtimeMs })),
  );
  return withTimes.sort((a, b) => b.mtime - a.mtime).map((f) => f.file);
}

async function onPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((ext) => `coder${ext.toLowerCase()}`)
      : ['coder'];
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (await isExecutable(file, platform)) return file;
    }
  }
  return undefined;
}

export async function locateCoder(options: LocateOptions = {}): Promise<LocateResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (options.explicit) {
    const explicit = options.explicit.startsWith('~')
      ? path.join(env.HOME ?? os.homedir(), options.explicit.slice(1))
      : options.explicit;
    if (await isExecutable(explicit, platform))
      return { ok: true, path: explicit, how: 'setting', why: 'wsdoctor.coderPath / --coder' };
    return {
      ok: false,
      error: l10n.t(
        "Coder CLI not found at {0} (or it is not executable): fix wsdoctor.coderPath / --coder, or clear it to search the Coder extension's copy and PATH.",
        explicit,
      ),
    };
  }
  const login = options.login ?? null;
  const fromPath = async (why: string): Promise<LocateResult | null> => {
    const found = await onPath(env, platform);
    return found ? { ok: true, path: found, how: 'path', why } : null;
  };
  if (login) {
    for (const dir of login.binDirs) {
      const [own] = await binariesIn(dir, platform);
      if (own) return { ok: true, path: own, how: 'deployment', why: `the Coder extension's copy for ${login.id}` };
    }
    const found = await fromPath(
      `no copy downloaded from ${login.id}; another deployment's copy never runs with its login`,
    );
    if (found) return found;
    return {
      ok: false,
      error: l10n.t(
        "Coder CLI not found for {0}: there is no copy downloaded from it and none on PATH (a copy the Coder extension downloaded from another deployment is never run with this deployment's login). Install it (https://coder.com/docs/install/cli) or set wsdoctor.coderPath / --coder to its path.",
        login.id,
      ),
    };
  }
  // No login to protect: the Coder extension's newest copy is the likeliest to work.
  for (const storage of options.storageDirs ?? defaultStorageDirs(env, platform)) {
    const [newest] = await extensionBinaries(storage, platform);
    if (newest)
      return { ok: true, path: newest, how: 'coder-extension', why: "no login: the Coder extension's newest copy" };
  }
  const found = await fromPath('no login and no copy kept by the Coder extension');
  if (found) return found;
  return {
    ok: false,
    error: l10n.t(
      'Coder CLI not found: install it (https://coder.com/docs/install/cli), sign in with `coder login <url>`, or set wsdoctor.coderPath / --coder to its path.',
    ),
  };
}
