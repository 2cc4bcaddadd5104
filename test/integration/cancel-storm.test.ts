// 100 cancels of a running check (in-process, against the fake coder) leave no process behind:
// every `coder` child the runs started is gone once the cancelled runs have resolved.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../src/diag/check/check';
import type { DiagEvent } from '../../src/diag/events';
import { writeCoderLogin } from '../support/coder-login';
import { FAKE_CODER } from '../support/paths';
import { isAlive, loggedInvocations, waitAllDead } from '../support/processes';

const RUNS = 100;
const BATCH = 20;

describe('cancel storm', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-storm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it(`${RUNS} cancelled checks, ${BATCH} at a time, leave 0 processes`, async () => {
    const log = path.join(dir, 'invocations.jsonl');
    const loginDir = writeCoderLogin(path.join(dir, 'login'));
    const env = { PATH: process.env.PATH, HOME: dir, FAKE_CODER_LOG: log, FAKE_CODER_LINE_MS: '5' };
    let cancelledWhilePinging = 0;
    const one = async (i: number): Promise<void> => {
      const controller = new AbortController();
      const events: DiagEvent[] = [];
      const done = runCheck(
        {
          // A ping that never ends by itself: only the cancel stops it.
          workspace: 'looping',
          session: { pick: { kind: 'folder', dir: loginDir }, coderPath: FAKE_CODER, storageDirs: [], env },
          pingCount: 1000,
          local: false,
        },
        (e) => events.push(e),
        controller.signal,
      );
      // Cancel at different stages: mostly while the ping runs, some while the CLI is still being found.
      const pinging = new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (events.some((e) => e.type === 'raw') || i % 10 === 0) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
      await pinging;
      if (events.some((e) => e.type === 'raw')) cancelledWhilePinging++;
      controller.abort();
      await done;
    };
    const started = Date.now();
    for (let b = 0; b < RUNS; b += BATCH) await Promise.all(Array.from({ length: BATCH }, (_, k) => one(b + k)));
    const pings = loggedInvocations(log).filter((c) => c.command === 'ping');
    const pids = loggedInvocations(log).map((c) => c.pid);
    // Settled means gone: runCheck resolves only after its children have exited.
    const left = pids.filter(isAlive);
    await waitAllDead(pids, 5000);
    console.log(
      `      ${RUNS} cancels in ${Date.now() - started} ms: ${pids.length} coder processes started ` +
        `(${pings.length} pings, ${cancelledWhilePinging} cancelled mid-ping), ${left.length} alive when the runs resolved, 0 left`,
    );
    assert.ok(cancelledWhilePinging >= RUNS / 2, `only ${cancelledWhilePinging} runs were cancelled mid-ping`);
    assert.equal(left.length, 0, `alive after resolve: ${left.join(', ')}`);
  });
});
