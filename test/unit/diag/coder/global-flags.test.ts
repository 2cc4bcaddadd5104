import assert from 'node:assert/strict';
import type { Deployment } from '../../../../src/diag/coder/deployments';
import {
  buildGlobalFlags,
  expandPath,
  versionAtLeast,
  type GlobalFlagsInput,
} from '../../../../src/diag/coder/global-flags';

const TOKEN = 'AbCdEfGhIj-0123456789abcdefghijkl';
const HOME = '/home/me';
const DIR = '/store/coder.coder-remote/coder.example.com';

function login(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'coder.example.com',
    url: 'https://coder.example.com',
    source: 'coder-extension',
    configDir: DIR,
    legacyTokenFile: null,
    binDir: `${DIR}/bin`,
    ...overrides,
  };
}

function flags(input: Partial<GlobalFlagsInput> & { globalFlags?: string[] }): { args: string[]; dropped: string[] } {
  const { globalFlags = [], ...rest } = input;
  return buildGlobalFlags({
    deployment: login(),
    version: 'v2.18.0+abc',
    platform: 'linux',
    env: {},
    home: HOME,
    ...rest,
    settings: { ...rest.settings, globalFlags },
  });
}

describe('root flags for every Coder CLI call', () => {
  describe('expandPath', () => {
    it('expands ${env:NAME}, ${userHome} and a leading ~ as the Coder extension does', () => {
      const env = { CERTS: '/etc/certs', EMPTY: '' };
      assert.equal(expandPath('${env:CERTS}/ca.pem', env, HOME), '/etc/certs/ca.pem');
      assert.equal(expandPath('${env:MISSING}/x', env, HOME), '/x');
      assert.equal(expandPath('${env:EMPTY}${env:CERTS}', env, HOME), '/etc/certs');
      assert.equal(expandPath('~/coder', env, HOME), '/home/me/coder');
      assert.equal(expandPath('a/~/b', env, HOME), 'a/~/b');
      assert.equal(expandPath('${userHome}/a:${userHome}/b', env, HOME), '/home/me/a:/home/me/b');
      assert.equal(expandPath('${env:bad-name}', env, HOME), '${env:bad-name}');
    });
  });

  describe('versionAtLeast', () => {
    it('compares major, minor and patch, and counts development builds as new', () => {
      const min = [2, 29, 0];
      assert.equal(versionAtLeast('v2.29.0+abc', min), true);
      assert.equal(versionAtLeast('2.29.1', min), true);
      assert.equal(versionAtLeast('v2.30.0', min), true);
      assert.equal(versionAtLeast('v3.0.0', min), true);
      assert.equal(versionAtLeast('v2.28.9', min), false);
      assert.equal(versionAtLeast('v1.99.99', min), false);
      assert.equal(versionAtLeast('v0.0.0-devel+abc', min), true);
      assert.equal(versionAtLeast('', min), false);
      assert.equal(versionAtLeast('garbage', min), false);
    });

    it('counts a release candidate as older than its release, like semver', () => {
      assert.equal(versionAtLeast('v2.29.0-rc.1', [2, 29, 0]), false);
      assert.equal(versionAtLeast('v2.30.0-rc.1', [2, 29, 0]), true);
      assert.equal(versionAtLeast('v2.29.0+build.5', [2, 29, 0]), true);
    });
  });

  describe('buildGlobalFlags', () => {
    it("gives a folder login's folder and URL", () => {
      assert.deepEqual(flags({}), {
        args: ['--global-config', DIR, '--url', 'https://coder.example.com'],
        dropped: [],
      });
    });

    it("keeps the user's flags first, with paths expanded in the value half only", () => {
      const got = flags({
        globalFlags: ['--disable-direct-connections', '--header=X-Home=~/h', '--log-dir=~/logs', '~/x', '${env:FLAG}'],
        env: { FLAG: '--verbose' },
      });
      assert.deepEqual(got.args, [
        '--disable-direct-connections',
        '--header=X-Home=~/h',
        '--log-dir=/home/me/logs',
        '/home/me/x',
        '--verbose',
        '--global-config',
        DIR,
        '--url',
        'https://coder.example.com',
      ]);
    });

    it('never puts a session token on the command line, nor in what it logs', () => {
      const got = flags({
        globalFlags: ['--token', TOKEN, '--token=' + TOKEN, '--session-token', TOKEN, '--token ' + TOKEN, '-v'],
      });
      assert.deepEqual(got.args, ['-v', '--global-config', DIR, '--url', 'https://coder.example.com']);
      assert.equal(got.dropped.length, 4);
      for (const why of got.dropped) assert.match(why, /^--(session-)?token \(a token never goes on a command line\)$/);
      assert.equal(JSON.stringify(got).includes(TOKEN), false);
    });

    it('drops a --url, so the token goes only to the deployment of the login in use', () => {
      const why = '--url (the login in use names the deployment its token goes to)';
      const got = flags({ globalFlags: ['--url', 'https://evil.example', '--url=https://evil.example', '-v'] });
      assert.deepEqual(got.args, ['-v', '--global-config', DIR, '--url', 'https://coder.example.com']);
      assert.deepEqual(got.dropped, [why, why]);
      for (const deployment of [null, login({ source: 'environment', configDir: null, binDir: null })]) {
        const bare = flags({ deployment, globalFlags: ['--url https://evil.example', '-v'] });
        assert.deepEqual(bare, { args: ['-v'], dropped: [why] });
      }
    });

    it("drops the user's --use-keyring, keeping the entry after it", () => {
      const got = flags({ globalFlags: ['--use-keyring', '--verbose', '--use-keyring=true'] });
      assert.deepEqual(got.args, ['--verbose', '--global-config', DIR, '--url', 'https://coder.example.com']);
      assert.equal(got.dropped.length, 2);
    });

    it('says which keyring to use only on macOS and Windows with a CLI of 2.29 or later', () => {
      const keyring = (platform: NodeJS.Platform, version: string, useKeyring?: boolean): string[] =>
        flags({ platform, version, settings: { globalFlags: [], useKeyring } }).args.filter((a) =>
          a.startsWith('--use-keyring'),
        );
      assert.deepEqual(keyring('darwin', 'v2.29.0', false), ['--use-keyring=false']);
      assert.deepEqual(keyring('win32', 'v2.30.1'), ['--use-keyring=false']);
      assert.deepEqual(keyring('darwin', 'v2.29.0', true), ['--use-keyring=true']);
      assert.deepEqual(keyring('darwin', 'v2.28.5', true), []);
      assert.deepEqual(keyring('linux', 'v2.31.0', true), []);
      assert.deepEqual(keyring('freebsd', 'v2.31.0', true), []);
    });

    it("with the keyring, passes only the URL and drops the user's --global-config", () => {
      const got = flags({
        platform: 'darwin',
        version: 'v2.31.0',
        settings: { globalFlags: [], useKeyring: true },
        globalFlags: ['--global-config', '/mine', '--verbose'],
      });
      assert.deepEqual(got.args, ['--verbose', '--use-keyring=true', '--url', 'https://coder.example.com']);
      assert.deepEqual(got.dropped, ['--global-config (the login in use is not a folder)']);
    });

    it("keeps the keyring off for a login that is not the Coder extension's", () => {
      const got = flags({
        deployment: login({ source: 'cli-config', configDir: '/home/me/.config/coderv2', binDir: null }),
        platform: 'darwin',
        version: 'v2.29.0',
        settings: { globalFlags: [], useKeyring: true },
      });
      assert.deepEqual(got.args, [
        '--global-config',
        '/home/me/.config/coderv2',
        '--use-keyring=false',
        '--url',
        'https://coder.example.com',
      ]);
    });

    it("honours the user's own --global-config from CLI 2.31 on, and replaces it before", () => {
      for (const own of [
        ['--global-config', '~/my-coder'],
        ['--global-config=~/my-coder'],
        ['--global-config ~/my-coder'],
      ]) {
        const newer = flags({ version: 'v2.31.0', globalFlags: own });
        assert.equal(newer.args.filter((a) => a === DIR).length, 0, own.join(' '));
        assert.equal(
          newer.args.some((a) => a.includes('/my-coder')),
          true,
          own.join(' '),
        );
        const older = flags({ version: 'v2.30.9', globalFlags: [...own, '-v'] });
        assert.deepEqual(
          older.args,
          ['-v', '--global-config', DIR, '--url', 'https://coder.example.com'],
          own.join(' '),
        );
        assert.deepEqual(older.dropped, ["--global-config (the deployment's login folder is used)"]);
      }
      assert.deepEqual(flags({ version: 'v2.31.0', globalFlags: ['--global-config', '~/my-coder'] }).args, [
        '--global-config',
        '/home/me/my-coder',
        '--url',
        'https://coder.example.com',
      ]);
    });

    it("gives an older extension's session_token login only the URL (the token goes in the environment)", () => {
      const got = flags({
        deployment: login({ legacyTokenFile: `${DIR}/session_token` }),
        globalFlags: ['--global-config', '/mine'],
      });
      assert.deepEqual(got.args, ['--url', 'https://coder.example.com']);
      assert.deepEqual(got.dropped, ['--global-config (the login in use is not a folder)']);
    });

    it('adds nothing but the header for an environment login or none', () => {
      const env = { CODER_HEADER_COMMAND: 'print-headers' };
      for (const deployment of [null, login({ source: 'environment', configDir: null, binDir: null })]) {
        const got = flags({ deployment, env, globalFlags: ['--global-config', '/mine', '-v'] });
        assert.deepEqual(got, {
          args: ['--global-config', '/mine', '-v', '--header-command', 'print-headers'],
          dropped: [],
        });
      }
    });

    it('takes the header command from the setting, else CODER_HEADER_COMMAND, never twice', () => {
      const header = (
        headerCommand: string | undefined,
        env: NodeJS.ProcessEnv,
        globalFlags: string[] = [],
      ): string[] =>
        flags({ settings: { globalFlags: [], headerCommand }, globalFlags, env }).args.filter(
          (_, i, all) =>
            all[i] === '--header-command' ||
            all[i - 1] === '--header-command' ||
            all[i].startsWith('--header-command='),
        );
      assert.deepEqual(header('  setting-cmd --x  ', { CODER_HEADER_COMMAND: 'env-cmd' }), [
        '--header-command',
        'setting-cmd --x',
      ]);
      assert.deepEqual(header('   ', { CODER_HEADER_COMMAND: ' env-cmd ' }), ['--header-command', 'env-cmd']);
      assert.deepEqual(header(undefined, { CODER_HEADER_COMMAND: '  ' }), []);
      assert.deepEqual(header('setting-cmd', {}, ['--header-command=mine']), ['--header-command=mine']);
    });
  });
});
