import assert from 'node:assert/strict';
import type { DiagEvent } from '../../../../src/diag/events';
import { emptyReport, reduce } from '../../../../src/diag/check/report';
import { DEFAULT_THRESHOLDS, applyHostMessage } from '../../../../src/webview/check/model';
import type { PanelModel } from '../../../../src/webview/check/model';

function run(workspace: string, pongs: number): DiagEvent[] {
  const out: DiagEvent[] = [{ type: 'started', workspace, at: '2026-01-01T00:00:00.000Z' }];
  for (let i = 0; i < pongs; i++) {
    out.push(
      i === 3
        ? { type: 'ping', sample: { outcome: 'timeout', atMs: i * 1000 } }
        : {
            type: 'ping',
            sample: {
              outcome: 'pong',
              atMs: i * 1000,
              path: i < 5 ? 'derp' : 'p2p',
              latencyMs: 20 + i,
              derpRegion: 'Paris',
              endpoint: '1.2.3.4:5',
            },
          },
    );
  }
  out.push(
    { type: 'issue', source: 'ping', finding: { id: 'udp-blocked', side: 'client' } },
    { type: 'finished', at: '2026-01-01T00:01:00.000Z' },
  );
  return out;
}

const empty: PanelModel = { report: null, running: false, workspace: null, thresholds: DEFAULT_THRESHOLDS };

/** What the host holds: the same reducer over the same events. */
const hostReport = (events: DiagEvent[]) => events.reduce(reduce, emptyReport('', ''));

describe('connection panel model (the reducer in the panel)', () => {
  it('folds batched events into the same report the host has, whatever the batch sizes', () => {
    const events = run('dev', 40);
    for (const size of [1, 3, 7, 100]) {
      let model = applyHostMessage(empty, { type: 'run-state', running: true, workspace: 'dev' }).model;
      for (let i = 0; i < events.length; i += size)
        model = applyHostMessage(model, { type: 'events', events: events.slice(i, i + size) }).model;
      assert.deepEqual(model.report, hostReport(events), `batches of ${size}`);
      assert.equal(model.report?.path.kind, 'p2p');
      assert.equal(model.report?.pings.timedOut, 1);
    }
  });

  it('starts over when a second run starts in the same panel', () => {
    const first = run('relayed', 10);
    const second = run('direct', 8);
    let model = applyHostMessage(empty, { type: 'events', events: first }).model;
    model = applyHostMessage(model, { type: 'run-state', running: true, workspace: 'direct' }).model;
    model = applyHostMessage(model, { type: 'events', events: second }).model;
    assert.equal(model.report?.workspace, 'direct');
    assert.equal(model.report?.pings.sent, 8);
    assert.deepEqual(model.report, hostReport(second));
  });

  it('takes a snapshot as the whole truth, then applies the events after it', () => {
    const events = run('dev', 12);
    const half = hostReport(events.slice(0, 6));
    let model = applyHostMessage(empty, { type: 'events', events: run('stale', 3) }).model;
    const applied = applyHostMessage(model, {
      type: 'snapshot',
      report: half,
      running: true,
      workspace: 'dev',
      thresholds: { warnMs: 50, errorMs: 90 },
    });
    assert.ok(applied.persistNow);
    model = applied.model;
    assert.deepEqual(model.thresholds, { warnMs: 50, errorMs: 90 });
    model = applyHostMessage(model, { type: 'events', events: events.slice(6) }).model;
    assert.deepEqual(model.report, hostReport(events));
  });

  it('keeps a restored report over an empty snapshot of the same workspace only', () => {
    const restored = hostReport(run('dev', 5));
    const base: PanelModel = { ...empty, report: restored, workspace: 'dev' };
    const same = applyHostMessage(base, {
      type: 'snapshot',
      report: null,
      running: false,
      workspace: 'dev',
      thresholds: DEFAULT_THRESHOLDS,
    }).model;
    assert.equal(same.report, restored);
    const other = applyHostMessage(base, {
      type: 'snapshot',
      report: null,
      running: true,
      workspace: 'other',
      thresholds: DEFAULT_THRESHOLDS,
    }).model;
    assert.equal(other.report, null);
  });

  it('asks to persist when a run finishes, not on every ping', () => {
    const events = run('dev', 5);
    assert.equal(applyHostMessage(empty, { type: 'events', events: events.slice(0, 3) }).persistNow, false);
    assert.equal(applyHostMessage(empty, { type: 'events', events }).persistNow, true);
  });

  it('stays bounded through an hour of pings', () => {
    let model = empty;
    const start: DiagEvent = { type: 'started', workspace: 'dev', at: 'x' };
    model = applyHostMessage(model, { type: 'events', events: [start] }).model;
    for (let batch = 0; batch < 40; batch++) {
      const events: DiagEvent[] = Array.from({ length: 100 }, (_, i) => ({
        type: 'ping',
        sample: { outcome: 'pong', atMs: (batch * 100 + i) * 1000, path: 'p2p', latencyMs: 10 },
      }));
      model = applyHostMessage(model, { type: 'events', events }).model;
    }
    assert.equal(model.report?.pings.sent, 4000);
    assert.equal(model.report?.samples.length, 3600);
  });
});
