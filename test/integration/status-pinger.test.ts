// The status pinger against the fake coder: a `coder ping` that answers once and then hangs is
// seen as silent (status unknown) and restarted, and nothing is left running when it stops.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveCoderCli } from '../../src/diag/coder/login';
import { LivePinger, pingSilenceMs } from '../../src/diag/status/pinger';
import type { StatusEvent } from '../../src/diag/status/state';
import { writeCoderLogin } from '../support/coder-login';
import { FAKE_CODER } from '../support/paths';
import { loggedInvocations, waitAllDead } from '../support/processes';
import { until } from '../support/until';

describe('status pinger: a CLI that goes silent', function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wsd-pinger-it-'));
    log = path.join(dir, 'invocations.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits three pings, at least 15 s, before calling a ping silent', () => {
    assert.equal(pingSilenceMs(1), 15_000);
    assert.equal(pingSilenceMs(5), 15_000);
    assert.equal(pingSilenceMs(10), 30_000);
  });

  it('reports unknown after the silence, restarts the ping, and leaves no process', async () => {
    const resolved = await resolveCoderCli({
      pick: { kind: 'folder', dir: writeCoderLogin(path.join(dir, 'login')) },
      coderPath: FAKE_CODER,
      storageDirs: [],
      env: { PATH: process.env.PATH, HOME: dir, FAKE_CODER_LOG: log, FAKE_CODER_LINE_MS: '1' },
    });
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.error);
    const events: StatusEvent[] = [];
    const pinger = new LivePinger({
      cli: resolved.cli,
      workspace: 'hangs',
      waitSeconds: 1,
      silenceMs: 1500,
      restartDelayMs: 200,
      onEvent: (e) => events.push(e),
    });
    pinger.start();
    const pings = () => loggedInvocations(log).filter((c) => c.command === 'ping');
    try {
      await until('a second ping after the silence', () => pings().length >= 2, 20_000);
    } finally {
      await pinger.stop();
    }
    const types = events.map((e) => e.type);
    const firstUnknown = types.indexOf('unknown');
    assert.ok(types.indexOf('sample') !== -1 && types.indexOf('sample') < firstUnknown, types.join(','));
    assert.equal(types[firstUnknown + 1], 'connecting', 'the ping is restarted after the silence');
    const unknown = events[firstUnknown];
    assert.match(unknown.type === 'unknown' ? unknown.reason : '', /printed nothing for 2 s/);
    // No 'offline' or failure: a silent CLI says nothing about the workspace.
    assert.equal(types.includes('offline'), false, types.join(','));
    await waitAllDead(pings().map((p) => p.pid));
  });
});
