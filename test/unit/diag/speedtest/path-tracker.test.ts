// The path tracker against files written into its folder and the fake coder's `coder ping`.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CoderPathTracker, oldCliNote } from '../../../../src/diag/speedtest/path-tracker';
import type { PathChange } from '../../../../src/diag/speedtest/types';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';

const INFO = (p2p: boolean): string =>
  JSON.stringify({ p2p, latency: p2p ? 11 : 48, preferred_derp: 'Frankfurt', using_coder_connect: false });

describe('speed test path tracker', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const signal = new AbortController().signal;

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'wsd-path-'));
    env = { ...process.env, CODER_CONFIG_DIR: writeCoderLogin(path.join(home, 'coder')) };
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const create = (seen: PathChange[], workspace = 'relayed') =>
    CoderPathTracker.create({ coderPath: FAKE_CODER, globalArgs: [], workspace, env }, Date.now(), (c) => seen.push(c));

  it('reads the CLI network-info file from a private folder, and removes the folder', async () => {
    const seen: PathChange[] = [];
    const tracker = await create(seen);
    const dir = tracker.networkInfoDir;
    assert.ok(dir);
    if (process.platform !== 'win32') assert.equal(statSync(dir).mode & 0o077, 0);
    writeFileSync(path.join(dir, '4242.json'), INFO(false));
    await tracker.connected(signal);
    assert.deepEqual(
      seen.map((c) => [c.kind, c.derpRegion]),
      [['derp', 'Frankfurt']],
    );
    // The upgrade arrives while waiting for a direct connection.
    setTimeout(() => writeFileSync(path.join(dir, '4242.json'), INFO(true)), 600);
    const ticks: number[] = [];
    const wait = await tracker.waitForDirect(10_000, signal, (s) => ticks.push(s));
    assert.equal(wait.formed, true);
    assert.ok(wait.waitedSeconds > 0.4 && wait.waitedSeconds < 5, String(wait.waitedSeconds));
    assert.ok(ticks.length >= 1);
    await tracker.finish(signal);
    await tracker.close();
    assert.equal(existsSync(dir), false);
    const report = tracker.report();
    assert.equal(report.source, 'network-info');
    assert.deepEqual(
      report.changes.map((c) => c.kind),
      ['derp', 'p2p'],
    );
    assert.deepEqual(report.directWait, { timeoutSeconds: 10, waitedSeconds: wait.waitedSeconds, formed: true });
  });

  it('gives up waiting for a direct connection after the timeout', async () => {
    const tracker = await create([]);
    const dir = tracker.networkInfoDir;
    assert.ok(dir);
    writeFileSync(path.join(dir, '77.json'), INFO(false));
    await tracker.connected(signal);
    const started = Date.now();
    const wait = await tracker.waitForDirect(1500, signal, () => undefined);
    assert.equal(wait.formed, false);
    assert.ok(Date.now() - started >= 1400 && Date.now() - started < 4000);
    await tracker.close();
  });

  it('falls back to coder ping on an old CLI, before and after', async () => {
    const seen: PathChange[] = [];
    const tracker = await create(seen);
    const dir = tracker.networkInfoDir;
    await tracker.useOldCliFallback();
    assert.equal(tracker.networkInfoDir, null);
    assert.equal(existsSync(dir ?? ''), false);
    await tracker.connected(signal);
    await tracker.finish(signal);
    await tracker.close();
    const report = tracker.report();
    assert.equal(report.source, 'ping');
    assert.equal(report.note, oldCliNote());
    assert.deepEqual(
      seen.map((c) => [c.kind, c.derpRegion]),
      [['derp', 'Frankfurt']],
    );
  });

  it('explains a path it could not learn, once', async () => {
    const tracker = await create([], 'no-such-workspace');
    await tracker.useOldCliFallback();
    await tracker.connected(signal);
    await tracker.waitForDirect(1200, signal, () => undefined);
    await tracker.close();
    const note = tracker.report().note ?? '';
    assert.match(note, /`coder ping` exited with code 1: error: workspace "no-such-workspace" not found/);
    assert.equal(note.split('so the path is unknown').length, 2);
  });
});
