// One speed test run at a time for the panel: starts the engine, batches its events for the
// webview (never more in one message than the panel accepts), remembers them so a panel shown
// again can replay the chart, and cancels cleanly
// (a new start or a dispose waits until the previous run has closed its processes and sockets).
// Free of 'vscode' so it is unit-tested directly.
import type { SpeedtestEmit, SpeedtestEvent, SpeedtestOptions, SpeedtestReport } from '../../diag/throughput/types';
import { inBatches } from '../../shared/limits';
import { errorMessage } from '../../diag/errors';

export type RunFn = (options: SpeedtestOptions, emit: SpeedtestEmit, signal: AbortSignal) => Promise<SpeedtestReport>;

export interface SessionListener {
  onEvents(events: SpeedtestEvent[]): void;
  onRunState(running: boolean): void;
  onFinished(report: SpeedtestReport): void;
}

/** Far above what the longest run emits (4 samples/s plus intervals); a guard, not a budget. */
export const MAX_KEPT_EVENTS = 20_000;
const FLUSH_MS = 100;

export class SpeedtestSession {
  private kept: SpeedtestEvent[] = [];
  private pending: SpeedtestEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private current: Promise<void> | null = null;
  private lastReport: SpeedtestReport | null = null;
  private disposed = false;
  private generation = 0;

  constructor(
    private readonly run: RunFn,
    private readonly listener: SessionListener,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.controller !== null;
  }

  /** Events of the current or last run, for replay. */
  get events(): readonly SpeedtestEvent[] {
    return this.kept;
  }

  get report(): SpeedtestReport | null {
    return this.lastReport;
  }

  /** Starts a run, cancelling (and waiting for) any run in progress first. */
  async start(options: SpeedtestOptions): Promise<void> {
    const generation = ++this.generation;
    await this.cancel();
    // Another start came in while this one waited: the newest wins.
    if (this.disposed || generation !== this.generation) return;
    const controller = new AbortController();
    this.controller = controller;
    this.kept = [];
    this.pending = [];
    this.lastReport = null;
    this.listener.onRunState(true);
    const emit: SpeedtestEmit = (event) => {
      // A run that was superseded may still emit while it winds down: drop those.
      if (this.controller !== controller) return;
      this.take(event);
    };
    const done = this.run(options, emit, controller.signal)
      .then((report) => {
        if (this.controller === controller && !this.kept.some((e) => e.type === 'done'))
          this.take({ type: 'done', report });
        this.lastReport = report;
        this.log(`speed test ${report.target}: ${report.error ?? 'finished'}`);
        this.listener.onFinished(report);
      })
      .catch((err: unknown) => {
        // The engine promises never to reject; if it does, say so rather than hang the panel.
        this.log(`speed test failed unexpectedly: ${errorMessage(err)}`);
      })
      .finally(() => {
        this.flush();
        if (this.controller === controller) this.controller = null;
        this.listener.onRunState(false);
      });
    this.current = done;
    await done;
  }

  /** Cancels the run in progress, if any, and resolves once it has cleaned up. */
  async cancel(): Promise<void> {
    this.controller?.abort();
    await this.current;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.cancel();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private take(event: SpeedtestEvent): void {
    if (this.kept.length < MAX_KEPT_EVENTS || event.type !== 'sample') this.kept.push(event);
    this.pending.push(event);
    // Phase changes and the end go out at once; samples are batched.
    if (event.type === 'sample' || event.type === 'latency' || event.type === 'interval') {
      this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
    } else {
      this.flush();
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0 || this.disposed) return;
    const pending = this.pending;
    this.pending = [];
    for (const batch of inBatches(pending)) this.listener.onEvents(batch);
  }
}
