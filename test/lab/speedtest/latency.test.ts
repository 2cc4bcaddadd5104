// Latency under load through a user-space relay that adds 25 ms each way (no netem here), on a
// 50 Mbit/s tbf link: the idle round trip reads 50 ms, and the loaded one is higher.
import * as assert from 'node:assert/strict';
import { runSpeedtest } from '../../../src/diag/speedtest/speedtest';
import type { SpeedtestEvent } from '../../../src/diag/speedtest/types';
import { LAB_TOOLS, sshOptions, startDelayRelay } from '../support-speed/fixture';
import { createLink } from '../support-speed/link';
import type { LabLink } from '../support-speed/link';
import { requireLab } from '../support-speed/sh';
import { startSshd } from '../support-speed/sshd';
import type { LabSshd } from '../support-speed/sshd';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

describe('lab: latency under load through a 25 ms each-way delay', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  let relay: { port: number; stop: () => Promise<void> } | undefined;

  before(async function () {
    requireLab(LAB_TOOLS);
    link = await createLink('lat');
    await link.shape(50);
    sshd = await startSshd(link);
    relay = await startDelayRelay(sshd.host, sshd.port, 25);
  });

  after(async () => {
    await relay?.stop();
    await sshd?.stop();
    await link?.destroy();
  });

  it('reports idle RTT 50 ± 3 ms and a higher loaded RTT, per direction and overall', async () => {
    assert.ok(sshd && relay);
    // The client talks to the relay; the host key is the same server's, under the relay's address.
    const knownHosts = path.join(sshd.dir, 'known_hosts_relay');
    writeFileSync(knownHosts, `[127.0.0.1]:${relay.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}\n`);
    const events: SpeedtestEvent[] = [];
    const report = await runSpeedtest(
      sshOptions(sshd, {
        target: { kind: 'ssh', host: '127.0.0.1', port: relay.port, username: 'root' },
        knownHostsFiles: [knownHosts],
        directions: ['download', 'upload'],
      }),
      (e) => events.push(e),
      new AbortController().signal,
    );
    assert.equal(report.error, null, report.error ?? '');
    const per = report.results.map(
      (r) => `${r.direction} ${r.loadedLatencyMs} ms at ${r.overall.throughput_mbits} Mbit/s`,
    );
    console.log(`      RTT idle ${report.latency.idleMs} ms, loaded ${report.latency.loadedMs} ms (${per.join(', ')})`);
    const idle = report.latency.idleMs;
    assert.ok(idle !== null && Math.abs(idle - 50) <= 3, `idle RTT ${idle} ms, expected 50 ± 3`);
    assert.ok(report.latency.idleSamples >= 5);
    // Every idle sample was live too, after the discarded first one.
    assert.equal(events.filter((e) => e.type === 'latency' && e.phase === 'idle').length, report.latency.idleSamples);
    const loaded = report.latency.loadedMs;
    assert.ok(loaded !== null && loaded > idle, `loaded RTT ${loaded} ms should exceed idle ${idle} ms`);
    assert.equal(report.latency.increaseMs, Math.round((loaded - idle) * 100) / 100);
    for (const r of report.results) {
      assert.ok(r.loadedLatencyMs !== null && r.loadedLatencyMs > idle, `${r.direction}: ${r.loadedLatencyMs}`);
      // The delay must not cost throughput: the window covers 50 Mbit/s x 50 ms easily.
      assert.ok(r.overall.throughput_mbits > 40, `${r.direction}: ${r.overall.throughput_mbits} Mbit/s`);
    }
  });
});

describe('lab: receive window tuning on a long, fast path (50 ms RTT, unshaped)', function () {
  let link: LabLink | undefined;
  let sshd: LabSshd | undefined;
  let relay: { port: number; stop: () => Promise<void> } | undefined;

  before(async function () {
    requireLab(LAB_TOOLS);
    link = await createLink('win');
    sshd = await startSshd(link);
    relay = await startDelayRelay(sshd.host, sshd.port, 25);
  });

  after(async () => {
    await relay?.stop();
    await sshd?.stop();
    await link?.destroy();
  });

  it("downloads faster than ssh2's default 2 MiB window could ever allow at this RTT", async () => {
    assert.ok(sshd && relay);
    const knownHosts = path.join(sshd.dir, 'known_hosts_relay');
    writeFileSync(knownHosts, `[127.0.0.1]:${relay.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}\n`);
    const report = await runSpeedtest(
      sshOptions(sshd, {
        target: { kind: 'ssh', host: '127.0.0.1', port: relay.port, username: 'root' },
        knownHostsFiles: [knownHosts],
        durationSeconds: 4,
      }),
      () => undefined,
      new AbortController().signal,
    );
    assert.equal(report.error, null, report.error ?? '');
    const rtt = report.latency.idleMs;
    assert.ok(rtt !== null && rtt > 45, `idle RTT ${rtt}`);
    // At most one 2 MiB window per round trip is the ceiling of an untuned ssh2 channel.
    const ceiling = (2 * 1024 * 1024 * 8) / 1e6 / (rtt / 1000);
    const got = report.results[0].overall.throughput_mbits;
    console.log(`      ${got} Mbit/s at ${rtt} ms RTT; untuned ceiling ${ceiling.toFixed(0)} Mbit/s`);
    assert.ok(got > 1.2 * ceiling, `${got} Mbit/s is not above the untuned ceiling ${ceiling.toFixed(0)} Mbit/s`);
  });
  it("uploads past one channel's window with 4 streams, where 1 stream cannot", async () => {
    assert.ok(sshd && relay);
    const knownHosts = path.join(sshd.dir, 'known_hosts_relay');
    writeFileSync(knownHosts, `[127.0.0.1]:${relay.port} ssh-ed25519 ${sshd.hostKey.toString('base64')}\n`);
    const upload = async (streams: number): Promise<{ mbits: number; rtt: number }> => {
      const report = await runSpeedtest(
        sshOptions(sshd!, {
          target: { kind: 'ssh', host: '127.0.0.1', port: relay!.port, username: 'root' },
          knownHostsFiles: [knownHosts],
          directions: ['upload'],
          durationSeconds: 4,
          streams,
        }),
        () => undefined,
        new AbortController().signal,
      );
      assert.equal(report.error, null, report.error ?? '');
      assert.equal(report.results[0].streams, streams);
      return { mbits: report.results[0].overall.throughput_mbits, rtt: report.latency.idleMs ?? 0 };
    };
    const one = await upload(1);
    const four = await upload(4);
    // sshd grants a 2 MiB window per channel: one stream moves at most that per round trip.
    const ceiling = (2 * 1024 * 1024 * 8) / 1e6 / (Math.max(one.rtt, four.rtt) / 1000);
    console.log(
      `      upload at ${one.rtt} ms RTT: 1 stream ${one.mbits} Mbit/s, 4 streams ${four.mbits} Mbit/s; one-window ceiling ${ceiling.toFixed(0)} Mbit/s`,
    );
    assert.ok(one.rtt > 45 && four.rtt > 45, `RTT ${one.rtt} / ${four.rtt} ms`);
    assert.ok(one.mbits <= ceiling * 1.05, `1 stream ${one.mbits} Mbit/s is above the one-window ceiling`);
    assert.ok(
      four.mbits > 2 * ceiling,
      `4 streams ${four.mbits} Mbit/s is not well above one window's ${ceiling.toFixed(0)}`,
    );
    assert.ok(four.mbits > 2 * one.mbits, `4 streams ${four.mbits} vs 1 stream ${one.mbits} Mbit/s`);
  });
});
