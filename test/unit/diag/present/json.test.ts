// The two JSON documents `wsdoctor` prints: both versioned, and the speed test's built by its own
// presenter with exactly the documented fields, whatever the internal report carries.
import assert from 'node:assert/strict';
import { CHECK_SCHEMA_VERSION, toJsonReport } from '../../../../src/diag/present/json';
import { SPEEDTEST_SCHEMA_VERSION, toSpeedtestJson } from '../../../../src/diag/present/speedtest-report-json';
import { reduceAll } from '../../../../src/diag/check/report';
import { iv, report, result } from '../speedtest/report-fixtures';

describe('JSON documents', () => {
  it('the check report starts with schemaVersion 1', () => {
    const doc = toJsonReport(reduceAll([{ type: 'finished', at: 'x' }], 'dev'));
    assert.equal(CHECK_SCHEMA_VERSION, 1);
    assert.equal(Object.keys(doc)[0], 'schemaVersion');
    assert.equal(doc.schemaVersion, 1);
  });

  it('the speed test document has schemaVersion 1 and exactly the documented fields', () => {
    const doc = toSpeedtestJson(
      report({
        results: [result('download', [48, 50], { partial: true, error: 'link dropped' })],
        tunnel: [{ direction: 'download', overall: iv(0, 5, 40), intervals: [iv(0, 5, 40)] }],
        path: {
          source: 'network-info',
          changes: [{ kind: 'derp', derpRegion: 'Frankfurt', atSeconds: 0.4, latencyMs: 48 }],
          measuredFromSeconds: 1,
          measuredToSeconds: 6,
          note: null,
          directWait: { timeoutSeconds: 30, waitedSeconds: 30, formed: false },
        },
      }),
    );
    assert.equal(SPEEDTEST_SCHEMA_VERSION, 1);
    assert.deepEqual(Object.keys(doc), [
      'schemaVersion',
      'target',
      'transport',
      'startedAt',
      'finishedAt',
      'durationSeconds',
      'remoteOs',
      'results',
      'latency',
      'tunnel',
      'path',
      'error',
      'cancelled',
    ]);
    const [r] = doc.results as Record<string, unknown>[];
    assert.deepEqual(Object.keys(r), [
      'direction',
      'overall',
      'intervals',
      'partial',
      'bytes',
      'loadedLatencyMs',
      'streams',
      'cpuLimited',
      'error',
    ]);
    assert.equal(r.error, 'link dropped');
    // A report from before parallel streams reads as one stream, not CPU-limited.
    assert.equal(r.streams, 1);
    assert.equal(r.cpuLimited, false);
    const parallel = toSpeedtestJson(report({ results: [result('upload', [900], { streams: 4, cpuLimited: true })] }));
    const [p] = parallel.results as Record<string, unknown>[];
    assert.equal(p.streams, 4);
    assert.equal(p.cpuLimited, true);
    assert.deepEqual(doc.tunnel, [
      { direction: 'download', overall: iv(0, 5, 40), intervals: [iv(0, 5, 40)], error: null },
    ]);
    assert.deepEqual(doc.path, {
      source: 'network-info',
      changes: [{ kind: 'derp', derpRegion: 'Frankfurt', atSeconds: 0.4, latencyMs: 48 }],
      measuredFromSeconds: 1,
      measuredToSeconds: 6,
      note: null,
      directWait: { timeoutSeconds: 30, waitedSeconds: 30, formed: false },
    });
  });

  it('absent optional parts are null, never missing, and internal extras do not leak', () => {
    const internal = {
      ...report({ results: [result('upload', [10])], tunnel: [{ direction: 'upload', error: 'no speedtest' }] }),
      secretState: 'internal',
    };
    delete internal.path;
    const doc = toSpeedtestJson(internal);
    assert.equal(doc.path, null);
    assert.equal((doc.results as Record<string, unknown>[])[0].error, null);
    assert.deepEqual(doc.tunnel, [{ direction: 'upload', overall: null, intervals: [], error: 'no speedtest' }]);
    assert.equal(JSON.stringify(doc).includes('secretState'), false);
  });
});
