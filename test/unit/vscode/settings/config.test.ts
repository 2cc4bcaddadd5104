import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FLEET_DEFAULTS } from '../../../../src/diag/fleet/fleet-check';
import { REPO_ROOT } from '../../../support/paths';

const READER = path.join('src', 'vscode', 'settings', 'config.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('settings', () => {
  it('are read by config.ts only', () => {
    const readers = sourceFiles(path.join(REPO_ROOT, 'src'))
      .map((file) => path.relative(REPO_ROOT, file))
      .filter((file) =>
        /\b(getConfiguration|onDidChangeConfiguration)\b/.test(readFileSync(path.join(REPO_ROOT, file), 'utf8')),
      );
    assert.deepEqual(readers, [READER]);
  });

  it('are each contributed in package.json, and every contributed one is read', () => {
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    // The `coder.*` settings are the Coder extension's: they are read, not contributed, by us.
    const ours = source.slice(0, source.indexOf('function readCoderSettings'));
    const read = [...ours.matchAll(/c\.get<[^>]+>\('([\w.]+)'/g)].map((m) => `wsdoctor.${m[1]}`).sort();
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const contributed = Object.keys(pkg.contributes.configuration.properties).sort();
    assert.deepEqual(read, contributed);
  });

  it('that name a program or a key file are application-scoped: a remote machine’s settings never set them', () => {
    // In a remote window VS Code merges the remote machine's settings into `machine`- and
    // `window`-scoped values; only `application` scope is the user's own machine alone.
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    };
    const props = pkg.contributes.configuration.properties;
    const named = Object.keys(props).filter((key) => /path|file|command/i.test(key));
    assert.deepEqual(named, ['wsdoctor.coderPath', 'wsdoctor.speedtest.identityFile']);
    for (const key of named) assert.equal(props[key].scope, 'application', key);
  });

  it('give the Workspaces view the fleet check’s defaults, background refresh off', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['wsdoctor.fleet.concurrency'].default, FLEET_DEFAULTS.concurrency);
    assert.equal(props['wsdoctor.fleet.refreshMinutes'].default, 0);
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    assert.match(source, /get<number>\('fleet\.concurrency', FLEET_DEFAULTS\.concurrency\)/);
    assert.match(source, /get<number>\('fleet\.refreshMinutes', 0\)/);
  });
});

describe("the Coder extension's settings", () => {
  it('are read from user settings only, never a folder that may set a command to run', () => {
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    const body = /function readCoderSettings\(\)[\s\S]*?\n}\n/.exec(source)?.[0];
    assert.ok(body, 'readCoderSettings is gone: keep the coder.* settings user-only wherever they are read');
    assert.match(body, /userSetting\('coder', key\)/);
    assert.doesNotMatch(body, /\.get\b|\.inspect\b/, 'read through userSetting only');
  });
});

describe('the network settings (http.*, coder.tls*, coder.headerCommand)', () => {
  it('are read from user settings only: a folder or a remote machine never picks a proxy, a CA or a command', () => {
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    const body = /function readNetSettings\(\)[\s\S]*?\n}\n/.exec(source)?.[0];
    assert.ok(body, 'readNetSettings is gone: keep the network settings user-only wherever they are read');
    // Every value comes through userSetting (the user value and the gate), whichever settings it withholds.
    assert.match(body, /editorNetSettings\(\(section, key\) => userSetting\(section, key, /);
    assert.doesNotMatch(body, /\.get\b|\.inspect\b/, 'read through userSetting only');
  });
});

describe('a user setting that may hold the remote machine’s value', () => {
  it('is the user value, through the gate that keeps a remote command, file or URL until allowed', () => {
    const source = readFileSync(path.join(REPO_ROOT, READER), 'utf8');
    const body = /function userSetting\([\s\S]*?\n}\n/.exec(source)?.[0];
    assert.ok(body, 'userSetting is gone');
    assert.match(body, /\.inspect<unknown>\(key\)\?\.globalValue/);
    assert.doesNotMatch(body, /\.get\b/, 'get merges workspace values in');
    assert.match(body, /gateUserValue\(`\$\{section\}\.\$\{key\}`, value, trustContext\(\)/);
    assert.match(source, /remoteWindow: vscode\.env\.remoteName !== undefined/);
  });
});
