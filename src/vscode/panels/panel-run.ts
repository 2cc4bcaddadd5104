// One engine run at a time for a panel, whatever the engine: starts it (cancelling and waiting for
// the run before, so its processes and sockets are gone), folds its events into the panel's state,
// hands them on in batches no larger than a webview message may carry, and logs the run. Events
// of a superseded run are dropped. Free of vscode, so it is unit-tested directly.
import { errorMessage } from '../../diag/errors';
import { inBatches } from '../../diag/wire/limits';

export interface RunSpec<O, E, R, S> {
  /** Names runs in the log: `check 3: …`, `speed test 1: …`. */
  name: string;
  /** The engine: reports through `emit`, stops on `signal`, resolves with its result. */
  run(options: O, emit: (event: E) => void, signal: AbortSignal): Promise<R>;
  /** The state a run starts from, and how each event changes it (a report, or the events to replay); may update in place. */
  initial(options: O): S;
  fold(state: S, event: E): S;
  /** Events that go out at once; the others wait up to `batchMs` to travel together. */
  urgent(event: E): boolean;
  /** The event that ends a run, and the one to add when the engine returned without it. */
  isLast(event: E): boolean;
  lastEvent(result: R): E;
  /** What the panel is told when the engine throws: a bug, but still the user's run. */
  failed(message: string): E[];
  /** One log line each: the run's start, an event worth logging (else null), the result. */
  describeStart(options: O): string;
  describeEvent(event: E): string | null;
  describeResult(result: R): string;
}

export interface RunListener<E, R> {
  onEvents(events: E[]): void;
  onRunState(running: boolean): void;
  onFinished(result: R): void;
}

interface Run {
  id: number;
  abort: AbortController;
  done: Promise<void>;
}

export class PanelRun<O, E, R, S> {
  private current: Run | null = null;
  private pending: E[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private generation = 0;
  private disposed = false;
  private lastResult: R | null = null;
  private folded: S | null = null;

  constructor(
    private readonly spec: RunSpec<O, E, R, S>,
    private readonly listener: RunListener<E, R>,
    private readonly log: (line: string) => void = () => undefined,
    private readonly batchMs = 50,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** The state folded from the current or last run's events (or restored); null before any. */
  get state(): S | null {
    return this.folded;
  }

  /** The last run's result; null while running, after a restore, or when the engine threw. */
  get result(): R | null {
    return this.lastResult;
  }

  /** Shows a state from an earlier session (a window reload) without running anything. */
  restore(state: S): void {
    if (!this.current) this.folded = state;
  }

  /** Starts a run, cancelling (and waiting for) the one in progress; of several waiting starts only the newest runs. */
  async start(options: O): Promise<R | null> {
    const generation = ++this.generation;
    await this.cancel();
    if (this.disposed || generation !== this.generation) return null;
    const run: Run = { id: this.nextId++, abort: new AbortController(), done: Promise.resolve() };
    this.current = run;
    this.pending = [];
    this.lastResult = null;
    const initial = this.spec.initial(options);
    this.folded = initial;
    this.log(`${this.spec.name} ${run.id}: ${this.spec.describeStart(options)}`);
    this.listener.onRunState(true);
    let result: R | null = null;
    let sawLast = false;
    const emit = (event: E): void => {
      if (this.current !== run) return;
      sawLast ||= this.spec.isLast(event);
      this.folded = this.spec.fold(this.folded ?? initial, event);
      this.take(run, event);
    };
    run.done = this.spec
      .run(options, emit, run.abort.signal)
      .then((r) => {
        result = r;
        if (!sawLast) emit(this.spec.lastEvent(r));
        this.lastResult = r;
        this.log(`${this.spec.name} ${run.id}: ${this.spec.describeResult(r)}`);
        this.listener.onFinished(r);
      })
      .catch((err: unknown) => {
        this.log(
          `${this.spec.name} ${run.id}: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        for (const event of this.spec.failed(errorMessage(err))) emit(event);
      })
      .finally(() => this.end(run));
    await run.done;
    return result;
  }

  /** Cancels the run in progress, if any, and resolves once it has cleaned up. */
  async cancel(): Promise<void> {
    const run = this.current;
    if (!run) return;
    this.log(`${this.spec.name} ${run.id}: cancelled`);
    run.abort.abort();
    await run.done;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.cancel();
    this.stopTimer();
  }

  private take(run: Run, event: E): void {
    const line = this.spec.describeEvent(event);
    if (line !== null) this.log(`${this.spec.name} ${run.id}: ${line}`);
    this.pending.push(event);
    if (this.spec.urgent(event) || this.spec.isLast(event)) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private end(run: Run): void {
    if (this.current !== run) return;
    this.flush();
    this.current = null;
    this.listener.onRunState(false);
  }

  private flush(): void {
    this.stopTimer();
    if (this.pending.length === 0 || this.disposed) return;
    const events = this.pending;
    this.pending = [];
    for (const batch of inBatches(events)) this.listener.onEvents(batch);
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
