// Which path a speed test ran over, through the fake `coder ssh --stdio` to a real sshd: the CLI's
// network-info file names a DERP region, p2p, or an upgrade during the run; --direct waits for p2p
// and, when none forms, says so and measures over the relay; an old CLI falls back to `coder ping`.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarizePath } from '../../../src/diag/present/speedtest-path';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import { speedtestText } from '../../../src/diag/present/speedtest-text';
import type { SpeedtestEvent, SpeedtestOptions, SpeedtestReport } from '../../../src/diag/speedtest/types';
import { subcommandArgv, loggedInvocations, waitAllDead } from '../../support/processes';
import { coderOptions, LAB_TOOLS, openHandles } from '../support-speed/fixture';
import { createLink } from '../support-speed/link';
import type { LabLink } from '../support-speed/link';
import { requireLab } from '../support-speed/sh';
import { startSshd } from '../support-speed/sshd';
import type { LabSshd } from '../support-speed/sshd';

describe('lab: the speed test records its path through coder ssh --stdio', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  let tmp = '';

  before(async function () {
    requireLab(LAB_TOOLS);
    link = await createLink('path');
    await link.shape(50);
    sshd = await startSshd(link);
  });

  after(async () => {
    await sshd?.stop();
    await link?.destroy();
  });

  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'wsspd-path-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** Runs a Coder speed test with the fake CLI's path set by `fakeEnv`; checks it cleaned up. */
  async function measure(
    fakeEnv: Record<string, string>,
    over: Partial<SpeedtestOptions> = {},
  ): Promise<{ report: SpeedtestReport; events: SpeedtestEvent[]; log: string }> {
    assert.ok(sshd);
    const log = path.join(tmp, 'coder.log');
    const options = coderOptions(sshd, log, over);
    options.env = { ...options.env, FAKE_CODER_NETINFO_MS: '500', ...fakeEnv };
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(options, (e) => events.push(e), new AbortController().signal);
    const calls = loggedInvocations(log);
    await waitAllDead(calls.map((c) => c.pid));
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
    // The private network-info folders are gone.
    for (const c of calls) {
      const at = c.argv.indexOf('--network-info-dir');
      if (at !== -1) assert.equal(existsSync(c.argv[at + 1]), false, c.argv[at + 1]);
    }
    return { report, events, log };
  }

  it('a relayed connection: the DERP region, in the report, the events and the text', async () => {
    const { report, events, log } = await measure({ FAKE_CODER_SSH_PATH: 'derp:Frankfurt' });
    assert.equal(report.error, null);
    assert.ok(report.results[0].bytes > 0);
    assert.equal(report.path?.source, 'network-info');
    assert.deepEqual(
      report.path?.changes.map((c) => [c.kind, c.derpRegion, c.latencyMs]),
      [['derp', 'Frankfurt', 48.7]],
    );
    assert.ok(events.some((e) => e.type === 'path' && e.change.derpRegion === 'Frankfurt'));
    assert.match(speedtestText(report), /^Download: \d+\.\d\d Mbits\/sec over DERP Frankfurt$/m);
    const ssh = loggedInvocations(log).filter((c) => c.command === 'ssh');
    assert.equal(ssh.length, 1);
    assert.deepEqual(subcommandArgv(ssh[0]).slice(0, 3), ['ssh', '--stdio', '--network-info-dir']);
    assert.equal(ssh[0].argv[0], '--global-config', "the login's root flags come first");
  });

  it('a direct connection', async () => {
    const { report } = await measure({ FAKE_CODER_SSH_PATH: 'p2p' });
    assert.equal(report.error, null);
    assert.deepEqual(summarizePath(report.path), { label: 'direct (p2p)', changed: false, details: [] });
  });

  it('Coder Connect is its own path', async () => {
    const { report } = await measure({ FAKE_CODER_SSH_PATH: 'coder-connect' });
    assert.equal(summarizePath(report.path)?.label, 'over Coder Connect');
    assert.equal(report.path?.changes[0].latencyMs, null);
  });

  it('an upgrade from DERP to p2p during the transfers is reported as a change', async () => {
    const { report } = await measure(
      { FAKE_CODER_SSH_PATH: 'upgrade-after:4s' },
      { directions: ['download', 'upload'], durationSeconds: 4 },
    );
    assert.equal(report.error, null);
    const summary = summarizePath(report.path);
    assert.ok(summary);
    assert.equal(summary.changed, true, JSON.stringify(report.path));
    assert.match(summary.label, /^over DERP Frankfurt, then direct \(p2p\) after \d+(\.\d)? s$/);
    const [relay, direct] = report.path?.changes ?? [];
    assert.ok(direct.atSeconds >= 4 && direct.atSeconds < 6, JSON.stringify(report.path));
    assert.ok(relay.atSeconds < 2);
  });

  it('--direct: waits, shows progress, and on timeout says so and measures over the relay', async () => {
    const { report, events } = await measure({ FAKE_CODER_SSH_PATH: 'derp:Frankfurt' }, { waitForDirectMs: 3000 });
    const waiting = events.filter((e) => e.type === 'phase' && e.phase === 'waiting-direct');
    assert.ok(waiting.length >= 2, JSON.stringify(waiting));
    assert.ok(
      waiting.some(
        (e) =>
          e.type === 'phase' &&
          /^Waiting for a direct connection: \d s of 3 s, now over DERP Frankfurt$/.test(e.message),
      ),
    );
    assert.ok(
      events.some(
        (e) =>
          e.type === 'warning' &&
          e.message === 'No direct connection formed within 3 s: measuring over DERP Frankfurt instead.',
      ),
    );
    assert.equal(report.path?.directWait?.formed, false);
    assert.ok((report.path?.directWait?.waitedSeconds ?? 0) >= 3);
    assert.ok((report.path?.measuredFromSeconds ?? 0) >= 3);
    assert.ok(report.results[0].bytes > 0, 'measured anyway');
    assert.match(speedtestText(report), /No direct connection formed within 3 s: measured over the relay instead\./);
  });

  it('--direct: a direct connection that forms in time is waited for, then measured', async () => {
    const { report } = await measure({ FAKE_CODER_SSH_PATH: 'upgrade-after:2s' }, { waitForDirectMs: 10_000 });
    const wait = report.path?.directWait;
    assert.equal(wait?.formed, true);
    assert.ok(wait && wait.waitedSeconds > 0 && wait.waitedSeconds < 4, JSON.stringify(wait));
    assert.equal(summarizePath(report.path)?.label, 'direct (p2p)');
  });

  it('an old CLI without --network-info-dir: asked again without it, path from coder ping', async () => {
    const { report, events, log } = await measure({ FAKE_CODER_VERSION: 'old', FAKE_CODER_SSH_PATH: 'p2p' });
    assert.equal(report.error, null);
    assert.ok(report.results[0].bytes > 0);
    assert.equal(report.path?.source, 'ping');
    // The "relayed" workspace's recorded pings go through DERP Frankfurt.
    assert.equal(summarizePath(report.path)?.label, 'over DERP Frankfurt');
    assert.ok(events.some((e) => e.type === 'warning' && /no --network-info-dir/.test(e.message)));
    const argv = loggedInvocations(log).map((c) => subcommandArgv(c).join(' '));
    assert.deepEqual(
      argv
        .filter((a) => a.startsWith('ssh'))
        .map((a) => a.replace(/--network-info-dir \S+ /, '--network-info-dir DIR ')),
      ['ssh --stdio --network-info-dir DIR relayed', 'ssh --stdio relayed'],
    );
    assert.deepEqual(
      argv.filter((a) => a.startsWith('ping')),
      ['ping -n 1 relayed', 'ping -n 1 relayed'],
    );
  });
});
