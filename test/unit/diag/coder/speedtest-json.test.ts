import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseSpeedtestJson } from '../../../../src/diag/coder/speedtest-json';
import { fixture } from '../../../support/paths';

describe('coder speedtest JSON parser', () => {
  it('reads the overall figure and the intervals', () => {
    const r = parseSpeedtestJson(readFileSync(fixture('speedtest/download.json'), 'utf8'));
    assert.equal(r.overall.throughput_mbits, 412.5);
    assert.equal(r.intervals.length, 6);
    assert.deepEqual(r.intervals[5], { start_time_seconds: 5, end_time_seconds: 5.01, throughput_mbits: 402 });
  });

  it('rejects impossible or missing fields', () => {
    assert.throws(() => parseSpeedtestJson('{"overall":{}}'), /overall.start_time_seconds: expected a number/);
    const bad = '{"overall":{"start_time_seconds":2,"end_time_seconds":1,"throughput_mbits":1},"intervals":[]}';
    assert.throws(() => parseSpeedtestJson(bad), /impossible interval/);
    assert.throws(() => parseSpeedtestJson('{"overall":'), /not valid JSON/);
  });
});
