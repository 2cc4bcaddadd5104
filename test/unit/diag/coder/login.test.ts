import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runProcess } from '../../../../src/diag/coder/run';
import {
  chooseDeployment,
  coderArgs,
  resolveCoderCli,
  sessionToken,
  type CoderCli,
  type LoginRequest,
} from '../../../../src/diag/coder/login';
import { cliConfigDir, writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';
import { makeFifo, makeLoginStore, type LoginStore } from './login-store';

const PROD_TOKEN = 'PrOdPrOdPr-0123456789abcdefghijkl';
const DEV_TOKEN = 'DeVdEvDeVd-0123456789abcdefghijkl';
const CLI_TOKEN = 'ClIcLiClIc-0123456789abcdefghijkl';
const ENV_TOKEN = 'EnVeNvEnVe-0123456789abcdefghijkl';
const NODE_DIR = path.dirname(process.execPath);

function errorOf(result: { ok: boolean; error?: string }): string {
  assert.equal(result.ok, false, 'expected a failure');
  return result.error ?? '';
}

describe('choosing the login and the CLI for a check', () => {
  let store: LoginStore;
  let env: NodeJS.ProcessEnv;
  const request = (pick: LoginRequest['pick'], extra: Partial<LoginRequest> = {}): LoginRequest => ({
    pick,
    storageDirs: [store.storage],
    env,
    platform: 'linux',
    ...extra,
  });
  const chosen = async (pick: LoginRequest['pick'], extra?: Partial<LoginRequest>): Promise<string | null> => {
    const choice = await chooseDeployment(request(pick, extra));
    assert.ok(choice.ok, choice.ok ? '' : choice.error);
    return choice.deployment ? `${choice.deployment.source} ${choice.deployment.url}` : null;
  };

  beforeEach(() => {
    store = makeLoginStore('wsd-session-');
    env = { HOME: store.home, PATH: NODE_DIR };
  });
  afterEach(() => store.remove());

  describe('chooseDeployment', () => {
    it('uses the only login there is, or none', async () => {
      assert.equal(await chosen({ kind: 'auto' }), null);
      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      assert.equal(await chosen({ kind: 'auto' }), 'coder-extension https://prod.example.com');
    });

    it('lists every candidate and names --deployment when several are signed in', async () => {
      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      store.extensionLogin('dev.example.com', 'https://dev.example.com', DEV_TOKEN);
      writeCoderLogin(cliConfigDir(store.home), 'https://cli.example.com', CLI_TOKEN);
      const choice = await chooseDeployment(request({ kind: 'auto' }));
      const error = errorOf(choice);
      assert.equal(choice.ok ? 0 : choice.candidates.length, 3);
      assert.match(error, /^Several Coder deployments are signed in on this machine:$/m);
      assert.match(error, /^ {2}cli\.example\.com \(https:\/\/cli\.example\.com, Coder CLI login\)$/m);
      assert.match(error, /^ {2}dev\.example\.com \(https:\/\/dev\.example\.com, Coder extension\)$/m);
      assert.match(error, /^ {2}prod\.example\.com \(https:\/\/prod\.example\.com, Coder extension\)$/m);
      assert.match(error, /--deployment <url\|host>/);
      for (const token of [PROD_TOKEN, DEV_TOKEN, CLI_TOKEN]) assert.equal(error.includes(token), false);
    });

    it('takes the one --deployment names, and explains when it names several or none', async () => {
      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      writeCoderLogin(cliConfigDir(store.home), 'https://prod.example.com:8443', CLI_TOKEN);
      assert.equal(
        await chosen({ kind: 'auto', query: 'https://prod.example.com/' }),
        'coder-extension https://prod.example.com',
      );
      assert.equal(
        await chosen({ kind: 'auto', query: 'prod.example.com:8443' }),
        'cli-config https://prod.example.com:8443',
      );

      const several = errorOf(await chooseDeployment(request({ kind: 'auto', query: 'prod.example.com' })));
      assert.match(several, /Several signed-in deployments match "prod\.example\.com":/);
      assert.match(several, /https:\/\/prod\.example\.com, Coder extension/);
      assert.match(several, /https:\/\/prod\.example\.com:8443, Coder CLI login/);
      assert.match(several, /--deployment/);

      const none = errorOf(await chooseDeployment(request({ kind: 'auto', query: 'other.example.com' })));
      assert.match(none, /No signed-in Coder deployment matches "other\.example\.com"/);
      assert.match(none, /Signed in: https:\/\/prod\.example\.com:8443, https:\/\/prod\.example\.com\./);
      assert.match(none, /Coder: Login/);

      rmSync(store.root, { recursive: true, force: true });
      const empty = errorOf(await chooseDeployment(request({ kind: 'auto', query: 'prod.example.com' })));
      assert.match(empty, /No deployment is signed in on this machine/);
    });

    it("uses a remote window's own deployment folder, in any of the storage folders", async () => {
      store.extensionLogin('dev.example.com', 'https://dev.example.com', DEV_TOKEN);
      const other = path.join(store.root, 'insiders', 'coder.coder-remote');
      writeCoderLogin(path.join(other, 'prod.example.com'), 'https://prod.example.com', PROD_TOKEN);
      const extra = { storageDirs: [store.storage, other] };
      assert.equal(
        await chosen({ kind: 'remote', safeHost: 'prod.example.com' }, extra),
        'coder-extension https://prod.example.com',
      );
      assert.equal(
        await chosen({ kind: 'remote', safeHost: 'dev.example.com' }, extra),
        'coder-extension https://dev.example.com',
      );
    });

    it("falls back to the CLI's login for a remote window only when it is the same deployment", async () => {
      writeCoderLogin(cliConfigDir(store.home), 'https://Prod.Example.com', CLI_TOKEN);
      assert.equal(
        await chosen({ kind: 'remote', safeHost: 'prod.example.com' }),
        'cli-config https://Prod.Example.com',
      );
      const error = errorOf(await chooseDeployment(request({ kind: 'remote', safeHost: 'dev.example.com' })));
      assert.equal(
        error,
        "This window's deployment dev.example.com has no login on this machine. Sign in through the Coder extension (Coder: Login) or with `coder login https://dev.example.com`.",
      );
    });

    it("refuses a remote window's folder whose url names another host, or a host that climbs out of the storage", async () => {
      store.extensionLogin('prod.example.com', 'https://evil.example.net', PROD_TOKEN);
      assert.match(
        errorOf(await chooseDeployment(request({ kind: 'remote', safeHost: 'prod.example.com' }))),
        /prod\.example\.com has no login on this machine/,
      );
      writeCoderLogin(path.join(store.root, 'globalStorage', 'outside'), 'https://outside.example.com', PROD_TOKEN);
      for (const safeHost of ['../outside', '..', '', '/etc'])
        assert.equal((await chooseDeployment(request({ kind: 'remote', safeHost }))).ok, false, safeHost);
    });

    it("for a config-ssh window, uses the environment's or the CLI's login, never the extension's", async () => {
      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      assert.equal(await chosen({ kind: 'cli-default' }), null);
      writeCoderLogin(cliConfigDir(store.home), 'https://cli.example.com', CLI_TOKEN);
      assert.equal(await chosen({ kind: 'cli-default' }), 'cli-config https://cli.example.com');
      env = { ...env, CODER_URL: 'https://env.example.com', CODER_SESSION_TOKEN: ENV_TOKEN };
      assert.equal(await chosen({ kind: 'cli-default' }), 'environment https://env.example.com');
    });

    it('takes a --global-config folder, or says how to sign in there', async () => {
      const dir = writeCoderLogin(path.join(store.root, 'mine'), 'https://mine.example.com', PROD_TOKEN);
      assert.equal(await chosen({ kind: 'folder', dir }), 'explicit https://mine.example.com');
      const empty = path.join(store.root, 'empty');
      mkdirSync(empty);
      writeFileSync(path.join(empty, 'url'), 'javascript:alert(1)');
      writeFileSync(path.join(empty, 'session'), PROD_TOKEN);
      const error = errorOf(await chooseDeployment(request({ kind: 'folder', dir: empty })));
      assert.equal(error.includes(PROD_TOKEN), false);
      assert.match(
        error,
        new RegExp(`No Coder login in ${empty}.*coder --global-config ${empty} login <deployment url>`),
      );
    });

    it('keeps a deployment already chosen', async () => {
      const choice = await chooseDeployment(request({ kind: 'known', deployment: null }));
      assert.deepEqual(choice, { ok: true, deployment: null });
    });
  });

  describe('sessionToken', () => {
    it("reads the token the login uses: the folder's session, an older session_token, or the environment", async () => {
      const dir = writeCoderLogin(path.join(store.root, 'login'), 'https://coder.example.com', `${PROD_TOKEN}\n`);
      const base = { id: 'coder.example.com', url: 'https://coder.example.com', binDir: null } as const;
      const folder = { ...base, source: 'coder-extension', configDir: dir, legacyTokenFile: null } as const;
      const envLogin = { ...base, source: 'environment', configDir: null, legacyTokenFile: null } as const;
      const legacyFile = path.join(dir, 'session_token');
      writeFileSync(legacyFile, ` ${DEV_TOKEN} \n`);
      const tokenEnv = { CODER_SESSION_TOKEN: ENV_TOKEN };
      assert.equal(await sessionToken(folder, tokenEnv), PROD_TOKEN);
      assert.equal(await sessionToken({ ...folder, legacyTokenFile: legacyFile }, tokenEnv), DEV_TOKEN);
      assert.equal(await sessionToken(envLogin, tokenEnv), ENV_TOKEN);
      assert.equal(await sessionToken(null, tokenEnv), ENV_TOKEN);
      assert.equal(await sessionToken(null, {}), null);
      assert.equal(await sessionToken({ ...folder, configDir: null }, tokenEnv), null);
      writeFileSync(path.join(dir, 'session'), '\n');
      assert.equal(await sessionToken(folder, tokenEnv), null);
    });

    it('does not hang on a pipe or loop on a symlink where the session file was', async () => {
      const dir = writeCoderLogin(path.join(store.root, 'login'), 'https://coder.example.com', PROD_TOKEN);
      const folder = {
        id: 'coder.example.com',
        url: 'https://coder.example.com',
        source: 'coder-extension',
        configDir: dir,
        legacyTokenFile: null,
        binDir: null,
      } as const;
      rmSync(path.join(dir, 'session'));
      makeFifo(path.join(dir, 'session'));
      const timer = new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 2000).unref());
      assert.equal(await Promise.race([sessionToken(folder, {}), timer]), null);
      rmSync(path.join(dir, 'session'));
      symlinkSync(path.join(dir, 'session'), path.join(dir, 'session'));
      assert.equal(await sessionToken(folder, {}), null);
    });
  });

  describe('resolveCoderCli', () => {
    /** A stand-in CLI that only knows its version. */
    function versionScript(dir: string, version: string): string {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'coder');
      writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' '{"version":"${version}"}'\n`);
      chmodSync(file, 0o755);
      return file;
    }

    /** The deployment's own CLI copy, as the Coder extension downloads it: the repo's fake Coder CLI. */
    function deploymentCopy(folder: string): string {
      const bin = path.join(store.storage, folder, 'bin');
      mkdirSync(bin, { recursive: true });
      const file = path.join(bin, 'coder-linux-amd64');
      symlinkSync(FAKE_CODER, file);
      return file;
    }

    async function resolved(req: LoginRequest): Promise<CoderCli> {
      const r = await resolveCoderCli(req);
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.cli;
    }

    /** Runs `coder list` through the resolved CLI as every call does, and reads what the fake CLI saw. */
    async function callThrough(
      cli: CoderCli,
      validToken: string,
    ): Promise<{ code: number | null; seen: Record<string, unknown> }> {
      const log = path.join(store.root, `calls-${Date.now()}.jsonl`);
      const run = await runProcess(cli.path, coderArgs(cli, 'list', '-o', 'json'), {
        env: { ...cli.env, FAKE_CODER_LOG: log, FAKE_CODER_VALID_TOKEN: validToken },
        timeoutMs: 20_000,
      });
      const seen = JSON.parse(readFileSync(log, 'utf8').trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      return { code: run.code, seen };
    }

    it("uses the deployment's own CLI copy and its login folder, whatever CODER_URL and CODER_SESSION_TOKEN say", async () => {
      const dir = store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      const copy = deploymentCopy('prod.example.com');
      const onPath = versionScript(path.join(store.root, 'path-bin'), 'v2.99.0');
      env = {
        ...env,
        PATH: `${path.dirname(onPath)}:${NODE_DIR}`,
        CODER_URL: 'https://stray.example.com',
        CODER_SESSION_TOKEN: ENV_TOKEN,
        CODER_CONFIG_DIR: path.join(store.root, 'stray'),
      };
      const cli = await resolved(request({ kind: 'remote', safeHost: 'prod.example.com' }));
      assert.equal(cli.path, copy);
      assert.equal(cli.version, 'v2.18.0+a1b2c3d');
      assert.deepEqual(cli.globalArgs, ['--global-config', dir, '--url', 'https://prod.example.com']);
      assert.equal(cli.env.CODER_URL, undefined);
      assert.equal(cli.env.CODER_SESSION_TOKEN, undefined);
      assert.equal(cli.env.CODER_CONFIG_DIR, undefined);
      assert.equal(cli.env.HOME, store.home);
      assert.deepEqual(cli.secrets, [PROD_TOKEN]);
      assert.match(
        cli.description,
        /^Coder CLI v2\.18\.0\+a1b2c3d at .*coder-linux-amd64 \(deployment: the Coder extension's copy for prod\.example\.com\), deployment prod\.example\.com/,
      );

      const { code, seen } = await callThrough(cli, PROD_TOKEN);
      assert.equal(code, 0);
      assert.equal(seen.configDir, dir);
      assert.equal(seen.tokenInEnv, false);
      assert.equal(JSON.stringify(seen.argv).includes(PROD_TOKEN), false);
    });

    it("never runs another deployment's copy with a CLI login: that host's own copy, else PATH, and says why", async () => {
      writeCoderLogin(cliConfigDir(store.home), 'https://cli.example.com', CLI_TOKEN);
      store.extensionLogin('dev.example.com', 'https://dev.example.com', DEV_TOKEN);
      const devCopy = deploymentCopy('dev.example.com');
      const onPath = versionScript(path.join(store.root, 'path-bin'), 'v2.31.0+abc');
      env = { ...env, PATH: `${path.dirname(onPath)}:${NODE_DIR}` };
      const cli = await resolved(request({ kind: 'cli-default' }));
      assert.equal(cli.deployment?.source, 'cli-config');
      assert.equal(cli.path, onPath);
      assert.notEqual(cli.path, devCopy);
      assert.match(
        cli.description,
        /at .*path-bin\/coder \(path: no copy downloaded from cli\.example\.com; another deployment's copy never runs with its login\), deployment cli\.example\.com/,
      );

      // The Coder extension also signs in to cli.example.com: the copy it downloaded from there is the same deployment's.
      store.extensionLogin('cli.example.com', 'https://cli.example.com', PROD_TOKEN);
      const sameCopy = deploymentCopy('cli.example.com');
      const again = await resolved(request({ kind: 'cli-default' }));
      assert.equal(again.deployment?.source, 'cli-config');
      assert.equal(again.path, sameCopy);
      assert.match(again.description, /\(deployment: the Coder extension's copy for cli\.example\.com\)/);
    });

    it("passes an older extension's session_token in the environment, never in argv", async () => {
      const dir = path.join(store.storage, 'old.example.com');
      store.file('globalStorage/coder.coder-remote/old.example.com/url', 'https://old.example.com\n');
      store.file('globalStorage/coder.coder-remote/old.example.com/session_token', `${DEV_TOKEN}\n`);
      deploymentCopy('old.example.com');
      const cli = await resolved(request({ kind: 'auto' }));
      assert.equal(cli.deployment?.legacyTokenFile, path.join(dir, 'session_token'));
      assert.deepEqual(cli.globalArgs, ['--url', 'https://old.example.com']);
      assert.equal(cli.env.CODER_SESSION_TOKEN, DEV_TOKEN);
      assert.deepEqual(cli.secrets, [DEV_TOKEN]);
      const { code, seen } = await callThrough(cli, DEV_TOKEN);
      assert.equal(code, 0);
      assert.equal(seen.tokenInEnv, true);
      assert.equal(JSON.stringify(seen.argv).includes(DEV_TOKEN), false);
    });

    it('leaves an environment login to the environment', async () => {
      const onPath = versionScript(path.join(store.root, 'path-bin'), 'v2.31.0+abc');
      env = {
        ...env,
        PATH: path.dirname(onPath),
        CODER_URL: 'https://env.example.com',
        CODER_SESSION_TOKEN: ENV_TOKEN,
      };
      const cli = await resolved(request({ kind: 'cli-default' }));
      assert.equal(cli.deployment?.source, 'environment');
      assert.equal(cli.path, onPath);
      assert.deepEqual(cli.globalArgs, []);
      assert.equal(cli.env.CODER_SESSION_TOKEN, ENV_TOKEN);
      assert.deepEqual(cli.secrets, [ENV_TOKEN]);
    });

    it('drops a token from coder.globalFlags and says so in the description, without the token', async () => {
      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      deploymentCopy('prod.example.com');
      const cli = await resolved(
        request(
          { kind: 'auto' },
          { settings: { globalFlags: ['--token', CLI_TOKEN, '--disable-direct-connections'] } },
        ),
      );
      assert.equal(cli.globalArgs.includes(CLI_TOKEN), false);
      assert.equal(cli.globalArgs[0], '--disable-direct-connections');
      assert.match(cli.description, /left out of coder\.globalFlags: --token \(a token never goes on a command line\)/);
      assert.equal(JSON.stringify(cli).includes(CLI_TOKEN), false);
    });

    it('passes on why it cannot go on: no login for the window, several logins, no CLI, a CLI that is not one', async () => {
      const noLogin = await resolveCoderCli(request({ kind: 'remote', safeHost: 'prod.example.com' }));
      assert.match(errorOf(noLogin), /prod\.example\.com has no login on this machine/);

      store.extensionLogin('prod.example.com', 'https://prod.example.com', PROD_TOKEN);
      store.extensionLogin('dev.example.com', 'https://dev.example.com', DEV_TOKEN);
      const several = await resolveCoderCli(request({ kind: 'auto' }));
      assert.match(errorOf(several), /--deployment/);
      assert.equal(several.ok ? 0 : several.candidates?.length, 2);

      const pick = { kind: 'auto', query: 'prod.example.com' } as const;
      assert.match(
        errorOf(await resolveCoderCli(request(pick, { env: { ...env, PATH: store.root } }))),
        /Coder CLI not found/,
      );

      const fake = path.join(store.root, 'not-coder');
      writeFileSync(fake, '#!/bin/sh\necho hello\n');
      chmodSync(fake, 0o755);
      assert.match(errorOf(await resolveCoderCli(request(pick, { coderPath: fake }))), /Is it really the Coder CLI\?/);
    });
  });
});
