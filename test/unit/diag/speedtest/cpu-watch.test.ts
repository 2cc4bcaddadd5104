import assert from 'node:assert/strict';
import { CPU_LIMIT_SHARE, CpuWatch, cpuShare } from '../../../../src/diag/speedtest/cpu-watch';
import type { CpuSampler } from '../../../../src/diag/speedtest/cpu-watch';

/** A sampler and clock the test moves by hand: `busy(ms, cpuMs)` passes wall time and CPU time. */
function handClock(): { sampler: CpuSampler; clock: () => number; busy: (wallMs: number, cpuMs: number) => void } {
  let wall = 1000;
  let user = 5_000_000;
  let system = 700_000;
  return {
    sampler: () => ({ user, system }),
    clock: () => wall,
    busy: (wallMs, cpuMs) => {
      wall += wallMs;
      // Split across user and system, as encryption plus socket writes would be.
      user += Math.round(cpuMs * 700);
      system += Math.round(cpuMs * 300);
    },
  };
}

describe('CPU limit (cpuLimited arithmetic)', () => {
  it('is the CPU time used over the wall time, user plus system, in microseconds over milliseconds', () => {
    assert.equal(cpuShare({ user: 0, system: 0 }, { user: 600_000, system: 300_000 }, 1000), 0.9);
    assert.equal(cpuShare({ user: 100, system: 100 }, { user: 250_100, system: 100 }, 500), 0.5);
    // No time passed, or a clock that went backwards: no share rather than infinity.
    assert.equal(cpuShare({ user: 0, system: 0 }, { user: 10, system: 0 }, 0), 0);
    assert.equal(cpuShare({ user: 0, system: 0 }, { user: 10, system: 0 }, -5), 0);
  });

  it('says 90% of one core or more is the limit, just under is not', () => {
    const c = handClock();
    const watch = new CpuWatch(c.sampler, c.clock);
    assert.equal(watch.share(), null, 'never started');
    watch.start();
    c.busy(3000, 2700);
    assert.ok(Math.abs((watch.share() ?? 0) - 0.9) < 1e-9);
    assert.ok((watch.share() ?? 0) >= CPU_LIMIT_SHARE);

    const d = handClock();
    const under = new CpuWatch(d.sampler, d.clock);
    under.start();
    d.busy(3000, 2690);
    assert.ok((under.share() ?? 1) < CPU_LIMIT_SHARE);
  });

  it('counts only what ran after start', () => {
    const c = handClock();
    const watch = new CpuWatch(c.sampler, c.clock);
    c.busy(10_000, 10_000); // a busy connect before the direction starts
    watch.start();
    c.busy(2000, 200);
    assert.ok(Math.abs((watch.share() ?? 0) - 0.1) < 1e-9);
  });
});
