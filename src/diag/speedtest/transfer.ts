// The clock of one direction's transfer: counts bytes into per-second buckets, emits live
// samples and finished intervals, and ends the transfer at the deadline, on a stall (no bytes for
// a while: the link dropped), on a broken connection, or on cancel.
import { performance } from 'node:perf_hooks';
import { CPU_LIMIT_SHARE, CpuWatch } from './cpu-watch';
import type { CpuSampler } from './cpu-watch';
import { ByteMeter, intervalsFrom, mbits, overallFrom } from './meter';
import { LoadedRttLoop } from './rtt-probe';
import type { RttProbe } from './rtt-probe';
import { l10n } from '../l10n';
import { roundMs } from './stats';
import type { Direction, DirectionResult, SpeedtestEmit } from './types';

export type EndReason =
  | { kind: 'deadline' }
  /** The remote side stopped sending or receiving on its own. */
  | { kind: 'remote-ended'; message?: string }
  | { kind: 'stall'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'cancel' };

export interface TransferSettings {
  direction: Direction;
  durationSeconds: number;
  sampleMs: number;
  stallMs: number;
  /** How long the remote command may take to start moving data. */
  startTimeoutMs: number;
  probe: RttProbe | null;
  emit: SpeedtestEmit;
  signal: AbortSignal;
  /** Resolves with a reason when the SSH connection breaks. */
  connectionLost: Promise<string>;
  /** Parallel streams counted into this transfer (default 1). */
  streams?: number;
  /** This thread's CPU time; default process' main thread (tests inject their own). */
  cpuSampler?: CpuSampler;
}

export class Transfer {
  readonly meter = new ByteMeter();
  readonly finished: Promise<EndReason>;
  private resolveFinished: (r: EndReason) => void = () => undefined;
  private t0 = 0;
  private endSeconds: number | null = null;
  private lastProgress = 0;
  private lastSampleAt = 0;
  private lastSampleBytes = 0;
  private intervalsSent = 0;
  private ended = false;
  private ticker: NodeJS.Timeout | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private rttLoop: LoadedRttLoop | null = null;
  private readonly cpu: CpuWatch;
  private cpuBusyShare: number | null = null;
  private readonly onAbort = (): void => this.end({ kind: 'cancel' });
  /** Called on every tick before the sample is taken, e.g. to poll acknowledged bytes. */
  beforeTick: () => void = () => undefined;
  /** Called with the rate over the last sample period (bytes/s). */
  onRate: (bytesPerSecond: number) => void = () => undefined;

