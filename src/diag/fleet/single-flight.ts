// One fleet refresh at a time: a click or a background timer while one runs joins it instead of
// starting another, so no workspace ever gets a second `coder` process. Cancel stops the one running.
export class SingleFlight<T> {
  private current: { promise: Promise<T>; controller: AbortController } | null = null;

  constructor(private readonly run: (signal: AbortSignal) => Promise<T>) {}

  get busy(): boolean {
    return this.current !== null;
  }

  /** The running refresh, or a new one when none runs. */
  refresh(): Promise<T> {
    if (this.current) return this.current.promise;
    const controller = new AbortController();
    const promise = this.run(controller.signal).finally(() => {
      if (this.current?.controller === controller) this.current = null;
    });
    this.current = { promise, controller };
    return promise;
  }

  cancel(): void {
    this.current?.controller.abort();
  }
}
