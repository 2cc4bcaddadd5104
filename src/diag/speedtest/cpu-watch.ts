// Whether this machine's CPU bounded a direction's figure: the speed test encrypts on the main
// thread, so when that thread was busy for (nearly) the whole direction, the link may carry more
// than we measured and the figure is a lower bound.
import { performance } from 'node:perf_hooks';

/** CPU time used so far, in microseconds, like `process.cpuUsage()`. */
export type CpuSampler = () => { user: number; system: number };

/** At or above this share of one core for a whole direction, the CPU was the limit. */
export const CPU_LIMIT_SHARE = 0.9;

/**
 * The main thread's CPU time where Node can tell it apart (`process.threadCpuUsage`, newer Node),
 * else the whole process's, whose helper threads are nearly idle during a transfer.
 */
const mainThreadCpu: CpuSampler = () => {
  const own = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  return own ? own.call(process) : process.cpuUsage();
};

/** Share of one core used between two samples `wallMs` apart (0 when no time passed). */
export function cpuShare(
  from: { user: number; system: number },
  to: { user: number; system: number },
  wallMs: number,
): number {
  if (!(wallMs > 0)) return 0;
  const usedMs = (to.user - from.user + (to.system - from.system)) / 1000;
  return Math.max(0, usedMs / wallMs);
}

export class CpuWatch {
  private from: { user: number; system: number } | null = null;
  private fromMs = 0;

  constructor(
    private readonly sampler: CpuSampler = mainThreadCpu,
    private readonly clockMs: () => number = () => performance.now(),
  ) {}

  start(): void {
    this.from = this.sampler();
    this.fromMs = this.clockMs();
  }

  /** The share of one core used since start(), or null when never started. */
  share(): number | null {
    if (!this.from) return null;
    return cpuShare(this.from, this.sampler(), this.clockMs() - this.fromMs);
  }
}
