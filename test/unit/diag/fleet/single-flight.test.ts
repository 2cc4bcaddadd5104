// A refresh asked for while one runs joins it; cancel reaches the running one; the next starts afresh.
import assert from 'node:assert/strict';
import { SingleFlight } from '../../../../src/diag/fleet/single-flight';
import { sleep } from '../../../../src/diag/sleep';

describe('SingleFlight', () => {
  it('joins a running refresh, cancels it, and starts a new one afterwards', async () => {
    let runs = 0;
    const flight = new SingleFlight(async (signal) => {
      const n = ++runs;
      await sleep(10_000, signal);
      return `${n}:${signal.aborted ? 'cancelled' : 'done'}`;
    });
    const first = flight.refresh();
    const second = flight.refresh();
    assert.equal(first, second);
    assert.equal(flight.busy, true);
    flight.cancel();
    assert.equal(await first, '1:cancelled');
    assert.equal(flight.busy, false);
    const third = flight.refresh();
    assert.notEqual(third, first);
    flight.cancel();
    assert.equal(await third, '2:cancelled');
    assert.equal(runs, 2);
  });

  it('is free again after a refresh that failed', async () => {
    const flight = new SingleFlight(() => Promise.reject(new Error('no list')));
    await assert.rejects(flight.refresh(), /no list/);
    assert.equal(flight.busy, false);
  });
});
