// `wsdoctor fleet` end to end: the bundled CLI against the fake coder listing a dozen workspaces
// (direct, relayed, stopped, starting, failed, one whose ping hangs, one whose ping fails).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliConfigDir, TEST_TOKEN, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER, fixture } from '../support/paths';
import {
  isAlive,
  killGroups,
  loggedInvocations,
  runNode,
  subcommandArgv,
  waitAllDead,
  type Finished,
} from '../support/processes';
import { until } from '../support/until';

interface Row {
  deployment: string | null;
  owner: string;
  name: string;
  status: string;
  path: { kind: string; derpRegion: string | null; endpoint: string | null };
  latencyMs: number | null;
  checkedAt: string | null;
  error: string | null;
}

interface Span {
  pid: number;
  name: string;
  start: number;
  end: number;
}

const RUNNING = ['dev', 'api', 'web', 'ml-box', 'etl', 'sydney-box', 'hangs', 'broken-agent'];
const NOT_RUNNING = ['old', 'archive', 'booting', 'bad-build'];

/** The most spans open at one instant. */
function maxOverlap(spans: readonly Span[]): number {
  const edges = spans.flatMap((s) => [
    { at: s.start, d: 1 },
    { at: s.end, d: -1 },
  ]);
  // An end and a start at the same millisecond do not overlap.
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let open = 0;
  let most = 0;
  for (const e of edges) most = Math.max(most, (open += e.d));
  return most;
}

