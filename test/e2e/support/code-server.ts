// Runs the packaged extension in a real VS Code: code-server (VS Code for the browser) installed by
// scripts/ci/setup-e2e.sh into a cache folder outside the repository, with fresh folders per run.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE_DIR = process.env.WSDOCTOR_E2E_CACHE ?? path.join(homedir(), '.cache', 'wsdoctor-e2e');
export const CODE_SERVER_BIN = path.join(
  CACHE_DIR,
  `code-server-${CODE_SERVER_VERSION}`,
  'node_modules',
  '.bin',
  'code-server',
);
export const CHROMIUM = process.env.WSDOCTOR_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Installs code-server with the set-up script when the cache is empty; throws (never skips) if it cannot. */
export function ensureCodeServer(): string {
  if (!existsSync(CODE_SERVER_BIN)) {
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ci', 'setup-e2e.sh')], {
      stdio: 'inherit',
      env: { ...process.env, WSDOCTOR_E2E_CACHE: CACHE_DIR },
    });
  }
  if (!existsSync(CODE_SERVER_BIN))
    throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run scripts/ci/setup-e2e.sh`);
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set WSDOCTOR_E2E_CHROMIUM)`);
  return CODE_SERVER_BIN;
}

/** `npm run package` (production bundles, then vsce), with the .vsix copied into `dir`. */
export function packageExtension(dir: string): string {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', 'package'], { cwd: REPO_ROOT, stdio: 'pipe' });
  const out = path.join(dir, 'wsdoctor.vsix');
  copyFileSync(path.join(REPO_ROOT, 'dist-vsix', 'workspace-connection-doctor.vsix'), out);
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  // The extension is a UI extension (it diagnoses the editor's own machine); code-server has no
  // local Node extension host, so it runs in code-server's host, which is the same machine here.
  'remote.extensionKind': { 'wsdoctor.workspace-connection-doctor': ['workspace'] },
};

export interface CodeServer {
  url: string;
  runDir: string;
  folder: string;
  settingsFile: string;
  writeSettings(extra: Record<string, unknown>): void;
  /** Everything code-server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  vsix: string;
  settings: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** Fills the user data folder before the editor starts (e.g. another extension's stored login). */
  prepareUserData?: (userData: string) => void;
  /** Workspace trust on and not granted: the folder opens in Restricted Mode. */
  restricted?: boolean;
  /** code-server's `--locale` (VS Code's display language; needs that language's pack installed). */
  locale?: string;
  /** Runs once the extensions are installed, before the editor starts. */
  afterInstall?: (userData: string, extensionsDir: string) => void;
  /** More extensions (.vsix files) to install beside ours. */
  extraExtensions?: string[];
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(bin, args, { env, encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const bin = ensureCodeServer();
  const runDir = mkdtempSync(path.join(tmpdir(), 'wsd-e2e-'));
  const userData = path.join(runDir, 'user-data');
  const extensions = path.join(runDir, 'extensions');
  const folder = path.join(runDir, 'project');
  for (const dir of [userData, path.join(userData, 'User'), extensions, folder]) mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(folder, 'README.txt'), 'e2e workspace folder\n');
  const settingsFile = path.join(userData, 'User', 'settings.json');
  // code-server's window is a remote one, and machine-scoped settings (like wsdoctor.coderPath)
  // are read from the remote machine's settings there, so they go in both files.
  const machineFile = path.join(userData, 'Machine', 'settings.json');
  mkdirSync(path.dirname(machineFile), { recursive: true });
  const writeSettings = (extra: Record<string, unknown>): void => {
    const text = JSON.stringify({ ...BASE_SETTINGS, ...options.settings, ...extra }, null, 2);
    writeFileSync(settingsFile, text);
    writeFileSync(machineFile, text);
  };
  writeSettings({});
  options.prepareUserData?.(userData);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
  };
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  for (const extension of [options.vsix, ...(options.extraExtensions ?? [])])
    run(bin, [...common, '--install-extension', extension], env);
  const installed = readdirSync(extensions).filter((n) => n.startsWith('wsdoctor.'));
  if (installed.length === 0) throw new Error(`the extension did not install into ${extensions}`);
  options.afterInstall?.(userData, extensions);

  const port = await freePort();
  const args = [
    ...common,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    ...(options.locale ? ['--locale', options.locale] : []),
    folder,
  ];
  const child: ChildProcess = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const healthy = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > healthy) throw new Error(`code-server did not become healthy:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `${url}/?folder=${encodeURIComponent(folder)}`,
    runDir,
    folder,
    settingsFile,
    writeSettings,
    output: () => output,
    stop: async () => {
      if (child.pid !== undefined && child.exitCode === null) {
        // Its own process group: the extension host and any `coder ping` it started go too.
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
        const killer = setTimeout(() => {
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {
            // Already gone.
          }
        }, 5000);
        await exited;
        clearTimeout(killer);
      }
      // WSDOCTOR_E2E_KEEP=1 keeps the user data and logs of the run, to read after a failure.
      if (process.env.WSDOCTOR_E2E_KEEP === '1') console.log(`      e2e run folder kept: ${runDir}`);
      else rmSync(runDir, { recursive: true, force: true });
    },
  };
}
