// Old Coder CLIs against the fake coder: a v0.x build (plain `version`, pongs only, no netcheck,
// no `speedtest -o`) is run and reported with a note; a build without `ping` is refused clearly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CoderCall } from '../../src/diag/coder/login';
import { PING_COUNT } from '../../src/diag/check/ping-count';
import { readCoderVersion } from '../../src/diag/coder/version';
import { LivePinger } from '../../src/diag/status/pinger';
import type { StatusEvent } from '../../src/diag/status/state';
import { runCliTunnel } from '../../src/diag/speedtest/cli-tunnel';
import { writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER } from '../support/paths';
import { isAlive, loggedInvocations, runNode, waitAllDead } from '../support/processes';
import { until } from '../support/until';

interface JsonReport {
  cli: { path: string; version: string | null; note?: string } | null;
  path: { kind: string; derpRegion: string | null; endpoint: string | null };
  pings: { sent: number; received: number; timedOut: number; minMs: number; maxMs: number };
  checks: unknown[];
  issues: { id: string; side: string }[];
  sources: { source: string; ok: boolean; error?: string }[];
}

describe('old Coder CLIs (fake coder)', function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  const ancient = (): NodeJS.ProcessEnv => ({ ...env, FAKE_CODER_VERSION: 'ancient' });
  const noPing = (): NodeJS.ProcessEnv => ({ ...env, FAKE_CODER_VERSION: 'no-ping' });
  const invocations = (command: string) => loggedInvocations(log).filter((i) => i.command === command);
  /** The fake coder with the test's login, as the status pinger gets it. */
  const fakeCli = (cliEnv: NodeJS.ProcessEnv): CoderCall => ({
    path: FAKE_CODER,
    globalArgs: [],
    env: cliEnv,
    deployment: null,
    secrets: [],
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-oldcli-'));
    log = path.join(dir, 'invocations.jsonl');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      CODER_CONFIG_DIR: writeCoderLogin(path.join(dir, 'coderv2')),
      FAKE_CODER_LOG: log,
      FAKE_CODER_LINE_MS: '5',
    };
  });
  afterEach(async () => {
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (args: string[], extraEnv: NodeJS.ProcessEnv) =>
    runNode(CLI_BUNDLE, ['check', ...args, '--no-local', '--coder', FAKE_CODER], extraEnv);

  it('reads the plain version of a v0.x CLI after `-o json` fails', async () => {
    const result = await readCoderVersion(FAKE_CODER, undefined, ancient());
    assert.deepEqual(result, { ok: true, version: 'v0.27.3+b1a2c3d' });
    assert.deepEqual(
      invocations('version').map((i) => i.argv),
      [['version', '-o', 'json'], ['version']],
    );
  });

  it('`wsdoctor check` parses the pongs of a v0.x CLI, notes its limits and exits 0', async () => {
    const r = await check(['old-cli-pongs-only', '--count', '7', '--json'], ancient());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.cli?.version, 'v0.27.3+b1a2c3d');
    assert.match(report.cli?.note ?? '', /^Limited diagnostics: Coder CLI v0\.27\.3\+b1a2c3d is older than v2/);
    assert.match(report.cli?.note ?? '', /checklist.*causes.*update it, e\.g\. from your deployment's \/bin\/ page/);
    assert.deepEqual(report.path, { kind: 'derp', derpRegion: 'Frankfurt', endpoint: null });
    // The recording's first seven pongs: 38 41 39 40 52 37 44 ms.
    const { sent, received, timedOut, minMs, maxMs } = report.pings;
    assert.deepEqual(
      { sent, received, timedOut, minMs, maxMs },
      { sent: 7, received: 7, timedOut: 0, minMs: 37, maxMs: 52 },
    );
    assert.deepEqual(report.checks, []);
    assert.deepEqual(
      report.issues.map((i) => `${i.id}/${i.side}`),
      ['derp-relay/general'],
    );
    const sources = Object.fromEntries(report.sources.map((s) => [s.source, s]));
    assert.equal(sources.version.ok, true);
    assert.equal(sources.ping.ok, true);
    assert.equal(sources.netcheck.ok, false);
    assert.match(
      sources.netcheck.error ?? '',
      /exited with code 1: unknown command "netcheck" for "coder" This Coder CLI is too old for this command: update it/,
    );
    const argv = invocations('ping')[0].argv;
    assert.deepEqual(argv.slice(argv.indexOf('ping')), ['ping', 'old-cli-pongs-only', '-n', '7']);

    const text = await check(['old-cli-pongs-only'], ancient());
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Coder CLI: v0\.27\.3\+b1a2c3d \(.*\)\n {2}⚠ Limited diagnostics: /m);
    // Without --count, the default count of pings.
    const all = `${PING_COUNT.default}/${PING_COUNT.default}`;
    assert.ok(text.stdout.includes(`Pings: ${all} answered`), text.stdout);
  });

  it('`wsdoctor check` refuses a CLI without `coder ping` with the next step, exit 2, no process left', async () => {
    const r = await check(['old-cli-pongs-only', '--json'], noPing());
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const ping = report.sources.find((s) => s.source === 'ping');
    assert.equal(ping?.ok, false);
    assert.match(
      ping?.error ?? '',
      /^Coder CLI v0\.12\.9\+9e8d7c6 \(.*coder\) has no `coder ping` command, so it cannot check the connection\. Update the Coder CLI, e\.g\. from your deployment's \/bin\/ page .*--coder/,
    );
    assert.equal(report.pings.sent, 0);
    const text = await check(['old-cli-pongs-only'], noPing());
    assert.equal(text.code, 2);
    assert.match(text.stdout, /✘ ping: Coder CLI v0\.12\.9\+9e8d7c6 .* has no `coder ping` command/);
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
  });

  it('the status pinger restarts a v0.x CLI that stops after 10 pongs, one process at a time', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: fakeCli(ancient()),
      workspace: 'old-cli-pongs-only',
      waitSeconds: 1,
      restartDelayMs: 100,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    try {
      await until('a third run', () => invocations('ping').length >= 3);
      const runs = invocations('ping');
      for (const run of runs) assert.deepEqual(run.argv, ['ping', 'old-cli-pongs-only', '--wait', '1s']);
      assert.ok(
        runs.slice(0, -1).every((run) => !isAlive(run.pid)),
        'the earlier runs ended before the next one started',
      );
      const samples = events.filter((e) => e.type === 'sample');
      assert.ok(samples.length >= 20, `two full runs of 10 pongs, got ${samples.length}`);
      assert.deepEqual(
        events.filter((e) => e.type === 'offline' || e.type === 'cli-missing'),
        [],
      );
    } finally {
      await pinger.stop();
    }
    await waitAllDead(invocations('ping').map((i) => i.pid));
  });

  it('the status pinger says a CLI without `coder ping` cannot be used, and does not spin', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: fakeCli(noPing()),
      workspace: 'old-cli-pongs-only',
      waitSeconds: 1,
      restartDelayMs: 50,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    try {
      await until('cli-missing', () => events.some((e) => e.type === 'cli-missing'));
      const missing = events.find((e) => e.type === 'cli-missing');
      assert.match(missing?.type === 'cli-missing' ? missing.reason : '', /has no `coder ping` command.*\/bin\/ page/);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(invocations('ping').length, 1, 'no restart within the longest pause');
    } finally {
      await pinger.stop();
    }
  });

  it("the speed test's CLI figure says a v0.x CLI cannot give it, and what to do", async () => {
    const signal = new AbortController().signal;
    const old = await runCliTunnel(FAKE_CODER, [], 'relayed', 'download', 1, ancient(), signal);
    assert.equal(old.overall, undefined);
    assert.match(
      old.error ?? '',
      /^`coder speedtest` exited with code 1: unknown shorthand flag: 'o' in -o This Coder CLI is too old for this command: update it, e\.g\. from your deployment's \/bin\/ page/,
    );
    const current = await runCliTunnel(FAKE_CODER, [], 'relayed', 'download', 1, env, signal);
    assert.equal(current.error, undefined);
    assert.equal(typeof current.overall?.throughput_mbits, 'number');
  });
});
