import * as assert from 'node:assert/strict';
import { BASE_WINDOW, MAX_WINDOW, UNTUNED_WINDOW, windowTarget } from '../../../../src/diag/speedtest/receive-window';

describe('receive window target', () => {
  it('starts at the base window and never shrinks', () => {
    assert.equal(windowTarget(BASE_WINDOW, 0, 0.2), BASE_WINDOW);
    assert.equal(windowTarget(16 * 1024 * 1024, 1000, 0.2), 16 * 1024 * 1024);
  });

  it('grows to four bandwidth-delay products on a long fat link, capped', () => {
    // 1 Gbit/s (125 MB/s) at 50 ms: BDP 6.25 MB, target 25 MB.
    assert.equal(windowTarget(BASE_WINDOW, 125e6, 50), 25_000_000);
    assert.equal(windowTarget(BASE_WINDOW, 10e9, 100), MAX_WINDOW);
    // 50 Mbit/s at 50 ms needs far less than the base.
    assert.equal(windowTarget(BASE_WINDOW, 6.25e6, 50), BASE_WINDOW);
  });

  it('uses a generous fixed window when no round trip could be measured', () => {
    assert.equal(windowTarget(BASE_WINDOW, 1e9, null), UNTUNED_WINDOW);
  });
});
