// A Coder CLI that prints the session token on stderr (FAKE_CODER_LEAK_TOKEN) must never get it into
// a report, a presenter's output or an event of the check, the speed test or the status pinger. The
// tokens here are not token-shaped, so only the login's own secrets and the environment can catch them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../src/diag/check/check';
import { resolveCoderCli } from '../../src/diag/coder/login';
import type { DiagEvent } from '../../src/diag/events';
import { toJsonReport } from '../../src/diag/present/json';
import { reportToMarkdown } from '../../src/diag/present/markdown';
import { speedtestToMarkdown } from '../../src/diag/present/speedtest-markdown';
import { toText } from '../../src/diag/present/text';
import { LivePinger } from '../../src/diag/status/pinger';
import type { StatusEvent } from '../../src/diag/status/state';
import { runSpeedtest } from '../../src/diag/speedtest/speedtest';
import { speedtestText } from '../../src/diag/present/speedtest-text';
import type { SpeedtestEvent } from '../../src/diag/speedtest/types';
import { TEST_URL, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER, fixture } from '../support/paths';
import { runNode } from '../support/processes';
import { until } from '../support/until';

const FILE_TOKEN = 'file-session-secret-not-shaped';
const ENV_TOKEN = 'env-session-secret-not-shaped';

function assertClean(what: string, text: string, token: string): void {
  assert.equal(text.includes(token), false, `${what} quotes the token:\n${text.slice(0, 2000)}`);
}

