// How the speed test ends when things go wrong on a real link: the link cut mid-test (iptables
// DROP), a cancel, an unreachable host, a refused key, a stopped workspace. Each ends within its
// timeout, keeps the samples taken so far (marked partial), says what happened, and leaves no
// socket or process behind.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import type { SpeedtestEvent } from '../../../src/diag/speedtest/types';
import { writeCoderLogin } from '../../support/coder-login';
import { FAKE_CODER } from '../../support/paths';
import { loggedInvocations, waitAllDead } from '../../support/processes';
import { coderOptions, LAB_TOOLS, openHandles, sshOptions } from '../support-speed/fixture';
import { createLink } from '../support-speed/link';
import type { LabLink } from '../support-speed/link';
import { requireLab, run } from '../support-speed/sh';
import { startSshd } from '../support-speed/sshd';
import type { LabSshd } from '../support-speed/sshd';

const STALL_MS = 2000;

describe('lab: speed test failures end cleanly', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  let tmp = '';

  beforeEach(async function () {
    requireLab(LAB_TOOLS);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wsspd-fail-'));
    // A fresh link per test: a cut one stays cut.
    link = await createLink('fail');
    await link.shape(50);
    sshd = await startSshd(link);
  });

  afterEach(async () => {
    await sshd?.stop();
    await link?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Cuts the link once the first full second of `direction` has been measured. */
  function cutAfterFirstInterval(events: SpeedtestEvent[], direction: string): (e: SpeedtestEvent) => void {
    let cut = false;
    return (e) => {
      events.push(e);
      if (!cut && e.type === 'interval' && e.direction === direction) {
        cut = true;
        void link?.cut();
      }
    };
  }

  it('plain SSH, link cut during the download: partial result, clear error, within its timeout', async () => {
    assert.ok(sshd);
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const started = performance.now();
    const options = sshOptions(sshd, {
      durationSeconds: 6,
      stallTimeoutMs: STALL_MS,
      directions: ['download', 'upload'],
    });
    const report = await runSpeedtest(options, cutAfterFirstInterval(events, 'download'), new AbortController().signal);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(report.results.length, 1, 'the upload is not attempted on a dead link');
    const r = report.results[0];
    assert.equal(r.partial, true);
    assert.match(r.error ?? '', /No data moved for \d+\.\d s during the download: the link appears to have dropped/);
    assert.equal(report.error, r.error);
    // The samples so far are kept: at least the full first second, at about 48 Mbit/s.
    assert.ok(r.intervals.length >= 1 && r.intervals[0].throughput_mbits > 40, JSON.stringify(r.intervals));
    assert.ok(r.overall.end_time_seconds < 6);
    // Bound: the planned run, the stall timeout, the channel-close wait and the teardown.
    assert.ok(seconds < 6 + STALL_MS / 1000 + 2 + 5, `took ${seconds.toFixed(1)} s`);
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('Coder path, link cut during the upload: partial result, CLI process ended', async () => {
    assert.ok(sshd);
    const log = path.join(tmp, 'coder.log');
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const options = coderOptions(sshd, log, { durationSeconds: 6, stallTimeoutMs: STALL_MS, directions: ['upload'] });
    const report = await runSpeedtest(options, cutAfterFirstInterval(events, 'upload'), new AbortController().signal);
    const r = report.results[0];
    assert.equal(r.partial, true);
    assert.match(r.error ?? '', /No data moved .* during the upload: the link appears to have dropped/);
    assert.ok(r.intervals.length >= 1 && r.intervals[0].throughput_mbits > 40, JSON.stringify(r.intervals));
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('cancel mid-test: partial figures, "Cancelled", CLI process ended', async () => {
    assert.ok(sshd);
    const log = path.join(tmp, 'coder.log');
    const before = await openHandles();
    const controller = new AbortController();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      coderOptions(sshd, log, { durationSeconds: 6, directions: ['download', 'upload'] }),
      (e) => {
        events.push(e);
        if (e.type === 'interval' && e.interval.end_time_seconds === 2) controller.abort();
      },
      controller.signal,
    );
    assert.equal(report.cancelled, true);
    assert.match(report.error ?? '', /^Cancelled/);
    assert.equal(report.results.length, 1);
    assert.equal(report.results[0].partial, true);
    assert.ok(report.results[0].overall.end_time_seconds >= 2 && report.results[0].overall.end_time_seconds < 6);
    assert.equal(events[events.length - 1].type, 'done');
    await waitAllDead(loggedInvocations(log).map((c) => c.pid));
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('unreachable host and refused port: clear errors, nothing measured', async () => {
    assert.ok(sshd && link);
    const refused = await runSpeedtest(
      sshOptions(sshd, { target: { kind: 'ssh', host: sshd.host, port: 2299, username: 'root' } }),
      () => undefined,
      new AbortController().signal,
    );
    assert.match(refused.error ?? '', /Connection refused by .*:2299: is the SSH server running/);
    assert.deepEqual(refused.results, []);
    await link.cut();
    const silent = await runSpeedtest(
      sshOptions(sshd, { connectTimeoutMs: 2000 }),
      () => undefined,
      new AbortController().signal,
    );
    assert.match(silent.error ?? '', /No answer from .* within 2 s: check the address, VPN or firewall/);
  });

  it('wrong key: authentication failure that names what was tried', async () => {
    assert.ok(sshd);
    const other = path.join(tmp, 'other_key');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const report = await runSpeedtest(
      sshOptions(sshd, { identityFile: other, env: { ...process.env, SSH_AUTH_SOCK: '' } }),
      () => undefined,
      new AbortController().signal,
    );
    assert.match(report.error ?? '', /Authentication failed for ssh:\/\/root@.* \(tried key .*other_key\)/);
  });

  it("a stopped workspace: the CLI's message and how to start it", async () => {
    const log = path.join(tmp, 'coder.log');
    const report = await runSpeedtest(
      {
        target: {
          kind: 'coder',
          workspace: 'stopped',
          coderPath: FAKE_CODER,
          globalArgs: ['--global-config', writeCoderLogin(path.join(tmp, 'login'))],
        },
        directions: ['download'],
        durationSeconds: 2,
        env: { ...process.env, FAKE_CODER_LOG: log },
      },
      () => undefined,
      new AbortController().signal,
    );
    assert.match(
      report.error ?? '',
      /coder ssh --stdio stopped` exited with code 1: error: workspace "stopped" is stopped/,
    );
    assert.match(report.error ?? '', /coder start/);
    assert.deepEqual(report.results, []);
  });
});