  constructor(private readonly s: TransferSettings) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
    this.cpu = new CpuWatch(s.cpuSampler);
    if (s.signal.aborted) {
      this.end({ kind: 'cancel' });
      return;
    }
    s.signal.addEventListener('abort', this.onAbort, { once: true });
    void s.connectionLost.then((message) => this.end({ kind: 'error', message }));
    this.startTimer = setTimeout(
      () =>
        this.end({
          kind: 'error',
          message:
            s.direction === 'download'
              ? l10n.t('The download did not start within {0} s', Math.round(s.startTimeoutMs / 1000))
              : l10n.t('The upload did not start within {0} s', Math.round(s.startTimeoutMs / 1000)),
        }),
      s.startTimeoutMs,
    );
  }

  get started(): boolean {
    return this.t0 !== 0;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private now(): number {
    return (performance.now() - this.t0) / 1000;
  }

  /** Starts the clock: call when the first byte moves (download) or the sink is ready (upload). */
  start(): void {
    if (this.started || this.ended) return;
    clearTimeout(this.startTimer);
    this.t0 = performance.now();
    this.lastProgress = this.t0;
    this.lastSampleAt = 0;
    this.cpu.start();
    this.ticker = setInterval(() => this.tick(), this.s.sampleMs);
    this.armDeadline(this.s.durationSeconds * 1000);
    const probe = this.s.probe;
    if (probe?.available) {
      this.rttLoop = new LoadedRttLoop(probe, this.s.sampleMs, this.s.stallMs, (ms) =>
        this.s.emit({ type: 'latency', phase: 'loaded', ms: roundMs(ms) ?? ms, direction: this.s.direction }),
      );
    }
  }

  private armDeadline(ms: number): void {
    this.deadline = setTimeout(() => {
      // Timers may fire a fraction of a millisecond early by this clock: wait out the rest.
      const left = this.s.durationSeconds - this.now();
      if (left > 0) return this.armDeadline(Math.max(1, left * 1000));
      this.beforeTick();
      this.end({ kind: 'deadline' });
    }, ms);
  }

  add(bytes: number): void {
    if (this.ended || !this.started || bytes <= 0) return;
    this.lastProgress = performance.now();
    this.meter.add(bytes, this.now());
  }

  private tick(): void {
    if (this.ended) return;
    this.beforeTick();
    if (this.ended) return;
    const t = this.now();
    const total = this.meter.total;
    const rate = (total - this.lastSampleBytes) / Math.max(1e-6, t - this.lastSampleAt);
    this.s.emit({
      type: 'sample',
      direction: this.s.direction,
      tSeconds: Math.round(t * 1000) / 1000,
      mbits: Math.round(mbits(total - this.lastSampleBytes, t - this.lastSampleAt) * 100) / 100,
      bytesTotal: total,
    });
    this.lastSampleAt = t;
    this.lastSampleBytes = total;
    this.onRate(rate);
    this.emitFinishedIntervals(Math.floor(t));
    const idleFor = performance.now() - this.lastProgress;
    if (idleFor > this.s.stallMs) {
      this.end({
        kind: 'stall',
        message:
          this.s.direction === 'download'
            ? l10n.t(
                'No data moved for {0} s during the download: the link appears to have dropped.',
                (idleFor / 1000).toFixed(1),
              )
            : l10n.t(
                'No data moved for {0} s during the upload: the link appears to have dropped.',
                (idleFor / 1000).toFixed(1),
              ),
      });
    }
  }

  private emitFinishedIntervals(wholeSeconds: number): void {
    if (wholeSeconds <= this.intervalsSent) return;
    const all = intervalsFrom(this.meter.buckets(), wholeSeconds);
    for (; this.intervalsSent < wholeSeconds && this.intervalsSent < all.length; this.intervalsSent++) {
      this.s.emit({ type: 'interval', direction: this.s.direction, interval: all[this.intervalsSent] });
    }
  }

  end(reason: EndReason): void {
    if (this.ended) return;
    this.ended = true;
    if (this.started) {
      // A dropped link: the figures cover the time data was actually moving.
      const at = reason.kind === 'stall' || reason.kind === 'remote-ended' ? this.lastProgress : performance.now();
      this.endSeconds = (at - this.t0) / 1000;
      this.cpuBusyShare = this.cpu.share();
    }
    clearTimeout(this.startTimer);
    clearInterval(this.ticker);
    clearTimeout(this.deadline);
    this.s.signal.removeEventListener('abort', this.onAbort);
    const loop = this.rttLoop;
    if (loop) void loop.stop().then(() => this.resolveFinished(reason));
    else this.resolveFinished(reason);
  }

  result(reason: EndReason): DirectionResult {
    const end = this.endSeconds ?? 0;
    const partial = reason.kind !== 'deadline';
    const result: DirectionResult = {
      direction: this.s.direction,
      overall: overallFrom(this.meter.total, end),
      intervals: intervalsFrom(this.meter.buckets(), end),
      partial,
      bytes: this.meter.total,
      loadedLatencyMs: roundMs(this.rttLoop?.median() ?? null),
      streams: this.s.streams ?? 1,
      cpuLimited: this.cpuBusyShare !== null && this.cpuBusyShare >= CPU_LIMIT_SHARE,
    };
    if (reason.kind === 'cancel') result.error = l10n.t('Cancelled: the figures cover what ran before the cancel.');
    else if (reason.kind === 'remote-ended')
      result.error =
        reason.message ??
        (this.s.direction === 'download'
          ? l10n.t('The remote side ended the download early.')
          : l10n.t('The remote side ended the upload early.'));
    else if (reason.kind === 'stall' || reason.kind === 'error') result.error = reason.message;
    return result;
  }

  loadedSamples(): number[] {
    return this.rttLoop?.samples ?? [];
  }
}
