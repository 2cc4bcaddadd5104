// The fleet's concurrency limiter: never more than N tasks at once, a deadline per task, one cancel for all.
import assert from 'node:assert/strict';
import { runLimited, stoppedBy } from '../../../../src/diag/fleet/limiter';
import { sleep } from '../../../../src/diag/sleep';

/** A task that takes `ms` unless its signal aborts first, counting how many run at once. */
function counter() {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const task = async (ms: number, signal: AbortSignal, index: number): Promise<number> => {
    started.push(index);
    most = Math.max(most, ++running);
    try {
      await sleep(ms, signal);
      return ms;
    } finally {
      running--;
    }
  };
  return { task, most: () => most, started, running: () => running };
}

describe('runLimited', () => {
  it('runs at most N at once, keeps every slot busy, and returns outcomes in input order', async () => {
    const c = counter();
    const items = [30, 10, 20, 10, 40, 10, 10, 20, 10, 30];
    const t0 = Date.now();
    const outcomes = await runLimited(items, c.task, {
      concurrency: 3,
      deadlineMs: 5000,
      signal: new AbortController().signal,
    });
    assert.equal(c.most(), 3);
    assert.deepEqual(
      outcomes.map((o) => (o.ok ? o.value : null)),
      items,
    );
    assert.deepEqual(c.started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 190 ms of work over 3 slots: under the 190 ms one slot would take.
    assert.ok(Date.now() - t0 < 180, `took ${Date.now() - t0} ms`);
  });

  it('never starts more tasks than there are items, and takes a concurrency below 1 as 1', async () => {
    const c = counter();
    await runLimited([5, 5], c.task, { concurrency: 10, deadlineMs: 1000, signal: new AbortController().signal });
    assert.equal(c.most(), 2);
    const d = counter();
    await runLimited([5, 5, 5], d.task, { concurrency: 0, deadlineMs: 1000, signal: new AbortController().signal });
    assert.equal(d.most(), 1);
  });

  it('aborts a task at its deadline, frees its slot, and tells the task why', async () => {
    const why: (string | null)[] = [];
    const outcomes = await runLimited(
      [10_000, 10],
      async (ms, signal) => {
        await sleep(ms, signal);
        why.push(stoppedBy(signal));
        if (signal.aborted) throw new Error('stopped');
        return ms;
      },
      { concurrency: 1, deadlineMs: 50, signal: new AbortController().signal },
    );
    assert.deepEqual(why, ['deadline', null]);
    const [slow, fast] = outcomes;
    assert.equal(slow.ok, false);
    assert.equal(!slow.ok && slow.timedOut, true);
    assert.equal(!slow.ok && slow.cancelled, false);
    assert.match(!slow.ok ? slow.error.message : '', /longer than 50 ms/);
    assert.deepEqual(fast, { ok: true, value: 10 });
  });

  it('keeps what a task returns after its deadline (a partial figure)', async () => {
    const [outcome] = await runLimited(
      ['x'],
      async (_item, signal) => {
        await sleep(10_000, signal);
        return `partial (${stoppedBy(signal)})`;
      },
      { concurrency: 1, deadlineMs: 20, signal: new AbortController().signal },
    );
    assert.deepEqual(outcome, { ok: true, value: 'partial (deadline)' });
  });

  it('cancels running tasks at once and starts no more', async () => {
    const c = counter();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const t0 = Date.now();
    const outcomes = await runLimited([10_000, 10_000, 10_000, 10_000], c.task, {
      concurrency: 2,
      deadlineMs: 60_000,
      signal: controller.signal,
    });
    assert.ok(Date.now() - t0 < 500, `took ${Date.now() - t0} ms`);
    assert.deepEqual(c.started, [0, 1]);
    assert.equal(c.running(), 0);
    // The running ones resolved after the abort (keeping their value); the others never started.
    assert.deepEqual(outcomes.slice(2), [
      { ok: false, error: new Error('cancelled before it started'), timedOut: false, cancelled: true },
      { ok: false, error: new Error('cancelled before it started'), timedOut: false, cancelled: true },
    ]);
  });

  it('turns a task that throws into a failed outcome without stopping the others', async () => {
    const outcomes = await runLimited(
      [1, 2, 3],
      async (n) => {
        if (n === 2) throw new Error('boom');
        return n;
      },
      { concurrency: 2, deadlineMs: 1000, signal: new AbortController().signal },
    );
    assert.deepEqual(outcomes[0], { ok: true, value: 1 });
    assert.deepEqual(outcomes[1], { ok: false, error: new Error('boom'), timedOut: false, cancelled: false });
    assert.deepEqual(outcomes[2], { ok: true, value: 3 });
  });
});
