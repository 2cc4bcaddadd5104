import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CoderCall } from '../../../../src/diag/coder/login';
import { LivePinger } from '../../../../src/diag/status/pinger';
import type { StatusEvent } from '../../../../src/diag/status/state';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';
import { loggedInvocations, waitAllDead } from '../../../support/processes';
import { until } from '../../../support/until';

describe('status pinger: workspace names from the remote authority', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-pinger-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A CLI path that does not exist: any attempt to run it would come back as "cli-missing".
  const cli = () => ({ path: path.join(dir, 'no-such-coder'), globalArgs: [], env: {}, deployment: null, secrets: [] });

  for (const name of ['--global-config=/tmp/evil', '-h', 'dev\nnext', 'dev\u001b]0;x\u0007', ' ', 'x'.repeat(300)]) {
    it(`never runs the CLI for ${JSON.stringify(name.slice(0, 30))} and says why`, async () => {
      const events: StatusEvent[] = [];
      const pinger = new LivePinger({ cli: cli(), workspace: name, waitSeconds: 1, onEvent: (e) => events.push(e) });
      pinger.start();
      await pinger.stop();
      assert.equal(events.length, 1, JSON.stringify(events));
      const [event] = events;
      assert.equal(event.type, 'offline');
      assert.match(event.type === 'offline' ? event.reason : '', /workspace|cannot start with "-"/i);
    });
  }

  it('still runs the CLI for a good name', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: cli(),
      workspace: 'owner/dev',
      waitSeconds: 1,
      restartDelayMs: 10_000,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    await until('cli-missing', () => events.some((e) => e.type === 'cli-missing'));
    await pinger.stop();
    assert.deepEqual(
      events.map((e) => e.type),
      ['connecting', 'cli-missing'],
    );
  });
});

// Against the fake `coder`: one long-lived ping, restarts, sign-in and stops that leave no process behind.
describe('status pinger (fake coder)', function () {
  this.timeout(30_000);
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-pinger-'));
    log = path.join(dir, 'invocations.jsonl');
    env = {
      ...process.env,
      FAKE_CODER_LOG: log,
      FAKE_CODER_LINE_MS: '5',
      CODER_CONFIG_DIR: writeCoderLogin(path.join(dir, 'login')),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The fake coder with that login, as the status pinger gets it. */
  const fakeCli = (coderPath: string = FAKE_CODER): CoderCall => ({
    path: coderPath,
    globalArgs: ['--global-config', env.CODER_CONFIG_DIR ?? ''],
    env,
    deployment: null,
    secrets: [],
  });

  it('streams samples from one long-lived ping and its stop kills it', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: fakeCli(),
      workspace: 'looping',
      waitSeconds: 1,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    await until('three samples', () => events.filter((e) => e.type === 'sample').length >= 3);
    const pings = loggedInvocations(log).filter((i) => i.command === 'ping');
    assert.equal(pings.length, 1, 'one pinger process');
    assert.deepEqual(pings[0].argv, ['--global-config', env.CODER_CONFIG_DIR, 'ping', 'looping', '--wait', '1s']);
    const samples = events.flatMap((e) => (e.type === 'sample' ? [e.sample] : []));
    assert.ok(samples.some((x) => x.path === 'derp' && x.region === 'Frankfurt'));
    await pinger.stop();
    await waitAllDead(pings.map((p) => p.pid));
  });

  it('restarts a CLI that stops, one at a time, and reports a stopped workspace as offline', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: fakeCli(),
      workspace: 'stopped',
      waitSeconds: 1,
      restartDelayMs: 50,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    await until('two runs', () => loggedInvocations(log).filter((i) => i.command === 'ping').length >= 2);
    await pinger.stop();
    const offline = events.find((e) => e.type === 'offline');
    assert.ok(
      offline && offline.type === 'offline' && /Start the workspace/.test(offline.reason),
      JSON.stringify(offline),
    );
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
  });

  it('says a refused login needs a sign-in, naming the deployment, without the token', async () => {
    const events: StatusEvent[] = [];
    const refused = 'expiredzzz-0000000000000000000000';
    const pinger = new LivePinger({
      cli: {
        ...fakeCli(),
        env: { ...env, FAKE_CODER_VALID_TOKEN: 'AbCdEfGhIj-0123456789abcdefghijkl' },
        globalArgs: [
          '--global-config',
          writeCoderLogin(path.join(dir, 'expired'), 'https://coder.example.com', refused),
        ],
        deployment: { id: 'coder.example.com', url: 'https://coder.example.com' } as CoderCall['deployment'],
        secrets: [refused],
      },
      workspace: 'looping',
      waitSeconds: 1,
      restartDelayMs: 50,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    await until('signed-out', () => events.some((e) => e.type === 'signed-out'));
    await pinger.stop();
    const out = events.find((e) => e.type === 'signed-out');
    const reason = out?.type === 'signed-out' ? out.reason : '';
    assert.match(reason, /Sign in to coder\.example\.com through the Coder extension/);
    assert.ok(!reason.includes(refused));
    assert.equal(events.filter((e) => e.type === 'offline').length, 0);
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
  });
});
