// Runs tasks with bounded parallelism: at most `concurrency` at once, each with its own deadline,
// all stopped by one AbortSignal. A task gets a signal that aborts at its deadline or on cancel and
// must settle soon after (the Coder CLI spawner kills its process group), because its slot is only
// freed when it has settled: that is what keeps "at most N at once" true of real processes.
import { asError } from '../errors';
import { l10n } from '../l10n';

interface LimitOptions {
  /** Tasks running at once, at least 1. */
  concurrency: number;
  /** Time one task may take before its signal aborts. */
  deadlineMs: number;
  /** Cancels every running task; tasks not yet started are not started. */
  signal: AbortSignal;
}

type TaskOutcome<R> =
  | { ok: true; value: R }
  /** `timedOut`: its deadline passed; `cancelled`: the whole run was cancelled (or it never started). */
  | { ok: false; error: Error; timedOut: boolean; cancelled: boolean };

type LimitedTask<T, R> = (item: T, signal: AbortSignal, index: number) => Promise<R>;

class DeadlineError extends Error {}

/** Outcomes in the order of `items`, once every task has settled. Never rejects. */
export async function runLimited<T, R>(
  items: readonly T[],
  task: LimitedTask<T, R>,
  options: LimitOptions,
): Promise<TaskOutcome<R>[]> {
  const { signal, deadlineMs } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const outcomes = new Array<TaskOutcome<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      outcomes[index] = signal.aborted ? notStarted() : await runOne(items[index], index, task, deadlineMs, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return outcomes;
}

function notStarted<R>(): TaskOutcome<R> {
  return { ok: false, error: new Error(l10n.t('cancelled before it started')), timedOut: false, cancelled: true };
}

async function runOne<T, R>(
  item: T,
  index: number,
  task: LimitedTask<T, R>,
  deadlineMs: number,
  outer: AbortSignal,
): Promise<TaskOutcome<R>> {
  const own = new AbortController();
  const cancel = (): void => own.abort(new Error(l10n.t('cancelled')));
  outer.addEventListener('abort', cancel, { once: true });
  const timer = setTimeout(
    () => own.abort(new DeadlineError(l10n.t('took longer than {0} ms', deadlineMs))),
    deadlineMs,
  );
  try {
    // A task that resolves after its abort keeps its value (what it measured so far): it can tell
    // why it was stopped with stoppedBy(signal).
    return { ok: true, value: await task(item, own.signal, index) };
  } catch (err) {
    return own.signal.aborted
      ? aborted(own.signal)
      : { ok: false, error: asError(err), timedOut: false, cancelled: false };
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', cancel);
  }
}

/** Why a task's signal aborted: its deadline, the run's cancel, or null while it has not. */
export function stoppedBy(signal: AbortSignal): 'deadline' | 'cancel' | null {
  if (!signal.aborted) return null;
  return signal.reason instanceof DeadlineError ? 'deadline' : 'cancel';
}

function aborted<R>(signal: AbortSignal): TaskOutcome<R> {
  const timedOut = stoppedBy(signal) === 'deadline';
  return { ok: false, error: asError(signal.reason), timedOut, cancelled: !timedOut };
}
