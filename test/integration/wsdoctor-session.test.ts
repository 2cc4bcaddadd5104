// `wsdoctor check` rides the login the user already has: the Coder extension's per-deployment store
// (with its own CLI copy), the CLI's own store, `--deployment` among several, `--global-config`.
// The fake coder refuses every networked command without a login, like the real one.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliConfigDir, TEST_TOKEN, writeCoderLogin } from '../support/coder-login';
import { CLI_BUNDLE, FAKE_CODER } from '../support/paths';
import { loggedInvocations, runNode, waitAllDead } from '../support/processes';

interface JsonReport {
  path: { kind: string };
  sources: { source: string; ok: boolean; error?: string }[];
  probes: { name: string; ran: boolean; reason?: string }[];
}

const OTHER_TOKEN = 'ZyXwVuTsRq-9876543210zyxwvutsrqponm';

describe('wsdoctor check with the user’s real login', function () {
  let home: string;
  let log: string;
  let env: NodeJS.ProcessEnv;

  /** The Coder extension's store in VS Code's user data folder, as it leaves it after a login. */
  const extensionStore = () => path.join(home, '.config', 'Code', 'User', 'globalStorage', 'coder.coder-remote');

  /** Signs in through the "Coder extension": `<host>/url`, `<host>/session`, and its CLI copy in `<host>/bin/`. */
  function extensionLogin(url: string, token = TEST_TOKEN, withCli = true): string {
    const dir = path.join(extensionStore(), new URL(url).hostname);
    writeCoderLogin(dir, url, token);
    if (withCli) {
      mkdirSync(path.join(dir, 'bin'), { recursive: true });
      symlinkSync(FAKE_CODER, path.join(dir, 'bin', 'coder-linux-amd64'));
    }
    return dir;
  }

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'wsd-login-'));
    log = path.join(home, 'invocations.jsonl');
    // No coder on PATH and no ~/.config/coderv2: only what each test signs in.
    env = { PATH: '/usr/bin:/bin', HOME: home, FAKE_CODER_LOG: log, FAKE_CODER_LINE_MS: '5' };
  });
  afterEach(async () => {
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
    rmSync(home, { recursive: true, force: true });
  });

  const check = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    runNode(CLI_BUNDLE, ['check', ...args], { ...env, ...extraEnv });

  it('works with only the Coder extension’s login and CLI copy, and no flags', async () => {
    const dir = extensionLogin('https://coder.example.com');
    const r = await check(['relayed', '--no-local', '--json', '--count', '3']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.path.kind, 'derp');
    assert.deepEqual(
      report.sources.map((s) => [s.source, s.ok]).sort(),
      [
        ['version', true],
        ['netcheck', true],
        ['ping', true],
      ].sort(),
    );
    const calls = loggedInvocations(log).filter((c) => c.command !== 'version');
    assert.deepEqual(calls.map((c) => c.command).sort(), ['netcheck', 'ping']);
    for (const call of calls) {
      assert.equal(call.binary, path.join(dir, 'bin', 'coder-linux-amd64'), 'the deployment’s own CLI copy');
      assert.equal(call.configDir, dir, 'the extension’s login folder');
      assert.deepEqual(call.argv.slice(0, 4), ['--global-config', dir, '--url', 'https://coder.example.com']);
      assert.ok(!call.argv.join(' ').includes(TEST_TOKEN), 'no token on the command line');
      assert.equal(call.tokenInEnv, false);
    }
  });

  it('says where to sign in when there is no login at all', async () => {
    const r = await check(['relayed', '--no-local', '--coder', FAKE_CODER]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /You are not logged in/);
    assert.match(
      r.stdout,
      /Sign in through the Coder extension \(Coder: Login\) or with `coder login <deployment url>`/,
    );
  });

  it('names the deployment whose login was refused', async () => {
    extensionLogin('https://coder.example.com', 'expiredxyz-0000000000000000000000');
    const r = await check(['relayed', '--no-local'], { FAKE_CODER_VALID_TOKEN: TEST_TOKEN });
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /Sign in to coder\.example\.com through the Coder extension .* `coder login https:\/\/coder\.example\.com`/,
    );
    assert.ok(!r.stdout.includes('expiredxyz-0000000000000000000000'), 'the token is not in the report');
  });

  it('lists several deployments and exits 2; --deployment picks one', async () => {
    extensionLogin('https://coder.example.com');
    writeCoderLogin(cliConfigDir(home), 'https://dev.example.org:8443', OTHER_TOKEN);
    const ambiguous = await check(['relayed', '--no-local', '--coder', FAKE_CODER]);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stdout, /Several Coder deployments are signed in/);
    assert.match(ambiguous.stdout, /coder\.example\.com \(https:\/\/coder\.example\.com, Coder extension\)/);
    assert.match(ambiguous.stdout, /dev\.example\.org \(https:\/\/dev\.example\.org:8443, Coder CLI login\)/);
    assert.match(ambiguous.stdout, /--deployment <url\|host>/);
    assert.deepEqual(
      loggedInvocations(log).filter((c) => c.command !== 'version'),
      [],
      'nothing networked runs while the deployment is unclear',
    );

    // The CLI login has no CLI copy of its own, and coder.example.com's copy never runs with it.
    const refused = await check(['relayed', '--no-local', '--deployment', 'dev.example.org:8443']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stdout, /Coder CLI not found for dev\.example\.org: .*another deployment is never run/);
    assert.deepEqual(
      loggedInvocations(log).filter((c) => c.command !== 'version'),
      [],
    );

    for (const [query, configDir, coder] of [
      ['dev.example.org:8443', cliConfigDir(home), ['--coder', FAKE_CODER]],
      ['https://coder.example.com/', path.join(extensionStore(), 'coder.example.com'), []],
    ] as const) {
      const picked = await check(['relayed', '--no-local', '--json', '--deployment', query, ...coder]);
      assert.equal(picked.code, 0, picked.stdout + picked.stderr);
      const pings = loggedInvocations(log).filter((c) => c.command === 'ping');
      assert.equal(pings[pings.length - 1].configDir, configDir, query);
    }

    const none = await check(['relayed', '--no-local', '--deployment', 'nowhere.example.net']);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /No signed-in Coder deployment matches "nowhere\.example\.net"/);
  });

  it('takes an explicit login folder with --global-config, and explains an empty one', async () => {
    const folder = writeCoderLogin(path.join(home, 'elsewhere'), 'https://third.example.com');
    const r = await check(['relayed', '--no-local', '--json', '--coder', FAKE_CODER, '--global-config', folder]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(loggedInvocations(log).some((c) => c.command === 'ping' && c.configDir === folder));

    const empty = await check([
      'relayed',
      '--no-local',
      '--coder',
      FAKE_CODER,
      '--global-config',
      path.join(home, 'none'),
    ]);
    assert.equal(empty.code, 2);
    assert.match(empty.stdout, /No Coder login in .*none: it needs the files url and session/);
    const both = await check(['relayed', '--global-config', folder, '--deployment', 'x']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /give one of them/);
  });

  it('passes an older extension’s session_token through the environment, never argv', async () => {
    const dir = writeCoderLogin(path.join(extensionStore(), 'old.example.com'), 'https://old.example.com');
    renameSync(path.join(dir, 'session'), path.join(dir, 'session_token'));
    const r = await check(['relayed', '--no-local', '--json', '--coder', FAKE_CODER]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const ping = loggedInvocations(log).find((c) => c.command === 'ping');
    assert.ok(ping?.tokenInEnv, 'token given in the environment');
    assert.ok(ping && !ping.argv.includes('--global-config'));
    assert.ok(ping && !ping.argv.join(' ').includes(TEST_TOKEN));
  });

  it('asks the deployment the CLI uses for its settings in the local probes', async () => {
    extensionLogin('https://coder.invalid');
    const r = await check(['relayed', '--json', '--count', '2']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const deployment = report.probes.find((p) => p.name === 'deployment');
    // coder.invalid cannot resolve: the probe tried that deployment (and says so), with nothing leaked.
    assert.match(deployment?.reason ?? '', /https:\/\/coder\.invalid\/api\/v2\/workspaceagents\/connection/);
    assert.ok(!r.stdout.includes(TEST_TOKEN));
  });
});
