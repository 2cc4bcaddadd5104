import assert from 'node:assert/strict';
import {
  MAX_RESULTS_PER_TARGET,
  MAX_TARGETS,
  addToHistory,
  isComparable,
  readHistory,
  resultsFor,
} from '../../../../src/diag/speedtest/history';
import type { SpeedtestHistory } from '../../../../src/diag/speedtest/history';
import { parseSpeedtestReport } from '../../../../src/diag/wire/speedtest-report';
import { report, result } from './report-fixtures';

const at = (i: number): string => new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();

describe('speed test history', () => {
  it('keeps the last 20 results per target, newest last', () => {
    let h: SpeedtestHistory = {};
    for (let i = 0; i < 25; i++) h = addToHistory(h, report({ startedAt: at(i), finishedAt: at(i) }));
    h = addToHistory(h, report({ target: 'ssh://me@host:22', transport: 'ssh' }));
    const dev = resultsFor(h, 'dev');
    assert.equal(dev.length, MAX_RESULTS_PER_TARGET);
    assert.equal(dev[0].startedAt, at(5));
    assert.equal(dev[dev.length - 1].startedAt, at(24));
    assert.equal(resultsFor(h, 'ssh://me@host:22').length, 1);
    assert.deepEqual(resultsFor(h, 'constructor'), []);
  });

  it('drops the stalest targets beyond the limit, never the one just written', () => {
    let h: SpeedtestHistory = {};
    for (let i = 0; i < MAX_TARGETS; i++) h = addToHistory(h, report({ target: `ws${i}`, finishedAt: at(i + 10) }));
    // An old timestamp on the newest write must not get it evicted.
    h = addToHistory(h, report({ target: 'late', finishedAt: at(0) }));
    assert.equal(Object.keys(h).length, MAX_TARGETS);
    assert.equal(resultsFor(h, 'ws0').length, 0);
    assert.equal(resultsFor(h, 'late').length, 1);
    assert.equal(resultsFor(h, 'ws1').length, 1);
  });

  it('reads stored data defensively', () => {
    assert.deepEqual(readHistory(undefined, parseSpeedtestReport), {});
    assert.deepEqual(readHistory([report()], parseSpeedtestReport), {});
    const stored = {
      dev: [report(), { target: 'dev', results: 'lots' }, report({ target: 'other' })],
      broken: 'x',
      empty: [],
    };
    const h = readHistory(JSON.parse(JSON.stringify(stored)), parseSpeedtestReport);
    assert.deepEqual(Object.keys(h), ['dev']);
    assert.equal(h.dev.length, 1);
  });

  it('keeps only runs that measured something and were not cancelled', () => {
    assert.equal(isComparable(report()), true);
    assert.equal(isComparable(report({ cancelled: true })), false);
    assert.equal(
      isComparable(report({ error: 'The link dropped', results: [result('download', [5, 0], { partial: true })] })),
      true,
    );
    assert.equal(isComparable(report({ results: [], error: 'Authentication failed' })), false);
    assert.equal(isComparable(report({ results: [result('download', [], { bytes: 0 })] })), false);
  });
});
