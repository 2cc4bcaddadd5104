import assert from 'node:assert/strict';
import type { SpeedtestEvent } from '../../../../src/diag/speedtest/types';
import {
  MAX_POINTS,
  applyEvent,
  chartMaxX,
  emptyView,
  progress,
  viewFromReport,
} from '../../../../src/webview/speedtest/view-model';
import { iv, report, result } from '../../diag/speedtest/report-fixtures';
import { setTranslator } from '../../../../src/diag/l10n';
import { marked } from '../../../support/marked-translator';

const both = { direction: 'both' as const, durationSeconds: 4, compareCli: false, waitForDirect: false };

function samples(direction: 'download' | 'upload', upTo: number, mbits: number): SpeedtestEvent[] {
  const out: SpeedtestEvent[] = [];
  for (let t = 0.25; t <= upTo + 1e-9; t += 0.25)
    out.push({ type: 'sample', direction, tSeconds: t, mbits, bytesTotal: Math.round((t * mbits * 1e6) / 8) });
  return out;
}

describe('speed test view model', () => {
  afterEach(() => setTranslator(null));

  it('follows a run: phases, live points, totals, latency and progress', () => {
    const v = emptyView(both, null, true);
    assert.equal(progress(v), 0);
    applyEvent(v, { type: 'phase', phase: 'connecting', message: 'Connecting to dev' });
    applyEvent(v, { type: 'connected', transport: 'coder', remoteOs: 'Linux' });
    applyEvent(v, { type: 'latency', phase: 'idle', ms: 50 });
    applyEvent(v, { type: 'phase', phase: 'download', message: 'Measuring download for 4 s' });
    for (const e of samples('download', 2, 40)) applyEvent(v, e);
    assert.equal(v.status, 'Measuring download for 4 s');
    assert.equal(v.points.download.length, 8);
    assert.equal(v.latestMbits.download, 40);
    assert.equal(v.bytes.download, 10_000_000);
    // Half of the first of two directions.
    assert.equal(progress(v), 0.25);
    applyEvent(v, { type: 'latency', phase: 'loaded', ms: 70, direction: 'download' });
    applyEvent(v, { type: 'interval', direction: 'download', interval: iv(0, 1, 40) });
    applyEvent(v, { type: 'direction-done', result: result('download', [40, 40, 40, 40]) });
    assert.equal(progress(v), 0.5);
    applyEvent(v, { type: 'phase', phase: 'upload', message: 'Measuring upload for 4 s' });
    for (const e of samples('upload', 1, 10)) applyEvent(v, e);
    assert.equal(progress(v), 0.625);
    assert.equal(v.idleLatencyMs, 50);
    assert.equal(v.loadedLatencyMs, 70);
    applyEvent(v, { type: 'done', report: report() });
    assert.equal(v.running, false);
    assert.equal(progress(v), 1);
    assert.equal(v.status, 'Finished: download 49.40 Mbit/s, upload 21.00 Mbit/s.');
    // Live points are kept; the report does not replace them.
    assert.equal(v.points.download.length, 8);
  });

  it('counts the CLI tunnel runs as steps of the progress', () => {
    const v = emptyView(
      { direction: 'download', durationSeconds: 5, compareCli: true, waitForDirect: false },
      null,
      true,
    );
    applyEvent(v, { type: 'direction-done', result: result('download', [1, 1, 1, 1, 1]) });
    assert.equal(progress(v), 0.5);
    applyEvent(v, { type: 'tunnel', result: { direction: 'download', overall: iv(0, 5, 1) } });
    assert.equal(progress(v), 1);
  });

  it('draws a restored report from its intervals and says how it ended', () => {
    const v = viewFromReport(both, report({ cancelled: true, error: 'Cancelled' }), null);
    assert.deepEqual(v.points.upload.slice(0, 2), [
      { x: 1, y: 20 },
      { x: 2, y: 21 },
    ]);
    assert.match(v.status, /^Cancelled: download 49\.40 Mbit\/s/);
    const failed = viewFromReport(both, report({ results: [], error: 'Authentication failed for dev.' }), null);
    assert.equal(failed.status, 'Failed. Authentication failed for dev.');
  });

  it('bounds the live points and widens the axis for longer runs', () => {
    const v = emptyView(
      { direction: 'download', durationSeconds: 5, compareCli: false, waitForDirect: false },
      null,
      true,
    );
    for (let i = 0; i < MAX_POINTS + 50; i++)
      applyEvent(v, { type: 'sample', direction: 'download', tSeconds: i / 100, mbits: 1, bytesTotal: i });
    assert.equal(v.points.download.length, MAX_POINTS);
    assert.equal(chartMaxX(v), 20);
    assert.equal(chartMaxX(emptyView(both, null)), 4);
  });

  it('follows the path live and keeps it with the finished figures', () => {
    const v = emptyView({ ...both, waitForDirect: true }, null, true);
    const relay = { kind: 'derp' as const, derpRegion: 'Frankfurt', atSeconds: 0.6, latencyMs: 48 };
    applyEvent(v, { type: 'path', change: relay });
    applyEvent(v, {
      type: 'phase',
      phase: 'waiting-direct',
      message: 'Waiting for a direct connection: 3 s of 30 s',
    });
    assert.equal(v.status, 'Waiting for a direct connection: 3 s of 30 s');
    assert.deepEqual(v.path, [relay]);
    const path = {
      source: 'network-info' as const,
      changes: [relay],
      measuredFromSeconds: 31,
      measuredToSeconds: 40,
      note: null,
      directWait: { timeoutSeconds: 30, waitedSeconds: 30, formed: false },
    };
    applyEvent(v, { type: 'done', report: report({ path }) });
    assert.equal(
      v.status,
      'Finished: download 49.40 Mbit/s over DERP Frankfurt, upload 21.00 Mbit/s over DERP Frankfurt.',
    );
    // A report from before paths were kept reads as before.
    assert.equal(viewFromReport(both, report(), null).status, 'Finished: download 49.40 Mbit/s, upload 21.00 Mbit/s.');
    assert.deepEqual(viewFromReport(both, report(), null).path, []);
  });

  it("says every status through the panel's translator, whatever the language", () => {
    // Each text marked, so the test sees which template made which part of a sentence.
    setTranslator(marked);
    assert.equal(emptyView(both, null).status, '«Ready. Choose a direction and duration, then start.»');
    assert.equal(emptyView(both, null, true).status, '«Starting…»');
    const partial = report();
    partial.results[1].partial = true;
    assert.equal(
      viewFromReport(both, partial, null).status,
      '«Finished: «download 49.40 Mbit/s», ««upload 21.00 Mbit/s» (partial)».»',
    );
    assert.equal(viewFromReport(both, report({ results: [], cancelled: true }), null).status, '«Cancelled.»');
    assert.equal(
      viewFromReport(both, report({ error: 'Lost the connection.' }), null).status,
      '«Failed: «download 49.40 Mbit/s», «upload 21.00 Mbit/s». Lost the connection.»',
    );
    assert.equal(viewFromReport(both, report({ results: [] }), null).status, '«Finished.»');
  });
});
