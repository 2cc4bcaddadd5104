// `wsdoctor check` end to end: the bundled CLI against the fake coder replaying recordings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliConfigDir, TEST_TOKEN, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER } from '../support/paths';
import { loggedInvocations, runNode, waitAllDead } from '../support/processes';

interface JsonReport {
  workspace: string;
  path: { kind: string; derpRegion: string | null; endpoint: string | null };
  pings: {
    sent: number;
    received: number;
    timedOut: number;
    failed: number;
    minMs: number;
    avgMs: number;
    maxMs: number;
  };
  p2pEstablishedMs: number | null;
  checks: { id: string; status: string; message: string }[];
  issues: { id: string; side: string; message: string; docs: string; detail?: Record<string, unknown> }[];
  sources: { source: string; ok: boolean; error?: string }[];
}

describe('wsdoctor check against the fake coder', function () {
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-it-'));
    log = path.join(dir, 'invocations.jsonl');
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      FAKE_CODER_LOG: log,
      FAKE_CODER_LINE_MS: '5',
    };
    // Signed in with `coder login`: the CLI's own store under HOME.
    writeCoderLogin(cliConfigDir(dir));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const check = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runNode(CLI_BUNDLE, ['check', ...args, '--coder', FAKE_CODER], { ...env, ...extraEnv });

  async function json(
    workspace: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<{ code: number | null; report: JsonReport; raw: string }> {
    const r = await check([workspace, '--no-local', '--json', '--count', '4'], extraEnv);
    assert.equal(r.stdout.trim().startsWith('{'), true, `not JSON: ${r.stdout}${r.stderr}`);
    return { code: r.code, report: JSON.parse(r.stdout) as JsonReport, raw: r.stdout };
  }

  it('reports a relayed connection with its issues, once each', async () => {
    const { code, report } = await json('relayed');
    assert.equal(code, 0);
    assert.deepEqual(report.path, { kind: 'derp', derpRegion: 'Frankfurt', endpoint: null });
    assert.deepEqual(report.pings, {
      ...report.pings,
      sent: 4,
      received: 3,
      timedOut: 1,
      failed: 0,
      minMs: 46,
      maxMs: 51,
    });
    assert.equal(Math.round(report.pings.avgMs * 100) / 100, 48.33);
    assert.deepEqual(report.checks.map((c) => [c.id, c.status]).sort(), [
      ['coordinator-received', 'ok'],
      ['coordinator-sent', 'ok'],
      ['derp-connected', 'ok'],
      ['wireguard', 'ok'],
    ]);
    assert.deepEqual(report.issues.map((i) => `${i.id}/${i.side}`).sort(), [
      'aws-hard-nat/agent',
      'derp-relay/general',
      'hard-nat/agent',
      'low-mtu/client',
    ]);
    const mtu = report.issues.find((i) => i.id === 'low-mtu');
    assert.deepEqual(mtu?.detail, { interface: 'wg0', mtu: 1280 });
    assert.match(mtu?.docs ?? '', /#low-mtu$/);
    for (const i of report.issues) assert.match(i.docs, /^https:\/\/.+#[a-z-]+$/);
    assert.deepEqual(report.sources.map((s) => [s.source, s.ok]).sort(), [
      ['netcheck', true],
      ['ping', true],
      ['version', true],
    ]);
  });

  it('reports a run that turned direct as p2p, with the upgrade time', async () => {
    const { code, report } = await json('direct');
    assert.equal(code, 0);
    assert.deepEqual(report.path, { kind: 'p2p', derpRegion: null, endpoint: '198.51.100.7:41641' });
    assert.equal(report.p2pEstablishedMs, 1412);
    assert.equal(report.pings.sent, 5);
    assert.equal(report.issues.filter((i) => i.id === 'derp-relay').length, 0);
  });

  it('reads the checklist the newest CLI prints on stderr', async () => {
    const { code, report } = await json('p2p-ipv6-timestamps');
    assert.equal(code, 0);
    assert.equal(report.path.kind, 'p2p');
    assert.equal(report.path.endpoint, '[2001:db8:85a3::8a2e:370:7334]:41641');
    assert.deepEqual(
      report.checks.map((c) => c.status),
      ['ok', 'ok', 'ok', 'ok'],
    );
    const local = await json('direct-disabled-locally');
    assert.deepEqual(
      local.report.issues.filter((i) => i.id === 'direct-disabled-local').map((i) => i.side),
      ['general'],
    );
  });

  it('prints a readable report', async () => {
    const r = await check(['relayed', '--no-local']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Path: Relayed via DERP Frankfurt/);
    assert.match(r.stdout, /Pings: 3\/4 answered \(1 timed out, 0 failed, 25% loss\)/);
    assert.match(r.stdout, /Interface wg0 on your machine has MTU 1280/);
    assert.match(r.stdout, /troubleshooting#endpoint-dependent-nat-hard-nat/);
  });

  it('merges netcheck findings with the CLI ones and notes a netcheck the CLI lacks', async () => {
    const merged = await json('relayed', { FAKE_CODER_NETCHECK: 'netcheck/low-mtu.json' });
    assert.equal(merged.report.issues.filter((i) => i.id === 'low-mtu').length, 1);
    const old = await json('relayed', { FAKE_CODER_NETCHECK: 'unsupported' });
    assert.equal(old.code, 0);
    const netcheck = old.report.sources.find((s) => s.source === 'netcheck');
    assert.equal(netcheck?.ok, false);
    assert.match(netcheck?.error ?? '', /unknown command "netcheck".*update it/i);
    assert.equal(old.report.path.kind, 'derp');
    const garbage = await json('relayed', { FAKE_CODER_NETCHECK: 'netcheck/truncated.json' });
    assert.match(garbage.report.sources.find((s) => s.source === 'netcheck')?.error ?? '', /not valid JSON/);
  });

  it('keeps hostile names as plain data', async () => {
    const { code, report, raw } = await json('<img src=x onerror=alert(1)>');
    assert.equal(code, 0);
    assert.equal(report.workspace, '<img src=x onerror=alert(1)>');
    assert.equal(report.path.derpRegion, '<img src=x onerror=alert(1)>');
    assert.ok(raw.includes('"derpRegion": "<img src=x onerror=alert(1)>"'));
  });

  it('survives truncated output and keeps what it got', async () => {
    const { code, report } = await json('truncated');
    assert.equal(code, 0);
    assert.equal(report.pings.received, 1);
    assert.equal(report.path.kind, 'derp');
    assert.match(report.sources.find((s) => s.source === 'ping')?.error ?? '', /exited with code 1/);
  });

  it('explains a stopped workspace and exits 2', async () => {
    const { code, report } = await json('stopped');
    assert.equal(code, 2);
    assert.match(report.sources.find((s) => s.source === 'ping')?.error ?? '', /is stopped.*Start the workspace/);
  });

  it('exits 2 with a clear message for a missing, ancient, crashing or babbling CLI', async () => {
    const missing = await runNode(
      CLI_BUNDLE,
      ['check', 'dev', '--no-local', '--coder', path.join(dir, 'no-coder')],
      env,
    );
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /Coder CLI not found at .*no-coder/);
    for (const [mode, message] of [
      ['crash', /killed by SIGSEGV/],
      ['garbage', /did not print a version/],
    ] as const) {
      const r = await check(['relayed', '--no-local'], { FAKE_CODER_VERSION: mode });
      assert.equal(r.code, 2, mode);
      assert.match(r.stdout, message);
    }
    const old = await json('relayed', { FAKE_CODER_VERSION: 'old' });
    assert.equal(old.code, 0);
    const ancient = await json('relayed', { FAKE_CODER_VERSION: 'ancient' });
    assert.equal(ancient.code, 0, 'a v0.x CLI is run, not refused');
  });

  it('gives up on a CLI that hangs on `coder version`, with a message and no process left', async () => {
    const r = await check(['relayed', '--no-local'], { FAKE_CODER_VERSION: 'hang' });
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /Coder CLI \(.*coder\) did not finish within 15 s and was stopped\. Check the binary or reinstall it\./,
    );
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
  });

  it('stops a hanging CLI at the timeout and leaves no process behind', async () => {
    const r = await check(['hangs', '--no-local', '--json', '--timeout', '2']);
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.pings.sent, 4);
    assert.match(report.sources.find((s) => s.source === 'ping')?.error ?? '', /did not finish within 2 s/);
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
  });

  it('cancels mid-stream on SIGINT and leaves no process behind', async () => {
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, 'check', 'looping', '--no-local', '--json', '--coder', FAKE_CODER],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Wait until the fake `coder ping` is streaming, then interrupt.
    for (let i = 0; i < 200 && !loggedInvocations(log).some((c) => c.command === 'ping'); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500)); // a few pongs stream first
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    const report = JSON.parse(stdout) as JsonReport;
    assert.ok(report.pings.sent >= 1, 'some pings streamed before the cancel');
    assert.match(report.sources.find((s) => s.source === 'ping')?.error ?? '', /cancelled/);
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
  });

  it('never puts the session token on a command line or in the report', async () => {
    const { raw } = await json('relayed');
    assert.ok(!raw.includes(TEST_TOKEN));
    for (const call of loggedInvocations(log)) assert.ok(!call.argv.join(' ').includes(TEST_TOKEN));
  });

  it('refuses bad input with usage errors', async () => {
    for (const args of [
      ['--count', '0', 'dev'],
      ['dev', 'other'],
      ['--stun', 'nohost', 'dev'],
      ['--frobnicate', 'dev'],
      ['--local', 'dev'],
      ['--', '-rf'],
    ]) {
      const r = await check(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.length > 0 || r.stdout.includes('cannot start with'), args.join(' '));
    }
  });
});
