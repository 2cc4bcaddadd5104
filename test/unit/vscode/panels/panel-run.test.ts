// The generic run session on its own, with a toy engine: restore, the added last event, and a
// throwing engine that still ends the run with what its spec says.
import assert from 'node:assert/strict';
import { PanelRun } from '../../../../src/vscode/panels/panel-run';
import type { RunSpec } from '../../../../src/vscode/panels/panel-run';

type Ev = { kind: 'step' | 'end' | 'error'; n: number };

function spec(run: RunSpec<number, Ev, number, number>['run']): RunSpec<number, Ev, number, number> {
  return {
    name: 'toy',
    run,
    initial: () => 0,
    fold: (sum, e) => sum + e.n,
    urgent: () => false,
    isLast: (e) => e.kind === 'end',
    lastEvent: (n) => ({ kind: 'end', n }),
    failed: (message) => [{ kind: 'error', n: message.length }],
    describeStart: (o) => `${o} steps`,
    describeEvent: (e) => (e.kind === 'step' ? null : e.kind),
    describeResult: (r) => `result ${r}`,
  };
}

describe('run session (generic)', () => {
  it('folds events, adds the missing last event, and logs start, events and result', async () => {
    const lines: string[] = [];
    const got: Ev[] = [];
    const s = new PanelRun(
      spec(async (steps, emit) => {
        for (let i = 1; i <= steps; i++) emit({ kind: 'step', n: i });
        return 100;
      }),
      { onEvents: (e) => got.push(...e), onRunState: () => undefined, onFinished: () => undefined },
      (l) => lines.push(l),
      5,
    );
    assert.equal(await s.start(3), 100);
    assert.deepEqual(
      got.map((e) => e.kind),
      ['step', 'step', 'step', 'end'],
    );
    assert.equal(s.state, 1 + 2 + 3 + 100);
    assert.equal(s.result, 100);
    assert.deepEqual(lines, ['toy 1: 3 steps', 'toy 1: end', 'toy 1: result 100']);
  });

  it('ends a run whose engine throws with the spec’s events, and restores only when idle', async () => {
    const states: boolean[] = [];
    const got: Ev[] = [];
    const s = new PanelRun(
      spec(() => Promise.reject(new Error('four'))),
      { onEvents: (e) => got.push(...e), onRunState: (r) => states.push(r), onFinished: () => assert.fail() },
      () => undefined,
      5,
    );
    assert.equal(await s.start(1), null);
    assert.deepEqual(got, [{ kind: 'error', n: 4 }]);
    assert.deepEqual(states, [true, false]);
    assert.equal(s.result, null);
    s.restore(42);
    assert.equal(s.state, 42);
  });
});
