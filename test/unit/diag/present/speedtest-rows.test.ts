import assert from 'node:assert/strict';
import { speedtestToMarkdown } from '../../../../src/diag/present/speedtest-markdown';
import { cpuLimitNote, formatRate, resultNotes, streamsNote } from '../../../../src/diag/present/speedtest-rows';
import { speedtestText } from '../../../../src/diag/present/speedtest-text';
import type { DirectionResult } from '../../../../src/diag/speedtest/types';
import { parseSpeedtestReport } from '../../../../src/diag/wire/speedtest-report';
import { report, result } from '../speedtest/report-fixtures';

describe('speed test notes: streams and the CPU limit', () => {
  const limited = result('upload', [2300, 2300], { streams: 4, cpuLimited: true });
  const plain = result('download', [48, 50]);

  it('says a CPU-bound figure is a lower bound, in the unit a person reads', () => {
    assert.equal(cpuLimitNote(limited), "at least 2.3 Gbit/s: this machine's CPU was the limit");
    assert.equal(
      cpuLimitNote(result('upload', [48], { cpuLimited: true })),
      "at least 48.0 Mbit/s: this machine's CPU was the limit",
    );
    assert.equal(cpuLimitNote(plain), null);
    assert.equal(cpuLimitNote(result('upload', [48], { cpuLimited: false })), null);
    assert.equal(formatRate(999.94), '999.9 Mbit/s');
    assert.equal(formatRate(1000), '1.0 Gbit/s');
  });

  it('says how many streams were summed, and nothing for one (or an older report)', () => {
    assert.equal(streamsNote(limited), '4 streams, summed');
    assert.equal(streamsNote(result('upload', [1], { streams: 1 })), null);
    assert.equal(streamsNote(plain), null);
    assert.deepEqual(resultNotes(limited), [
      '4 streams, summed',
      "at least 2.3 Gbit/s: this machine's CPU was the limit",
    ]);
    assert.deepEqual(resultNotes(plain), []);
  });

  it('appear in the text and the Markdown under their direction only', () => {
    const r = report({ results: [plain, limited] });
    const text = speedtestText(r);
    const upload = text.slice(text.indexOf('Upload'));
    assert.match(upload, /Note: 4 streams, summed\nNote: at least 2\.3 Gbit\/s: this machine's CPU was the limit/);
    assert.doesNotMatch(text.slice(0, text.indexOf('Upload')), /streams|CPU/);
    const md = speedtestToMarkdown(r);
    assert.match(
      md,
      /## Upload[\s\S]*> 4 streams, summed\n\n> at least 2\.3 Gbit\/s: this machine's CPU was the limit/,
    );
    assert.doesNotMatch(md.slice(0, md.indexOf('## Upload')), /streams, summed|CPU was the limit/);
  });
});

describe('speed test report shape: streams and cpuLimited', () => {
  it('keeps valid figures, reads older reports without them, and refuses nonsense', () => {
    const ok = parseSpeedtestReport(report({ results: [result('upload', [900], { streams: 4, cpuLimited: true })] }));
    assert.equal(ok?.results[0].streams, 4);
    assert.equal(ok?.results[0].cpuLimited, true);
    assert.ok(parseSpeedtestReport(report({ results: [result('upload', [900])] })), 'a report from before streams');
    for (const bad of [{ streams: 0 }, { streams: 2.5 }, { streams: '4' }, { cpuLimited: 'yes' }]) {
      const r = report({ results: [{ ...result('upload', [900]), ...bad } as DirectionResult] });
      assert.equal(parseSpeedtestReport(r)?.results.length ?? 0, 0, JSON.stringify(bad));
    }
  });
});
