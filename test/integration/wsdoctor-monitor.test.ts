// `wsdoctor monitor` end to end: the bundled CLI against the fake coder, whose `coder ping` goes
// from p2p to DERP mid-stream, then times out for a while, then comes back (and exits, to be restarted).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliConfigDir, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER } from '../support/paths';
import { isAlive, killGroups, loggedInvocations, runNode, waitAllDead } from '../support/processes';
import { until } from '../support/until';

interface MonitorJson {
  schemaVersion: number;
  workspace: string;
  startedAt: string;
  finishedAt: string;
  samples: { atMs: number; latencyMs: number | null; path: string; derpRegion: string | null }[];
  events: { atMs: number; type: string; from?: string; to?: string; detail?: string }[];
  diagnoses: { atMs: number; trigger: string; issues: { id: string; side: string; message: string; docs: string }[] }[];
}

describe('wsdoctor monitor against the fake coder', function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-monitor-'));
    log = path.join(dir, 'invocations.jsonl');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      FAKE_CODER_LOG: log,
      FAKE_CODER_NETCHECK: 'netcheck/udp-blocked.json',
    };
    writeCoderLogin(cliConfigDir(dir));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const monitor = (args: string[], onStdout?: Parameters<typeof runNode>[3]) =>
    runNode(CLI_BUNDLE, ['monitor', ...args, '--coder', FAKE_CODER, '--no-local'], env, onStdout);

  it('records the path change and the drop in order, diagnoses once with the cause netcheck reports, leaves no process', async () => {
    const r = await monitor(['degrading', '--duration', '7s', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
    const doc = JSON.parse(r.stdout) as MonitorJson;
    assert.deepEqual(Object.keys(doc), [
      'schemaVersion',
      'workspace',
      'startedAt',
      'finishedAt',
      'samples',
      'events',
      'diagnoses',
    ]);
    assert.equal(doc.workspace, 'degrading');
    const times = doc.events.map((e) => e.atMs);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
      'events in time order',
    );
    // The first pass of the recording, in order; the ping is restarted after it exits, so more may follow.
    const kinds = doc.events
      .filter((e) => e.type !== 'diagnosed')
      .map((e) => `${e.type}${e.from ? ` ${e.from}→${e.to}` : ''}`);
    assert.deepEqual(kinds.slice(0, 4), ['path-changed p2p→derp', 'offline', 'online', 'path-changed derp→p2p']);
    assert.ok(kinds.length > 4, `the restarted ping flaps again: ${kinds.join(', ')}`);
    // Exactly one diagnosis although the path dropped to DERP twice and pings were lost.
    assert.equal(doc.diagnoses.length, 1, JSON.stringify(doc.diagnoses));
    const [d] = doc.diagnoses;
    assert.equal(d.trigger, 'path-to-derp');
    assert.ok(
      d.issues.some((i) => i.id === 'udp-blocked' && i.side === 'client'),
      JSON.stringify(d.issues),
    );
    for (const i of d.issues) assert.deepEqual(Object.keys(i), ['id', 'side', 'message', 'docs']);
    const diagnosed = doc.events.filter((e) => e.type === 'diagnosed');
    assert.equal(diagnosed.length, 1);
    assert.equal(diagnosed[0].detail, 'switched to DERP Frankfurt: UDP blocked on your machine');
    // Samples: readings and lost pings, with the issue's fields only.
    assert.ok(doc.samples.some((s) => s.path === 'derp' && s.derpRegion === 'Frankfurt' && s.latencyMs === 48));
    assert.ok(doc.samples.some((s) => s.path === 'unknown' && s.latencyMs === null));
    for (const s of doc.samples) assert.deepEqual(Object.keys(s), ['atMs', 'latencyMs', 'path', 'derpRegion']);
    const calls = loggedInvocations(log);
    assert.ok(
      calls.filter((c) => c.command === 'ping').length >= 3,
      'the live ping (restarted) and the diagnosis ping',
    );
    assert.equal(calls.filter((c) => c.command === 'netcheck').length, 1);
    await waitAllDead(calls.map((c) => c.pid));
  });

  it('prints the summary, the events and the diagnosis as text', async () => {
    const r = await monitor(['degrading', '--duration', '4s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^wsdoctor monitor degrading: /);
    assert.match(r.stdout, /\nsince \d\d:\d\d: direct \d+% of the time, 1 drop, median \d+ ms\n/);
    assert.match(r.stdout, /path changed: direct \(p2p\) → DERP\n.*offline: 3 pings in a row/s);
    assert.match(
      r.stdout,
      /after the connection switched from direct \(p2p\) to a DERP relay: UDP blocked on your machine/,
    );
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
  });

  it('--duration 3s ends within the diagnosis grace although the diagnosis ping never ends', async () => {
    // The live ping goes to DERP, so a diagnosis starts; its own `coder ping` then hangs, which
    // alone would hold the run for the check's 40 s deadline.
    const scenarios = path.join(dir, 'scenarios.json');
    const stuck = { owner: 'alice', ping: 'fake-coder/ping-degrading.txt', lineMs: 150, pingMode: 'hang-after' };
    writeFileSync(scenarios, JSON.stringify({ workspaces: { stuck } }));
    env.FAKE_CODER_SCENARIOS = scenarios;
    const started = Date.now();
    const r = await monitor(['stuck', '--duration', '3s', '--json']);
    const tookMs = Date.now() - started;
    console.log(`      --duration 3s took ${tookMs} ms with a diagnosis whose ping hangs`);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as MonitorJson;
    assert.equal(doc.diagnoses.length, 1, 'the diagnosis cut short is kept');
    assert.equal(doc.diagnoses[0].trigger, 'path-to-derp');
    // The duration, the 5 s grace, and start-up and printing.
    assert.ok(tookMs < 3000 + 5000 + 2000, `took ${tookMs} ms`);
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
  });

  it('a closed terminal (SIGHUP) ends it like Ctrl-C: exit 130, no process left', async () => {
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, 'monitor', 'looping', '--duration', '10m', '--coder', FAKE_CODER, '--no-local', '--json'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await until('the live coder ping', () => loggedInvocations(log).some((c) => c.command === 'ping'));
    child.kill('SIGHUP');
    const code = await exited;
    const left = loggedInvocations(log)
      .map((c) => c.pid)
      .filter(isAlive);
    killGroups(left);
    assert.deepEqual(left, [], 'coder processes left after SIGHUP');
    assert.equal(code, 130);
    assert.equal((JSON.parse(stdout) as MonitorJson).workspace, 'looping');
  });

  it('Ctrl-C (SIGINT) ends it with exit 130 and no process left', async () => {
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, 'monitor', 'looping', '--duration', '10m', '--coder', FAKE_CODER, '--no-local', '--json'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupted while the live `coder ping` runs.
    await until('the live coder ping', () => loggedInvocations(log).some((c) => c.command === 'ping'));
    await new Promise((r) => setTimeout(r, 500));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    const doc = JSON.parse(stdout) as MonitorJson;
    assert.equal(doc.workspace, 'looping');
    assert.ok(doc.samples.length > 0, 'what was recorded before Ctrl-C is printed');
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
  });
});
