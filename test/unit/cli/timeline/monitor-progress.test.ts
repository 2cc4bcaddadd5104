// The one-line status `wsdoctor monitor` keeps on a terminal's stderr.
import assert from 'node:assert/strict';
import { monitorProgressLine } from '../../../../src/cli/timeline/monitor-progress';
import type { MonitorProgress } from '../../../../src/diag/timeline/monitor';
import { HOSTILE, TERMINAL_CONTROL } from '../../../support/hostile-text';

const progress = (p: Partial<MonitorProgress>): MonitorProgress => ({
  elapsedMs: 0,
  durationMs: 600_000,
  last: null,
  events: 0,
  diagnoses: 0,
  diagnosing: false,
  ...p,
});

describe('monitor progress line', () => {
  it('never carries terminal controls from a region name', () => {
    const line = monitorProgressLine({
      elapsedMs: 72_000,
      durationMs: 600_000,
      last: { atMs: 0, latencyMs: 48, path: 'derp', derpRegion: HOSTILE },
      events: 1,
      diagnoses: 0,
      diagnosing: true,
    });
    assert.match(line, /^wsdoctor monitor: 1:12 \/ 10:00 · 48 ms · DERP .* · 1 event · diagnosing$/);
    assert.doesNotMatch(line, TERMINAL_CONTROL);
  });

  it('waits for the first ping, then says a lost one, a path without a figure, and an unknown path', () => {
    assert.equal(
      monitorProgressLine(progress({})),
      'wsdoctor monitor: 0:00 / 10:00 · waiting for the first ping · 0 events',
    );
    assert.match(
      monitorProgressLine(progress({ last: { atMs: 0, latencyMs: null, path: 'derp', derpRegion: null, lost: true } })),
      / · ping lost · /,
    );
    assert.match(
      monitorProgressLine(progress({ last: { atMs: 0, latencyMs: null, path: 'coder-connect', derpRegion: null } })),
      / · Coder Connect · /,
    );
    assert.match(
      monitorProgressLine(progress({ last: { atMs: 0, latencyMs: 0.4, path: 'unknown', derpRegion: null } })),
      / · <1 ms · unknown path · /,
    );
  });

  it('stops the clock at the duration, and counts events and diagnoses in words', () => {
    assert.equal(
      monitorProgressLine(progress({ elapsedMs: 700_000, events: 2, diagnoses: 1 })),
      'wsdoctor monitor: 10:00 / 10:00 · waiting for the first ping · 2 events · 1 diagnosis',
    );
    assert.match(monitorProgressLine(progress({ diagnoses: 3 })), / · 3 diagnoses$/);
    assert.match(monitorProgressLine(progress({ diagnoses: 3, diagnosing: true })), / · diagnosing$/);
  });
});
