import assert from 'node:assert/strict';
import { waitAtMost } from '../../../src/diag/errors';

describe('waitAtMost', () => {
  it('gives the value when it comes in time', async () => {
    assert.equal(await waitAtMost(Promise.resolve(7), 1000), 7);
  });

  it('gives null after the wait, on a rejection, and on an abort before or during the wait', async () => {
    const never = new Promise<number>(() => undefined);
    const started = Date.now();
    assert.equal(await waitAtMost(never, 50), null);
    assert.ok(Date.now() - started >= 45);
    assert.equal(await waitAtMost(Promise.reject(new Error('no')), 1000), null);
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(await waitAtMost(never, 10_000, aborted.signal), null);
    const later = new AbortController();
    setTimeout(() => later.abort(), 20);
    const t = Date.now();
    assert.equal(await waitAtMost(never, 10_000, later.signal), null);
    assert.ok(Date.now() - t < 5000);
  });
});
