// Speed test history in the extension's globalState: runs that measured something are kept per
// target, and what comes back from storage is checked and cleaned of tokens again.
import assert from 'node:assert/strict';
import type { SpeedtestReport } from '../../../../src/diag/speedtest/types';
import { HISTORY_KEY, SpeedtestHistoryStore } from '../../../../src/vscode/speedtest/history-store';
import { TEST_TOKEN } from '../../../support/coder-login';
import { MemoryMemento } from '../../../support/memory-memento';
import { emptySpeedtestSample, fullSpeedtestSample, previousSpeedtestSample } from '../../diag/present/report-samples';

describe('speed test history store', () => {
  const finished = (r: SpeedtestReport, startedAt: string): SpeedtestReport => ({ ...r, cancelled: false, startedAt });

  it('keeps runs per target across restarts, and gives back the newest ones oldest first', async () => {
    const state = new MemoryMemento();
    const store = new SpeedtestHistoryStore(state.memento);
    const first = finished(previousSpeedtestSample(), '2025-11-24T09:00:00.000Z');
    const second = finished(previousSpeedtestSample(), '2025-11-25T09:00:00.000Z');
    const third = finished(previousSpeedtestSample(), '2025-11-26T09:00:00.000Z');
    for (const r of [first, second, third]) await store.add(r);
    const reopened = new SpeedtestHistoryStore(state.memento);
    assert.deepEqual(
      reopened.recent(first.target, 2).map((r) => r.startedAt),
      [second.startedAt, third.startedAt],
    );
    assert.deepEqual(reopened.recent('ssh://someone@else:22', 5), []);
  });

  it('keeps no run that measured nothing or was cancelled', async () => {
    const state = new MemoryMemento();
    const store = new SpeedtestHistoryStore(state.memento);
    await store.add(emptySpeedtestSample());
    const cancelled = fullSpeedtestSample();
    assert.equal(cancelled.cancelled, true);
    await store.add(cancelled);
    assert.equal(state.get(HISTORY_KEY), undefined);
  });

  it('drops stored entries that are not reports, and redacts a token an older version kept', async () => {
    const state = new MemoryMemento();
    const leaky = {
      ...finished(previousSpeedtestSample(), '2025-11-24T09:00:00.000Z'),
      error: `refused ${TEST_TOKEN}`,
    };
    await state.update(HISTORY_KEY, { [leaky.target]: [leaky, { target: leaky.target, results: 'nope' }] });
    const runs = new SpeedtestHistoryStore(state.memento).recent(leaky.target, 10);
    assert.equal(runs.length, 1);
    assert.match(runs[0].error ?? '', /^refused /);
    assert.ok(!JSON.stringify(runs).includes(TEST_TOKEN));
  });
});