describe('session tokens the CLI prints stay out of everything', function () {
  this.timeout(60_000);
  let dir: string;
  let loginDir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-leak-'));
    loginDir = writeCoderLogin(path.join(dir, 'login'), TEST_URL, FILE_TOKEN);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (leak: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: dir,
    FAKE_CODER_LINE_MS: '2',
    FAKE_CODER_LEAK_TOKEN: leak,
  });
  const folderCli = async (leak: string) => {
    const resolved = await resolveCoderCli({
      pick: { kind: 'folder', dir: loginDir },
      coderPath: FAKE_CODER,
      storageDirs: [],
      env: env(leak),
    });
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.error);
    return resolved.cli;
  };

  for (const [leak, workspace] of [
    ['1', 'relayed'],
    ['1', 'truncated'],
    ['fail', 'relayed'],
  ] as const) {
    it(`check (${leak === '1' ? 'token on stderr' : 'error quoting the token'}, ${workspace}): events, JSON, Markdown, text`, async () => {
      const events: DiagEvent[] = [];
      const report = await runCheck(
        {
          workspace,
          session: { pick: { kind: 'folder', dir: loginDir }, coderPath: FAKE_CODER, storageDirs: [], env: env(leak) },
          pingCount: 3,
          local: false,
        },
        (e) => events.push(e),
        new AbortController().signal,
      );
      const all = JSON.stringify(events);
      // The fake really printed it: the check saw its stderr (a raw line or an error), cleaned.
      assert.match(all, /\[redacted\]/);
      assertClean('events', all, FILE_TOKEN);
      assertClean('JSON', JSON.stringify(toJsonReport(report)), FILE_TOKEN);
      assertClean('Markdown', reportToMarkdown(report), FILE_TOKEN);
      assertClean('text', toText(report), FILE_TOKEN);
    });
  }

  for (const leak of ['1', 'fail']) {
    it(`speed test (${leak}): the environment's token stays out of events, JSON, Markdown and text`, async () => {
      const events: SpeedtestEvent[] = [];
      const report = await runSpeedtest(
        {
          target: { kind: 'coder', workspace: 'relayed', coderPath: FAKE_CODER, globalArgs: [] },
          directions: ['download'],
          durationSeconds: 1,
          connectTimeoutMs: 5000,
          cliTunnel: true,
          env: { ...env(leak), CODER_URL: TEST_URL, CODER_SESSION_TOKEN: ENV_TOKEN },
        },
        (e) => events.push(e),
        new AbortController().signal,
      );
      // `coder ssh --stdio` failed (no SSH target) after printing the token; the report says why.
      assert.ok(report.error, 'the run should have failed');
      const all = JSON.stringify(events) + JSON.stringify(report);
      assert.match(all, /\[redacted\]/);
      assertClean('events and JSON', all, ENV_TOKEN);
      assertClean('Markdown', speedtestToMarkdown(report), ENV_TOKEN);
      assertClean('text', speedtestText(report), ENV_TOKEN);
    });

    it(`speed test (${leak}): the login file's token (CoderCli.secrets) stays out too`, async () => {
      const cli = await folderCli(leak);
      const events: SpeedtestEvent[] = [];
      const report = await runSpeedtest(
        {
          target: { kind: 'coder', workspace: 'relayed', coderPath: cli.path, globalArgs: cli.globalArgs },
          directions: ['download'],
          durationSeconds: 1,
          connectTimeoutMs: 5000,
          env: cli.env,
          secrets: cli.secrets,
        },
        (e) => events.push(e),
        new AbortController().signal,
      );
      const all = JSON.stringify(events) + JSON.stringify(report);
      assert.match(all, /\[redacted\]/);
      assertClean('events and JSON', all, FILE_TOKEN);
      assertClean('Markdown', speedtestToMarkdown(report), FILE_TOKEN);
      assertClean('text', speedtestText(report), FILE_TOKEN);
    });
  }

  for (const [leak, workspace] of [
    ['fail', 'relayed'],
    ['1', 'truncated'],
  ] as const) {
    it(`status pinger (${leak}, ${workspace}): no event quotes the token`, async () => {
      const cli = await folderCli(leak);
      const events: StatusEvent[] = [];
      const pinger = new LivePinger({
        cli,
        workspace,
        waitSeconds: 1,
        restartDelayMs: 60_000,
        onEvent: (e) => events.push(e),
      });
      pinger.start();
      try {
        // The CLI's last stderr line (the token) is quoted in the reason the ping failed.
        await until('a reason quoting the CLI', () => JSON.stringify(events).includes('[redacted]'), 20_000);
      } finally {
        await pinger.stop();
      }
      const all = JSON.stringify(events);
      assertClean('events', all, FILE_TOKEN);
    });
  }

  describe('header values, URL and proxy credentials the CLI quotes', () => {
    const HEADER_SECRET = 'cf-client-secret-planted-1';
    const URL_PASS = 'url-password-planted-2';
    const PROXY_PASS = 'proxy-password-planted-3';
    const CODER_HEADER_VALUE = 'coder-header-value-planted-4';
    const PLANTED = [HEADER_SECRET, URL_PASS, PROXY_PASS, CODER_HEADER_VALUE];
    const leakEnv = (): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: dir,
      FAKE_CODER_LINE_MS: '2',
      FAKE_CODER_LEAK_SECRETS: [HEADER_SECRET, URL_PASS, PROXY_PASS].join(','),
      CODER_HEADER: `X-Api-Key=${CODER_HEADER_VALUE}`,
    });
    const assertNone = (what: string, text: string): void => {
      for (const secret of PLANTED) assertClean(what, text, secret);
    };

    it('check: events, JSON, Markdown, text', async () => {
      const events: DiagEvent[] = [];
      const report = await runCheck(
        {
          workspace: 'relayed',
          session: { pick: { kind: 'folder', dir: loginDir }, coderPath: FAKE_CODER, storageDirs: [], env: leakEnv() },
          pingCount: 3,
          local: false,
        },
        (e) => events.push(e),
        new AbortController().signal,
      );
      assert.match(JSON.stringify(events), /split header \\"CF-Access-Client-Secret: \[redacted\]\\"/);
      assertNone('events', JSON.stringify(events));
      assertNone('JSON', JSON.stringify(toJsonReport(report)));
      assertNone('Markdown', reportToMarkdown(report));
      assertNone('text', toText(report));
    });

    for (const json of [true, false]) {
      it(`wsdoctor fleet and monitor (${json ? 'JSON' : 'text'})`, async () => {
        const config = ['--global-config', loginDir, '--coder', FAKE_CODER, ...(json ? ['--json'] : [])];
        // The list fails on the header, as the CLI does, and the listing's error quotes the CLI.
        const fleet = await runNode(CLI_BUNDLE, ['fleet', ...config, '--timeout', '5'], {
          ...leakEnv(),
          FAKE_CODER_LEAK_SECRETS: [HEADER_SECRET, URL_PASS, PROXY_PASS, 'fail'].join(','),
          FAKE_CODER_SCENARIOS: fixture('fake-coder/fleet-scenarios.json'),
        });
        assert.match(fleet.stdout + fleet.stderr, /split header .*CF-Access-Client-Secret: \[redacted\]/);
        assertNone('fleet', fleet.stdout + fleet.stderr);
        const monitor = await runNode(
          CLI_BUNDLE,
          ['monitor', 'degrading', '--duration', '3s', '--no-local', ...config],
          { ...leakEnv(), FAKE_CODER_NETCHECK: 'netcheck/udp-blocked.json' },
        );
        assert.equal(monitor.code, 0, monitor.stderr);
        for (const secret of PLANTED) assertClean('monitor', monitor.stdout + monitor.stderr, secret);
      });
    }
  });
});
