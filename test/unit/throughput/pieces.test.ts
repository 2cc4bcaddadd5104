import * as assert from 'node:assert/strict';
import { speedtestExitCode } from '../../../src/cli/speedtest-command';
import { BASE_WINDOW, MAX_WINDOW, UNTUNED_WINDOW, windowTarget } from '../../../src/diag/throughput/receive-window';
import { classifyOsProbe, downloadCommand } from '../../../src/diag/throughput/remote';
import { median } from '../../../src/diag/throughput/stats';
import { describeTarget, parseTarget } from '../../../src/diag/throughput/target';
import { speedtestText } from '../../../src/diag/throughput/text';
import type { SpeedtestReport } from '../../../src/diag/throughput/types';

describe('speed test target', () => {
  it('reads ssh:// addresses with user, host, port, and IPv6', () => {
    assert.deepEqual(parseTarget('ssh://ann@box.lab:2222', 'coder'), {
      ok: true,
      target: { kind: 'ssh', host: 'box.lab', port: 2222, username: 'ann' },
    });
    assert.deepEqual(parseTarget('ssh://ann@[fd00::2]:22', 'coder'), {
      ok: true,
      target: { kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' },
    });
    const noPort = parseTarget('ssh://ann@box.lab', 'coder');
    assert.ok(noPort.ok && noPort.target.kind === 'ssh' && noPort.target.port === 22);
    assert.equal(describeTarget({ kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' }), 'ssh://ann@[fd00::2]:22');
  });

  it('refuses passwords, paths, other schemes and flag-like workspace names', () => {
    for (const bad of ['ssh://ann:secret@box', 'ssh://box/path', 'http://box', '-rf', 'ssh://ann@box:99999', '']) {
      const r = parseTarget(bad, 'coder');
      assert.equal(r.ok, false, bad);
    }
  });

  it('takes anything else as a Coder workspace', () => {
    assert.deepEqual(parseTarget('alice/dev.main', '/bin/coder'), {
      ok: true,
      target: { kind: 'coder', workspace: 'alice/dev.main', coderPath: '/bin/coder', globalArgs: [] },
    });
  });
});

describe('receive window target', () => {
  it('starts at the base window and never shrinks', () => {
    assert.equal(windowTarget(BASE_WINDOW, 0, 0.2), BASE_WINDOW);
    assert.equal(windowTarget(16 * 1024 * 1024, 1000, 0.2), 16 * 1024 * 1024);
  });

  it('grows to four bandwidth-delay products on a long fat link, capped', () => {
    // 1 Gbit/s (125 MB/s) at 50 ms: BDP 6.25 MB, target 25 MB.
    assert.equal(windowTarget(BASE_WINDOW, 125e6, 50), 25_000_000);
    assert.equal(windowTarget(BASE_WINDOW, 10e9, 100), MAX_WINDOW);
    // 50 Mbit/s at 50 ms needs far less than the base.
    assert.equal(windowTarget(BASE_WINDOW, 6.25e6, 50), BASE_WINDOW);
  });

  it('uses a generous fixed window when no round trip could be measured', () => {
    assert.equal(windowTarget(BASE_WINDOW, 1e9, null), UNTUNED_WINDOW);
  });
});

describe('remote system probe', () => {
  const out = (code: number | null, stdout: string, stderr = '') => ({ code, stdout, stderr, timedOut: false });
  it('recognises POSIX systems by uname', () => {
    assert.deepEqual(classifyOsProbe(out(0, 'Linux\n')), { kind: 'posix', name: 'Linux' });
    assert.deepEqual(classifyOsProbe(out(0, 'Darwin\r\n')), { kind: 'posix', name: 'Darwin' });
  });
  it('recognises Windows shells by their not-found message', () => {
    assert.deepEqual(
      classifyOsProbe(
        out(
          1,
          '',
          "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        ),
      ),
      { kind: 'windows' },
    );
    assert.deepEqual(
      classifyOsProbe(out(1, '', "uname : The term 'uname' is not recognized as the name of a cmdlet")),
      { kind: 'windows' },
    );
  });
  it('leaves anything else unknown, with what it saw', () => {
    const r = classifyOsProbe(out(127, '', 'sh: uname: not found'));
    assert.equal(r.kind, 'unknown');
    assert.match(r.kind === 'unknown' ? r.detail : '', /not found/);
  });
  it('asks for enough bytes that head never ends a download first', () => {
    const n = Number(/head -c (\d+) \/dev\/zero/.exec(downloadCommand(5))?.[1]);
    // 20 Gbit/s for the run and its margins.
    assert.ok(n >= 5 * 2.5e9);
  });
});

describe('speed test report presentation', () => {
  const report = (over: Partial<SpeedtestReport>): SpeedtestReport => ({
    target: 'dev',
    transport: 'coder',
    startedAt: '',
    finishedAt: '',
    durationSeconds: 5,
    remoteOs: 'Linux',
    results: [],
    latency: { idleMs: 50.1, loadedMs: 80.4, increaseMs: 30.3, idleSamples: 7, loadedSamples: 20 },
    tunnel: [],
    error: null,
    cancelled: false,
    ...over,
  });
  const full = {
    direction: 'download' as const,
    overall: { start_time_seconds: 0, end_time_seconds: 5.02, throughput_mbits: 47.81 },
    intervals: [
      { start_time_seconds: 0, end_time_seconds: 1, throughput_mbits: 47.9 },
      { start_time_seconds: 1, end_time_seconds: 1.5, throughput_mbits: 8 },
    ],
    partial: false,
    bytes: 30_000_000,
    loadedLatencyMs: 80.4,
  };

  it('prints an iperf-like table: interval, transfer, bandwidth', () => {
    const text = speedtestText(report({ results: [full] }));
    assert.match(text, /INTERVAL\s+TRANSFER\s+BANDWIDTH/);
    // 8 Mbit/s for half a second is 0.5 MB = 0.48 MiB.
    assert.match(text, /1\.00-1\.50 sec\s+0\.48 MBytes\s+8\.00 Mbits\/sec/);
    assert.match(text, /0\.00-5\.02 sec.*47\.81 Mbits\/sec\s+overall/);
    assert.match(text, /Latency: idle 50\.1 ms, under load 80\.4 ms \(\+30\.3 ms\)/);
  });

  it('shows a few-millisecond tail to the millisecond rather than as 5.00-5.00', () => {
    const tail = { ...full, intervals: [{ start_time_seconds: 5, end_time_seconds: 5.004, throughput_mbits: 40 }] };
    assert.match(speedtestText(report({ results: [tail] })), /5\.00-5\.004 sec/);
  });

  it('exits 0 when everything ran, 1 when partial, 2 when nothing moved', () => {
    assert.equal(speedtestExitCode(report({ results: [full] })), 0);
    assert.equal(speedtestExitCode(report({ results: [{ ...full, partial: true }], error: 'link dropped' })), 1);
    assert.equal(speedtestExitCode(report({ results: [], error: 'Connection refused' })), 2);
    assert.equal(speedtestExitCode(report({ results: [{ ...full, bytes: 0, partial: true }], error: 'Windows' })), 2);
  });

  it('takes the middle of round-trip samples', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([]), null);
  });
});
