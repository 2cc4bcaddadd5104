import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { locateCoder } from '../../../../src/diag/coder/locate';

function executable(file: string, mtime = new Date()): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  utimesSync(file, mtime, mtime);
  return file;
}

describe('locating the Coder CLI', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-locate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses an explicit path first, and says so when it is wrong', async () => {
    const explicit = executable(path.join(dir, 'mine', 'coder'));
    const pathCoder = executable(path.join(dir, 'bin', 'coder'));
    const env = { PATH: path.dirname(pathCoder) };
    assert.deepEqual(await locateCoder({ explicit, env, storageDirs: [] }), {
      ok: true,
      path: explicit,
      how: 'setting',
      why: 'wsdoctor.coderPath / --coder',
    });
    const missing = await locateCoder({ explicit: path.join(dir, 'nope'), env, storageDirs: [] });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.error : '', /not found at .*nope.*wsdoctor.coderPath/);
  });

  it("without a login, prefers the Coder extension's newest copy over PATH", async () => {
    const storage = path.join(dir, 'globalStorage', 'coder.coder-remote');
    executable(path.join(storage, 'dev.example.test', 'bin', 'coder-linux-amd64'), new Date(2020, 1, 1));
    const newest = executable(
      path.join(storage, 'prod.example.test', 'bin', 'coder-linux-amd64'),
      new Date(2024, 1, 1),
    );
    writeFileSync(path.join(storage, 'prod.example.test', 'bin', 'coder-linux-amd64.asc'), 'sig');
    const pathCoder = executable(path.join(dir, 'bin', 'coder'));
    const found = await locateCoder({ env: { PATH: path.dirname(pathCoder) }, storageDirs: [storage] });
    assert.deepEqual(found, {
      ok: true,
      path: newest,
      how: 'coder-extension',
      why: "no login: the Coder extension's newest copy",
    });
  });

  it("with a login, runs that deployment's copy, else PATH, never another deployment's newer copy", async () => {
    const storage = path.join(dir, 'globalStorage', 'coder.coder-remote');
    const prodBin = path.join(storage, 'prod.example.test', 'bin');
    const other = executable(path.join(storage, 'dev.example.test', 'bin', 'coder-linux-amd64'), new Date(2024, 1, 1));
    const pathCoder = executable(path.join(dir, 'bin', 'coder'));
    const env = { PATH: path.dirname(pathCoder) };
    const login = { id: 'prod.example.test', binDirs: [prodBin] };

    // A CLI login (no folder of its own): the Coder extension's newest copy is dev's, so PATH it is.
    assert.deepEqual(await locateCoder({ env, storageDirs: [storage], login: { ...login, binDirs: [] } }), {
      ok: true,
      path: pathCoder,
      how: 'path',
      why: "no copy downloaded from prod.example.test; another deployment's copy never runs with its login",
    });
    // Nothing on PATH either: not found, and why dev's copy was not taken, without naming its path.
    const none = await locateCoder({ env: { PATH: path.join(dir, 'empty') }, storageDirs: [storage], login });
    assert.equal(none.ok, false);
    const error = !none.ok ? none.error : '';
    assert.match(error, /Coder CLI not found for prod\.example\.test: .*another deployment is never run/);
    assert.equal(error.includes(other), false);
    // Its own copy, older than dev's, comes first.
    const own = executable(path.join(prodBin, 'coder-linux-amd64'), new Date(2020, 1, 1));
    assert.deepEqual(await locateCoder({ env, storageDirs: [storage], login }), {
      ok: true,
      path: own,
      how: 'deployment',
      why: "the Coder extension's copy for prod.example.test",
    });
  });

  it('falls back to PATH, skipping files that are not executable', async () => {
    const notExec = path.join(dir, 'a', 'coder');
    mkdirSync(path.dirname(notExec));
    writeFileSync(notExec, 'x');
    chmodSync(notExec, 0o644);
    const good = executable(path.join(dir, 'b', 'coder'));
    const env = { PATH: [path.dirname(notExec), path.dirname(good)].join(':') };
    assert.deepEqual(await locateCoder({ env, storageDirs: [path.join(dir, 'none')] }), {
      ok: true,
      path: good,
      how: 'path',
      why: 'no login and no copy kept by the Coder extension',
    });
  });

  it('says how to install it when there is none', async () => {
    const r = await locateCoder({ env: { PATH: dir }, storageDirs: [] });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /Coder CLI not found: install it/);
  });
});
