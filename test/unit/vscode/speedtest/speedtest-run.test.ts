import assert from 'node:assert/strict';
import type {
  SpeedtestEmit,
  SpeedtestEvent,
  SpeedtestOptions,
  SpeedtestReport,
} from '../../../../src/diag/speedtest/types';
import { speedtestPanelRun } from '../../../../src/vscode/speedtest/speedtest-run';
import { report } from '../../diag/speedtest/report-fixtures';

const options: SpeedtestOptions = {
  target: { kind: 'ssh', host: '127.0.0.1', port: 22, username: 'me' },
  directions: ['download'],
  durationSeconds: 1,
};

interface Recorder {
  batches: SpeedtestEvent[][];
  states: boolean[];
  finished: SpeedtestReport[];
}

function recorder(): Recorder & { listener: Parameters<typeof speedtestPanelRun>[1] } {
  const r: Recorder = { batches: [], states: [], finished: [] };
  return {
    ...r,
    listener: {
      onEvents: (e) => r.batches.push(e),
      onRunState: (s) => r.states.push(s),
      onFinished: (rep) => r.finished.push(rep),
    },
  };
}

/** An engine that emits samples until aborted, then reports cancelled, like runSpeedtest. */
function endlessRun(started: AbortSignal[], emitted: SpeedtestEmit[]) {
  return (_o: SpeedtestOptions, emit: SpeedtestEmit, signal: AbortSignal): Promise<SpeedtestReport> => {
    started.push(signal);
    emitted.push(emit);
    emit({ type: 'phase', phase: 'download', message: 'Measuring download' });
    return new Promise((resolve) => {
      let t = 0;
      const timer = setInterval(
        () => emit({ type: 'sample', direction: 'download', tSeconds: (t += 0.25), mbits: 10, bytesTotal: t * 1e6 }),
        5,
      );
      signal.addEventListener('abort', () => {
        clearInterval(timer);
        const rep = report({ cancelled: true, error: 'Cancelled' });
        emit({ type: 'done', report: rep });
        resolve(rep);
      });
    });
  };
}

describe('speed test panel session', () => {
  it('forwards events in order, in batches, and reports the end', async () => {
    const rec = recorder();
    const run = async (_o: SpeedtestOptions, emit: SpeedtestEmit): Promise<SpeedtestReport> => {
      emit({ type: 'phase', phase: 'connecting', message: 'Connecting' });
      for (let i = 1; i <= 8; i++)
        emit({ type: 'sample', direction: 'download', tSeconds: i / 4, mbits: i, bytesTotal: i * 1000 });
      const rep = report();
      emit({ type: 'done', report: rep });
      return rep;
    };
    const s = speedtestPanelRun(run, rec.listener);
    await s.start(options);
    const all = rec.batches.flat();
    assert.deepEqual(
      all.map((e) => e.type),
      ['phase', ...new Array(8).fill('sample'), 'done'],
    );
    // The samples did not go one message each.
    assert.ok(rec.batches.length < all.length, `${rec.batches.length} batches for ${all.length} events`);
    assert.deepEqual(rec.states, [true, false]);
    assert.equal(rec.finished.length, 1);
    assert.equal(s.running, false);
    assert.equal(s.state!.length, 10);
    assert.equal(s.result?.target, 'dev');
  });

  it('adds a done event when the engine returns without one', async () => {
    const rec = recorder();
    const s = speedtestPanelRun(async () => report({ error: 'x' }), rec.listener);
    await s.start(options);
    assert.deepEqual(
      rec.batches.flat().map((e) => e.type),
      ['done'],
    );
  });

  it('a new start cancels the running one, waits for it, and ignores what it emits afterwards', async () => {
    const rec = recorder();
    const signals: AbortSignal[] = [];
    const emits: SpeedtestEmit[] = [];
    const s = speedtestPanelRun(endlessRun(signals, emits), rec.listener);
    const first = s.start(options);
    await new Promise((r) => setTimeout(r, 30));
    const second = s.start(options);
    await first;
    assert.equal(signals[0].aborted, true);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(signals.length, 2);
    const keptBefore = s.state!.length;
    emits[0]({ type: 'warning', message: 'late event from the first run' });
    assert.equal(s.state!.length, keptBefore);
    assert.ok(s.state!.every((e) => e.type !== 'warning'));
    await s.dispose();
    await second;
    assert.equal(signals[1].aborted, true);
    assert.equal(s.running, false);
  });

  it('of several starts queued behind a running test, only the newest runs', async () => {
    const rec = recorder();
    const signals: AbortSignal[] = [];
    const s = speedtestPanelRun(endlessRun(signals, []), rec.listener);
    const a = s.start(options);
    await new Promise((r) => setTimeout(r, 10));
    const b = s.start(options);
    const c = s.start(options);
    await Promise.all([a, b]);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(signals.length, 2, 'the middle start must not run');
    await s.dispose();
    await c;
  });

  it('survives an engine that rejects, and says so in the log', async () => {
    const rec = recorder();
    const lines: string[] = [];
    const s = speedtestPanelRun(
      () => Promise.reject(new Error('boom')),
      rec.listener,
      (l) => lines.push(l),
    );
    await s.start(options);
    assert.deepEqual(rec.states, [true, false]);
    assert.equal(s.running, false);
    assert.match(lines.join('\n'), /boom/);
  });
});