describe('wsdoctor fleet against the fake coder', function () {
  let dir: string;
  let log: string;
  let spansFile: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-fleet-'));
    log = path.join(dir, 'invocations.jsonl');
    spansFile = path.join(dir, 'spans.jsonl');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      FAKE_CODER_LOG: log,
      FAKE_CODER_SPANS: spansFile,
      FAKE_CODER_LINE_MS: '60',
      FAKE_CODER_SCENARIOS: fixture('fake-coder/fleet-scenarios.json'),
    };
    writeCoderLogin(cliConfigDir(dir));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fleet = (args: string[], onStdout?: Parameters<typeof runNode>[3]): Promise<Finished> =>
    runNode(CLI_BUNDLE, ['fleet', '--coder', FAKE_CODER, ...args], env, onStdout);

  const spans = (): Span[] =>
    existsSync(spansFile)
      ? readFileSync(spansFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Span)
      : [];

  it('accounts for every listed workspace, pings only running ones, at most N at once, and stops the hanging one at its deadline', async () => {
    const started = Date.now();
    const run = await fleet(['--json', '--concurrency', '3', '--timeout', '2']);
    const tookMs = Date.now() - started;
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as { schemaVersion: number; workspaces: Row[] };
    assert.equal(doc.schemaVersion, 1);
    const byName = new Map(doc.workspaces.map((r) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), [...RUNNING, ...NOT_RUNNING].sort());
    assert.equal(doc.workspaces.length, 12);
    for (const r of doc.workspaces) assert.equal(r.deployment, 'https://coder.example.com');

    assert.deepEqual(byName.get('dev')?.path, { kind: 'p2p', derpRegion: null, endpoint: '198.51.100.7:41641' });
    assert.equal(byName.get('dev')?.latencyMs, 13);
    assert.deepEqual(byName.get('ml-box')?.path, { kind: 'derp', derpRegion: 'Frankfurt', endpoint: null });
    assert.equal(byName.get('ml-box')?.latencyMs, 212);
    assert.equal(byName.get('sydney-box')?.path.derpRegion, 'Sydney');
    for (const name of ['dev', 'api', 'web', 'ml-box', 'etl', 'sydney-box']) {
      const row = byName.get(name);
      assert.equal(row?.error, null, name);
      assert.ok(row?.checkedAt && !Number.isNaN(Date.parse(row.checkedAt)), name);
    }
    assert.equal(byName.get('hangs')?.latencyMs, null);
    assert.match(byName.get('hangs')?.error ?? '', /^timed out: no pong within 2 s/);
    assert.equal(byName.get('broken-agent')?.latencyMs, null);
    assert.match(
      byName.get('broken-agent')?.error ?? '',
      /^CLI error: `coder ping` exited with code 1: error: agent "main" is not connected/,
    );
    for (const name of NOT_RUNNING) {
      const row = byName.get(name);
      assert.equal(row?.checkedAt, null, name);
      assert.match(row?.error ?? '', /^not pinged: /, name);
    }
    assert.match(byName.get('old')?.error ?? '', /stopped; start it with `coder start old`/);
    assert.match(byName.get('booting')?.error ?? '', /starting/);
    assert.match(byName.get('bad-build')?.error ?? '', /build failed/);

    // Pinged: each running workspace once, with short pings; never a workspace that is not running.
    const calls = loggedInvocations(log);
    const pings = calls.filter((c) => c.command === 'ping').map(subcommandArgv);
    assert.deepEqual(pings.map((argv) => argv[1]).sort(), [...RUNNING].sort());
    for (const argv of pings) assert.deepEqual(argv.slice(2), ['-n', '3']);
    assert.equal(calls.filter((c) => c.command === 'list').length, 1);

    const recorded = spans();
    const overlap = maxOverlap(recorded);
    const hang = recorded.find((s) => s.name === 'hangs');
    console.log(
      `      ${pings.length} pings, at most ${overlap} at once (limit 3); hanging ping ran ${hang ? hang.end - hang.start : '?'} ms (deadline 2000); whole run ${tookMs} ms`,
    );
    assert.equal(recorded.length, RUNNING.length, 'every ping ended by itself or by SIGTERM');
    assert.ok(overlap <= 3, `${overlap} pings at once`);
    assert.ok(overlap >= 2, 'the pings ran in parallel');
    assert.ok(hang && hang.end - hang.start < 2000 + 500, 'the hanging ping ended at its deadline');
    await waitAllDead(
      calls.map((c) => c.pid),
      3000,
    );
    assert.doesNotMatch(run.stdout + run.stderr, new RegExp(TEST_TOKEN));
  });

  it('prints the summary and one table on text output, and no progress when stderr is not a terminal', async () => {
    const run = await fleet(['--concurrency', '8', '--timeout', '1']);
    assert.equal(run.code, 0, run.stderr);
    const [summary] = run.stdout.split('\n');
    assert.equal(
      summary,
      '8 running · 3 direct · 3 relayed (Frankfurt, Sydney) · 2 no answer · 4 not running · slowest: ml-box 212 ms',
    );
    assert.match(run.stdout, /^ {2}alice\/ml-box +running +DERP Frankfurt +212 ms +\d\d:\d\d:\d\d$/m);
    assert.match(run.stdout, /^ {2}alice\/old +stopped +– +– +– +not pinged: the workspace is stopped/m);
    assert.equal(run.stderr, '');
  });

  it('lists every signed-in deployment with its own login, and only the one --deployment names', async () => {
    const extensionDir = path.join(
      dir,
      '.config',
      'Code',
      'User',
      'globalStorage',
      'coder.coder-remote',
      'coder.example.com',
    );
    writeCoderLogin(extensionDir);
    writeCoderLogin(cliConfigDir(dir), 'https://dev.example.org:8443', 'ZyXwVuTsRq-9876543210zyxwvutsrqponm');
    const both = await fleet(['--json', '--concurrency', '8', '--timeout', '1']);
    assert.equal(both.code, 0, both.stderr);
    const rows = (JSON.parse(both.stdout) as { workspaces: Row[] }).workspaces;
    const count = (url: string) => rows.filter((r) => r.deployment === url).length;
    assert.equal(count('https://dev.example.org:8443'), 12);
    assert.equal(count('https://coder.example.com'), 12);
    // Each deployment's pings ran with that deployment's login folder.
    const pingDirs = new Set(
      loggedInvocations(log)
        .filter((c) => c.command === 'ping')
        .map((c) => c.configDir),
    );
    assert.deepEqual([...pingDirs].sort(), [cliConfigDir(dir), extensionDir].sort());

    const one = await fleet(['--json', '--timeout', '1', '--deployment', 'dev.example.org:8443']);
    assert.equal(one.code, 0, one.stderr);
    const picked = (JSON.parse(one.stdout) as { workspaces: Row[] }).workspaces;
    assert.deepEqual(new Set(picked.map((r) => r.deployment)), new Set(['https://dev.example.org:8443']));
    assert.equal(picked.length, 12);
  });

  it('exits 2 with the reason when the list cannot be read', async () => {
    rmSync(cliConfigDir(dir), { recursive: true });
    const run = await fleet(['--json']);
    assert.equal(run.code, 2);
    const doc = JSON.parse(run.stdout) as { workspaces: Row[]; deployments: { ok: boolean; error: string }[] };
    assert.deepEqual(doc.workspaces, []);
    assert.equal(doc.deployments[0].ok, false);
    assert.match(run.stderr, /could not list workspaces: `coder list` exited with code 1: .*not logged in/);
    assert.equal(loggedInvocations(log).filter((c) => c.command === 'ping').length, 0);
  });

  it('a closed terminal (SIGHUP) stops it like SIGINT: exit 130, the document printed, no process behind', async () => {
    const child = spawn(process.execPath, [CLI_BUNDLE, 'fleet', '--coder', FAKE_CODER, '--json', '--timeout', '60'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await until(
      'the hanging ping to start',
      () => loggedInvocations(log).some((c) => c.command === 'ping' && subcommandArgv(c)[1] === 'hangs'),
      10_000,
    );
    const pids = loggedInvocations(log).map((c) => c.pid);
    child.kill('SIGHUP');
    const code = await exited;
    const left = loggedInvocations(log)
      .map((c) => c.pid)
      .filter(isAlive);
    console.log(`      after SIGHUP: exit ${code}, ${left.length} of ${pids.length}+ coder processes left`);
    // Clean up what a failing run left before asserting, so the suite leaves nothing either.
    killGroups(left);
    assert.deepEqual(left, []);
    assert.equal(code, 130);
    assert.equal((JSON.parse(stdout) as { cancelled: boolean }).cancelled, true);
  });

  it('stops quietly when its reader goes away (`| head -1`) with more than 64 KB still to print', async () => {
    // 1,000 stopped workspaces: a JSON document far larger than a pipe's buffer, and no ping to wait for.
    const many = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`stopped-${i}`, { owner: 'alice', status: 'stopped' }]),
    );
    const scenarios = path.join(dir, 'many.json');
    writeFileSync(scenarios, JSON.stringify({ workspaces: many }));
    const child = spawn(process.execPath, [CLI_BUNDLE, 'fleet', '--coder', FAKE_CODER, '--json'], {
      env: { ...env, FAKE_CODER_SCENARIOS: scenarios },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let firstLine = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read up to the first line, then close the pipe.
    child.stdout.once('data', (d: Buffer) => {
      firstLine = d.toString().split('\n')[0];
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(firstLine, '{');
    assert.equal(stderr, '', 'nothing on stderr: no stack trace');
    assert.equal(code, 0);
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
  });

  it('exits 130 on SIGINT while pings hang, leaving no process behind', async () => {
    const child = spawn(process.execPath, [CLI_BUNDLE, 'fleet', '--coder', FAKE_CODER, '--json', '--timeout', '60'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupt once the hanging ping is running (it is the only one left after a moment).
    const hangStarted = (): boolean =>
      loggedInvocations(log).some((c) => c.command === 'ping' && subcommandArgv(c)[1] === 'hangs');
    await until(
      'every other ping to end and the hanging one to start',
      () => spans().length >= RUNNING.length - 1 && hangStarted(),
      10_000,
    );
    const at = Date.now();
    child.kill('SIGINT');
    const code = await exited;
    const afterSignal = Date.now() - at;
    console.log(`      SIGINT answered in ${afterSignal} ms`);
    assert.equal(code, 130);
    assert.ok(afterSignal < 2500, `took ${afterSignal} ms`);
    const doc = JSON.parse(stdout) as { workspaces: Row[]; cancelled: boolean };
    assert.equal(doc.cancelled, true);
    assert.equal(doc.workspaces.length, 12);
    assert.equal(doc.workspaces.find((r) => r.name === 'hangs')?.error, 'not checked: cancelled');
    await waitAllDead(
      loggedInvocations(log).map((c) => c.pid),
      3000,
    );
  });
});
