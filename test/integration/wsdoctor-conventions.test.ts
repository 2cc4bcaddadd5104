// The built `wsdoctor` (dist/cli.js) as a script would use it: exit codes, what goes to stdout and
// what to stderr, --version, Ctrl-C in the speed test, progress only on a terminal, and hostile
// names from the deployment's DERP map printed without their terminal escapes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliConfigDir, writeCoderLogin } from '../support/coder-login';
import { HOSTILE, HOSTILE_SHOWN, TERMINAL_CONTROL } from '../support/hostile-text';
import { CLI_BUNDLE, FAKE_CODER, REPO_ROOT } from '../support/paths';
import { runNode, type Finished } from '../support/processes';
import { until } from '../support/until';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function listening<T extends net.Server>(server: T): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

describe('wsdoctor conventions, end to end', function () {
  this.timeout(60_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const closers: (() => void)[] = [];
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-conv-'));
    env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: path.join(dir, 'cache'), FAKE_CODER_LINE_MS: '5' };
    writeCoderLogin(cliConfigDir(dir));
  });
  afterEach(() => {
    closers.splice(0).forEach((close) => close());
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[]): Promise<Finished> => runNode(CLI_BUNDLE, args, env);

  it('--version prints the bundled version on stdout, exit 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      assert.deepEqual(r, { code: 0, stdout: `wsdoctor ${VERSION}\n`, stderr: '' });
    }
  });

  it('usage: stdout for --help (exit 0), stderr for a mistake (exit 2)', async () => {
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: wsdoctor check/);
    assert.equal(help.stderr, '');
    for (const args of [
      [],
      ['frobnicate'],
      ['check'],
      ['check', 'dev', '--cout', '3'],
      ['speedtest', '--direction', 'sideways', 'dev'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /Usage: wsdoctor /, args.join(' '));
    }
  });

  it('check: the report alone on stdout, nothing on a piped stderr, schemaVersion in the JSON', async () => {
    const json = await run(['check', 'relayed', '--no-local', '--count', '3', '--coder', FAKE_CODER, '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, '');
    const doc = JSON.parse(json.stdout) as { schemaVersion: number; workspace: string };
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.workspace, 'relayed');
    const text = await run(['check', 'relayed', '--no-local', '--count', '3', '--coder', FAKE_CODER]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stderr, '', 'no progress when stderr is not a terminal');
    assert.match(text.stdout, /^Workspace: relayed\n/);
  });

  it('check: progress on a terminal stderr, erased before the report', function () {
    // `script` gives the child a pseudo-terminal; it is part of util-linux (scripts/setup.sh installs it).
    assert.equal(spawnSync('script', ['--version']).status, 0, '`script` (util-linux) is needed for this test');
    const command = [
      process.execPath,
      CLI_BUNDLE,
      'check',
      'relayed',
      '--no-local',
      '--count',
      '3',
      '--coder',
      FAKE_CODER,
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /wsdoctor check: Coder CLI \S+ · pings 3\/3/);
    assert.ok(r.stdout.includes('\r\x1b[2KWorkspace: relayed'), 'the status line is erased before the report');
  });

  it('check --local: hostile DERP region names print without terminal escapes', async () => {
    // A deployment whose DERP map names its only region with escapes; the relay's port is closed.
    const closed = net.createServer();
    const relayPort = await listening(closed);
    closed.close();
    const body = JSON.stringify({
      derp_map: {
        Regions: {
          '1': {
            RegionID: 1,
            RegionCode: 'x',
            RegionName: HOSTILE,
            Nodes: [
              { Name: '1a', RegionID: 1, HostName: '127.0.0.1', DERPPort: relayPort, ForceHTTP: true, STUNPort: -1 },
            ],
          },
        },
      },
      disable_direct_connections: false,
    });
    const api = http.createServer((req, res) => {
      if (req.url !== '/api/v2/workspaceagents/connection') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    const apiPort = await listening(api);
    closers.push(() => api.close());
    const login = writeCoderLogin(path.join(dir, 'login'), `http://127.0.0.1:${apiPort}`);
    const r = await run(['check', '--local', '--global-config', login, '--stun', `127.0.0.1:${relayPort}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, TERMINAL_CONTROL, JSON.stringify(r.stdout));
    assert.doesNotMatch(r.stderr, TERMINAL_CONTROL, JSON.stringify(r.stderr));
    assert.ok(r.stdout.includes(HOSTILE_SHOWN), r.stdout);
  });

  describe('speedtest interrupted', () => {
    let port: number;
    let connections = 0;
    beforeEach(async () => {
      // An SSH server that accepts and never speaks: the test is still connecting when Ctrl-C comes.
      const sockets: net.Socket[] = [];
      const silent = net.createServer((s) => {
        connections++;
        sockets.push(s);
      });
      port = await listening(silent);
      closers.push(() => {
        sockets.forEach((s) => s.destroy());
        silent.close();
      });
    });

    for (const json of [false, true]) {
      it(`exits 130 on SIGINT with ${json ? 'the JSON document' : 'the report'} on stdout`, async () => {
        connections = 0;
        const args = [
          CLI_BUNDLE,
          'speedtest',
          `ssh://me@127.0.0.1:${port}`,
          '--time',
          '2s',
          ...(json ? ['--json'] : []),
        ];
        const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        await until('the speed test to connect', () => connections > 0, 15_000);
        child.kill('SIGINT');
        assert.equal(await exited, 130, stderr);
        if (json) {
          assert.equal(stderr, '');
          const doc = JSON.parse(stdout) as { schemaVersion: number; cancelled: boolean };
          assert.equal(doc.schemaVersion, 1);
          assert.equal(doc.cancelled, true);
        } else {
          assert.match(stdout, /^Speed test of ssh:\/\/me@127\.0\.0\.1:\d+ over SSH/);
          assert.match(stderr, /\.\.\.\n/);
          assert.doesNotMatch(stdout, /^\s*[{[]/);
        }
      });
    }
  });
});
