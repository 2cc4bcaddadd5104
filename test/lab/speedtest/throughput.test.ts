// Throughput over a real 50 Mbit/s link (tbf both ways) against iperf3 on the same link in the
// same run: plain SSH and the Coder path (fake `coder ssh --stdio` forwarding to the real sshd).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import type { SpeedtestEvent, SpeedtestReport } from '../../../src/diag/speedtest/types';
import { subcommandArgv, loggedInvocations, waitAllDead } from '../../support/processes';
import { coderOptions, LAB_TOOLS, openHandles, sshOptions, TBF_PAYLOAD_SHARE } from '../support-speed/fixture';
import { iperf3Mbits } from '../support-speed/iperf';
import { createLink } from '../support-speed/link';
import type { LabLink } from '../support-speed/link';
import { requireLab } from '../support-speed/sh';
import { startSshd } from '../support-speed/sshd';
import type { LabSshd } from '../support-speed/sshd';

const RATE = 50;

function within(actual: number, reference: number, share: number, what: string): void {
  const off = Math.abs(actual - reference) / reference;
  assert.ok(
    off <= share,
    `${what}: ${actual.toFixed(2)} vs ${reference.toFixed(2)} Mbit/s is ${(off * 100).toFixed(1)}% off (allowed ${share * 100}%)`,
  );
}

describe('lab: SSH speed test on a 50 Mbit/s link, against iperf3', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  let tmp = '';
  const iperf = { download: 0, upload: 0 };

  before(async function () {
    requireLab(LAB_TOOLS);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'wsspd-tp-'));
    link = await createLink('tp');
    await link.shape(RATE);
    sshd = await startSshd(link);
    iperf.download = await iperf3Mbits(link, 3, true);
    iperf.upload = await iperf3Mbits(link, 3, false);
  });

  after(async () => {
    await sshd?.stop();
    await link?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  function checkReport(report: SpeedtestReport, events: SpeedtestEvent[], label: string, streams = 1): void {
    assert.equal(report.error, null, `${label}: ${report.error}`);
    const figures = report.results.map(
      (r) => `${r.direction} ${r.overall.throughput_mbits} (iperf3 ${iperf[r.direction].toFixed(2)})`,
    );
    console.log(
      `      ${label}: ${figures.join(', ')} Mbit/s; RTT idle ${report.latency.idleMs} ms, loaded ${report.latency.loadedMs} ms`,
    );
    assert.deepEqual(
      report.results.map((r) => r.direction),
      ['download', 'upload'],
    );
    for (const r of report.results) {
      assert.equal(r.partial, false);
      assert.equal(r.streams, streams);
      // 50 Mbit/s is nowhere near this machine's CPU limit.
      assert.equal(r.cpuLimited, false);
      within(r.overall.throughput_mbits, iperf[r.direction], 0.05, `${label} ${r.direction} vs iperf3`);
      within(r.overall.throughput_mbits, RATE * TBF_PAYLOAD_SHARE, 0.05, `${label} ${r.direction} vs the shaped rate`);
      // One interval per second, the last possibly a short tail, like the CLI.
      assert.ok(r.intervals.length >= 3 && r.intervals.length <= 4, JSON.stringify(r.intervals));
      assert.deepEqual(
        r.intervals.slice(0, 3).map((i) => [i.start_time_seconds, i.end_time_seconds]),
        [
          [0, 1],
          [1, 2],
          [2, 3],
        ],
      );
      // At least 4 samples a second, live.
      const samples = events.filter((e) => e.type === 'sample' && e.direction === r.direction);
      assert.ok(samples.length >= 4 * 3 - 1, `${samples.length} samples for 3 s`);
      assert.ok(r.loadedLatencyMs !== null);
    }
    assert.ok(report.latency.idleMs !== null && report.latency.loadedMs !== null);
    assert.ok(report.latency.loadedMs > report.latency.idleMs, 'a saturated link queues: loaded RTT is above idle');
    const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    assert.equal(report.remoteOs, 'Linux', `${label}: remote OS unknown; warnings: ${warnings.join(' | ')}`);
  }

  it('plain SSH: download and upload each within 5% of iperf3', async () => {
    assert.ok(sshd);
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      sshOptions(sshd, { directions: ['download', 'upload'] }),
      (e) => events.push(e),
      new AbortController().signal,
    );
    checkReport(report, events, 'ssh');
    assert.equal(report.transport, 'ssh');
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('Coder path (coder ssh --stdio): download and upload each within 5% of iperf3, CLI process gone after', async () => {
    assert.ok(sshd);
    const log = path.join(tmp, 'coder.log');
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      coderOptions(sshd, log, { directions: ['download', 'upload'] }),
      (e) => events.push(e),
      new AbortController().signal,
    );
    checkReport(report, events, 'coder');
    assert.equal(report.transport, 'coder');
    const calls = loggedInvocations(log);
    // One `coder ssh --stdio`, with the login's root flags first and its own network-info folder.
    assert.deepEqual(
      calls.map((c) => subcommandArgv(c).filter((a) => !a.startsWith('/'))),
      [['ssh', '--stdio', '--network-info-dir', 'relayed']],
    );
    assert.deepEqual(calls[0].argv.slice(0, 1), ['--global-config']);
    await waitAllDead(calls.map((c) => c.pid));
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('plain SSH, 4 streams: the summed download and upload each within 5% of iperf3', async () => {
    assert.ok(sshd);
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      sshOptions(sshd, { directions: ['download', 'upload'], streams: 4 }),
      (e) => events.push(e),
      new AbortController().signal,
    );
    checkReport(report, events, 'ssh, 4 streams', 4);
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });

  it('Coder path, 4 streams: 4 channels over one `coder ssh --stdio`, summed within 5% of iperf3, CLI gone after', async () => {
    assert.ok(sshd);
    const log = path.join(tmp, 'coder-streams.log');
    const before = await openHandles();
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      coderOptions(sshd, log, { directions: ['download', 'upload'], streams: 4 }),
      (e) => events.push(e),
      new AbortController().signal,
    );
    checkReport(report, events, 'coder, 4 streams', 4);
    const calls = loggedInvocations(log);
    assert.equal(calls.length, 1, 'one CLI process carries every stream');
    await waitAllDead(calls.map((c) => c.pid));
    assert.deepEqual(await openHandles(), before, 'no socket or process left behind');
  });
});
