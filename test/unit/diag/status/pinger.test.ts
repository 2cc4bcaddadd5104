import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LivePinger } from '../../../../src/diag/status/pinger';
import type { StatusEvent } from '../../../../src/diag/status/state';

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
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'cli-missing'); i++)
      await new Promise((r) => setTimeout(r, 10));
    await pinger.stop();
    assert.deepEqual(
      events.map((e) => e.type),
      ['connecting', 'cli-missing'],
    );
  });
});
