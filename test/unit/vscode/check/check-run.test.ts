// The panel's run owner and the status pinger against the fake `coder`: restarts, cancels and
// stops leave no process behind.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DiagEvent } from '../../../../src/diag/events';
import { LivePinger } from '../../../../src/diag/status/pinger';
import type { StatusEvent } from '../../../../src/diag/status/state';
import { checkPanelRun } from '../../../../src/vscode/check/check-run';
import type { CheckPanelRun } from '../../../../src/vscode/check/check-run';
import type { CoderCall, LoginRequest } from '../../../../src/diag/coder/login';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';
import { loggedInvocations, waitAllDead } from '../../../support/processes';
import { until } from '../../../support/until';

describe('check session and status pinger (fake coder)', function () {
  this.timeout(30_000);
  let dir: string;
  let log: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-session-'));
    log = path.join(dir, 'invocations.jsonl');
    env = {
      ...process.env,
      FAKE_CODER_LOG: log,
      FAKE_CODER_LINE_MS: '5',
      CODER_CONFIG_DIR: writeCoderLogin(path.join(dir, 'login')),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The CLI's own login (CODER_CONFIG_DIR), as a user of `coder login` has it. */
  const cliSession = (): LoginRequest => ({ pick: { kind: 'auto' }, coderPath: FAKE_CODER, storageDirs: [], env });
  /** The fake coder with that login, as the status pinger gets it. */
  const fakeCli = (coderPath: string = FAKE_CODER): CoderCall => ({
    path: coderPath,
    globalArgs: ['--global-config', env.CODER_CONFIG_DIR ?? ''],
    env,
    deployment: null,
    secrets: [],
  });

  function session(): { s: CheckPanelRun; batches: DiagEvent[][]; states: [boolean, string | null][] } {
    const batches: DiagEvent[][] = [];
    const states: [boolean, string | null][] = [];
    const s: CheckPanelRun = checkPanelRun(
      {
        onEvents: (e) => batches.push(e),
        onRunState: (r) => states.push([r, s.state?.workspace ?? null]),
        onFinished: () => undefined,
      },
      { batchMs: 10 },
    );
    return { s, batches, states };
  }

  it('runs a check, batches its events from `started` to `finished`, and keeps the report', async () => {
    const { s, batches, states } = session();
    const report = await s.start({ workspace: 'relayed', session: cliSession(), pingCount: 4, local: false });
    const events = batches.flat();
    assert.equal(events[0].type, 'started');
    assert.equal(events[events.length - 1].type, 'finished');
    assert.ok(batches.length < events.length, 'events are batched');
    assert.equal(report?.path.kind, 'derp');
    assert.deepEqual(s.state, report);
    assert.deepEqual(states, [
      [true, 'relayed'],
      [false, 'relayed'],
    ]);
    assert.equal(s.running, false);
  });

  it('restarts cleanly: the first run is cancelled and its processes are gone', async () => {
    const { s, batches } = session();
    const first = s.start({ workspace: 'hangs', session: cliSession(), pingCount: 4, local: false });
    await until('the hanging ping to start', () => loggedInvocations(log).some((i) => i.command === 'ping'));
    const hanging = loggedInvocations(log)
      .filter((i) => i.command === 'ping')
      .map((i) => i.pid);
    const second = await s.start({ workspace: 'direct', session: cliSession(), pingCount: 4, local: false });
    const firstReport = await first;
    assert.ok(
      firstReport?.sources.some((src) => src.source === 'ping' && !src.ok && /cancelled/.test(src.error ?? '')),
      JSON.stringify(firstReport?.sources),
    );
    await waitAllDead(hanging);
    assert.equal(second?.workspace, 'direct');
    assert.equal(second?.path.kind, 'p2p');
    const starts = batches.flat().filter((e) => e.type === 'started');
    assert.deepEqual(
      starts.map((e) => (e.type === 'started' ? e.workspace : '')),
      ['hangs', 'direct'],
    );
    assert.equal(s.state?.workspace, 'direct');
  });

  it('dispose cancels a running check and kills its processes', async () => {
    const { s } = session();
    const run = s.start({ workspace: 'hangs', session: cliSession(), pingCount: 4, local: false });
    await until('the ping to start', () => loggedInvocations(log).some((i) => i.command === 'ping'));
    await s.dispose();
    await run;
    await waitAllDead(loggedInvocations(log).map((i) => i.pid));
    assert.equal(s.running, false);
  });

  it('the pinger streams samples from one long-lived ping and its stop kills it', async () => {
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

  it('the pinger restarts a CLI that stops, one at a time, and reports a stopped workspace as offline', async () => {
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

  it('the pinger says a refused login needs a sign-in, naming the deployment, without the token', async () => {
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

  it('the pinger says the CLI is missing when it cannot start it', async () => {
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: fakeCli(path.join(dir, 'no-such-coder')),
      workspace: 'dev',
      waitSeconds: 1,
      restartDelayMs: 10_000,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    await until('cli-missing', () => events.some((e) => e.type === 'cli-missing'));
    await pinger.stop();
  });
});
