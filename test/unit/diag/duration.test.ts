import assert from 'node:assert/strict';
import { parseGoDuration } from '../../../src/diag/duration';

describe('parseGoDuration', () => {
  const cases: Array<[string, number]> = [
    ['0s', 0],
    ['0', 0],
    ['850µs', 0.85],
    ['850μs', 0.85],
    ['850us', 0.85],
    ['1500ns', 0.0015],
    ['42ms', 42],
    ['1.204s', 1204],
    ['.5s', 500],
    ['1m2.5s', 62_500],
    ['6m12s', 372_000],
    ['1h2m3s', 3_723_000],
    ['2h45m0.5s', 9_900_500],
    ['-1.5s', -1500],
    ['+3ms', 3],
    ['  11s  ', 11_000],
  ];
  for (const [text, ms] of cases) {
    it(`${JSON.stringify(text)} is ${ms} ms`, () => assert.equal(parseGoDuration(text), ms));
  }

  const invalid = [
    '',
    '-',
    '+',
    's',
    '5',
    '1.2.3s',
    '5 ms',
    '5sec',
    '5S',
    'ms5',
    '1m-2s',
    '..5s',
    'fast',
    '1e3ms',
    'NaNs',
    `${'9'.repeat(400)}s`,
  ];
  for (const text of invalid) {
    it(`${JSON.stringify(text.slice(0, 20))} is not a duration`, () => assert.equal(parseGoDuration(text), null));
  }
});
