// The check panel's run owner against the fake `coder`: restarts, cancels and stops leave no
// process behind.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { DiagEvent } from '../../../../src/diag/events';
import { checkPanelRun } from '../../../../src/vscode/check/check-run';
import type { CheckPanelRun } from '../../../../src/vscode/check/check-run';
import type { LoginRequest } from '../../../../src/diag/coder/login';
import { writeCoderLogin } from '../../../support/coder-login';
import { FAKE_CODER } from '../../../support/paths';
import { loggedInvocations, waitAllDead } from '../../../support/processes';
import { until } from '../../../support/until';

describe('check panel run (fake coder)', function () {
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
});
