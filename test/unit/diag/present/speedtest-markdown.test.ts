import assert from 'node:assert/strict';
import { compareRows, intervalRow, intervalRows, latencySummary } from '../../../../src/diag/present/speedtest-rows';
import { speedtestToMarkdown } from '../../../../src/diag/present/speedtest-markdown';
import { HOSTILE, iv, report, result } from '../speedtest/report-fixtures';

describe('speed test rows (the CLI table)', () => {
  it('prints interval, transfer (Mbit/s x seconds) and bandwidth like the CLI', () => {
    assert.deepEqual(intervalRow(iv(0, 1, 630.7404)), {
      interval: '0.00-1.00 sec',
      transfer: '630.74 Mbit',
      bandwidth: '630.74 Mbit/s',
    });
    // A short tail: the transfer is the bandwidth times its 0.02 s.
    assert.deepEqual(intervalRow(iv(5, 5.02, 828.8189)), {
      interval: '5.00-5.02 sec',
      transfer: '16.58 Mbit',
      bandwidth: '828.82 Mbit/s',
    });
    const { rows, overall } = intervalRows(result('download', [48, 50]));
    assert.equal(rows.length, 2);
    assert.deepEqual(overall, { interval: '0.00-2.00 sec', transfer: '98.00 Mbit', bandwidth: '49.00 Mbit/s' });
  });

  it('compares with an earlier run in percent and milliseconds', () => {
    const before = report({
      results: [result('download', [38, 38, 38, 38, 38])],
      latency: { idleMs: 48, loadedMs: 90, increaseMs: 42, idleSamples: 7, loadedSamples: 9 },
    });
    const rows = compareRows(report(), before);
    assert.deepEqual(rows[0], { label: 'Download', now: '49.40 Mbit/s', before: '38.00 Mbit/s', change: '+30%' });
    assert.deepEqual(rows[1], { label: 'Upload', now: '21.00 Mbit/s', before: '–', change: '' });
    assert.deepEqual(rows[2], { label: 'Idle latency', now: '50.2 ms', before: '48.0 ms', change: '+2.2 ms' });
    assert.deepEqual(rows[3], { label: 'Loaded latency', now: '71.4 ms', before: '90.0 ms', change: '−18.6 ms' });
  });

  it('sums up latency under load', () => {
    assert.equal(latencySummary(report()), 'Idle 50.2 ms, loaded 71.4 ms, +21.2 ms under load');
    assert.equal(
      latencySummary(
        report({ latency: { idleMs: null, loadedMs: null, increaseMs: null, idleSamples: 0, loadedSamples: 0 } }),
      ),
      'No round trips were measured.',
    );
  });
});

describe('speed test Markdown', () => {
  it('has the summary, latency, every interval and the overall row', () => {
    const md = speedtestToMarkdown(report());
    assert.match(md, /^# Speed test: dev$/m);
    assert.match(md, /^\| Download \| 49\.40 Mbit\/s \| 30\.9 MB \| 61\.5 ms \|$/m);
    assert.match(md, /^- Increase: \+21\.2 ms$/m);
    assert.match(md, /^## Download$/m);
    assert.match(md, /^\| 4\.00-5\.00 sec \| 50\.00 Mbit \| 50\.00 Mbit\/s \|$/m);
    assert.match(md, /^\| \*\*0\.00-5\.00 sec\*\* \| \*\*247\.00 Mbit\*\* \| \*\*49\.40 Mbit\/s\*\* \|$/m);
    assert.doesNotMatch(md, /previous run/);
  });

  it('shows the CLI tunnel figure and the comparison when present', () => {
    const r = report({
      tunnel: [
        { direction: 'download', overall: iv(0, 5.02, 51.2) },
        { direction: 'upload', error: 'coder speedtest: not supported' },
      ],
    });
    const md = speedtestToMarkdown(r, report({ startedAt: '2025-11-24T09:00:00.000Z' }));
    assert.match(md, /^\| Download \| 51\.20 Mbit\/s \| 49\.40 Mbit\/s \|$/m);
    assert.match(md, /^\| Upload \| coder speedtest: not supported \| 21\.00 Mbit\/s \|$/m);
    assert.match(md, /^## Compared with the previous run \(2025-11-24T09:00:00\.000Z\)$/m);
    assert.match(md, /^\| Download \| 49\.40 Mbit\/s \| 49\.40 Mbit\/s \| ±0% \|$/m);
  });

  it('marks partial and cancelled runs and escapes untrusted text', () => {
    const r = report({
      target: HOSTILE,
      cancelled: true,
      error: `link dropped\n# injected heading | ${HOSTILE}`,
      results: [result('download', [10, 12], { partial: true, error: 'stalled <b>' })],
    });
    const md = speedtestToMarkdown(r);
    assert.match(md, /Cancelled before the end/);
    assert.match(md, /^## Download \(partial\)$/m);
    assert.doesNotMatch(md, /<img|<b>/);
    assert.doesNotMatch(md, /^# injected/m);
    assert.match(md, /&lt;img src=x onerror=alert\(1\)&gt; \\\| \\`rm\\` \\\*bold\\\*/);
  });
});
