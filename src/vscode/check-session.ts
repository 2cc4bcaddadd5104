// Owns the one running connection check: starts it (cancelling the one before), folds its events
// into the current Report, and hands them on in batches no larger than a panel accepts, so a
// flood of lines arrives whole, split over several messages. No vscode import: the panel and
// the tests both drive it.
import { runCheck } from '../diag/check';
import type { CheckOptions, LocalProbeRunner } from '../diag/check';
import type { DiagEvent } from '../diag/events';
import type { Report } from '../diag/model';
import { emptyReport, reduce } from '../diag/report';
import { clipText, inBatches } from '../shared/limits';
import { errorMessage } from '../diag/errors';

export interface CheckSessionListener {
  onEvents(events: DiagEvent[]): void;
  onRunState(running: boolean, workspace: string | null): void;
}

export interface CheckSessionOptions {
  listener: CheckSessionListener;
  localProbes?: LocalProbeRunner;
  log?: (line: string) => void;
  /** How long events are collected before they are sent on. */
  batchMs?: number;
}

export class CheckSession {
  private current: { abort: AbortController; done: Promise<void>; id: number } | null = null;
  private queue: DiagEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private disposed = false;
  report: Report | null = null;
  workspace: string | null = null;

  constructor(private readonly options: CheckSessionOptions) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Restores a report from a previous session (window reload) without running anything. */
  restore(report: Report): void {
    if (this.current) return;
    this.report = report;
    this.workspace = report.workspace;
  }

  /** Starts a check; a check already running is cancelled first and its late events are dropped. */
  async start(check: CheckOptions): Promise<Report | null> {
    await this.cancel();
    if (this.disposed) return null;
    const id = this.nextId++;
    const abort = new AbortController();
    this.workspace = check.workspace;
    this.report = emptyReport(check.workspace, new Date().toISOString());
    const log = this.options.log;
    log?.(`check ${id}: ${check.workspace} (${check.pingCount} pings${check.local ? ', local probes' : ''})`);
    const emit = (event: DiagEvent): void => {
      if (this.current?.id !== id) return;
      this.report = reduce(this.report ?? emptyReport(check.workspace, new Date().toISOString()), event);
      if (event.type === 'source-done' && event.error) log?.(`check ${id}: ${event.source}: ${event.error}`);
      if (event.type === 'raw') log?.(`check ${id}: ${event.line}`);
      this.queue.push(event);
      if (event.type === 'finished') this.flush();
      else this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 50);
    };
    let result: Report | null = null;
    // Registered before runCheck starts: it emits `started` synchronously.
    const run: { abort: AbortController; done: Promise<void>; id: number } = { abort, done: Promise.resolve(), id };
    this.current = run;
    this.options.listener.onRunState(true, check.workspace);
    run.done = runCheck(check, emit, abort.signal, this.options.localProbes)
      .then((report) => {
        result = report;
        log?.(
          `check ${id}: finished, path ${report.path.kind}, ${report.pings.received}/${report.pings.sent} pongs, ${report.issues.length} issues`,
        );
      })
      .catch((err: unknown) => {
        // runCheck reports failures as events; anything thrown is a bug, but still the user's run.
        log?.(`check ${id}: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        emit({
          type: 'source-done',
          source: 'ping',
          ok: false,
          error: clipText(`The check stopped unexpectedly: ${errorMessage(err)}`),
        });
        emit({ type: 'finished', at: new Date().toISOString() });
      })
      .finally(() => {
        if (this.current?.id === id) {
          this.flush();
          this.current = null;
          this.options.listener.onRunState(false, this.workspace);
        }
      });
    await run.done;
    return result;
  }

  /** Cancels the running check and waits until its processes are gone. */
  async cancel(): Promise<void> {
    const run = this.current;
    if (!run) return;
    this.options.log?.(`check ${run.id}: cancelled`);
    run.abort.abort();
    await run.done;
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.queue.length === 0) return;
    const events = this.queue;
    this.queue = [];
    for (const batch of inBatches(events)) this.options.listener.onEvents(batch);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.cancel();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
