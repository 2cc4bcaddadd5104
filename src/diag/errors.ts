// The one way to turn a thrown value into text, and to bound a promise in time.
import { l10n } from './l10n';

/** The message of a thrown value, whatever was thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The thrown value as an Error, so callers can rethrow or reject with it. */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Rejects with "<what> took longer than <ms> ms" (in the user's language) unless `p` settles first. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(l10n.t('{0} took longer than {1} ms', what, ms))), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(asError(e));
      },
    );
  });
}

/**
 * `p`'s value, or null once `ms` have passed, `signal` has aborted or `p` has rejected: for a wait
 * that may give up without it being an error (a grace period, a bounded clean-up).
 */
export function waitAtMost<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | null> {
  return new Promise((resolve) => {
    const done = (v: T | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = (): void => done(null);
    const timer = setTimeout(() => done(null), ms);
    if (signal?.aborted) return done(null);
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(done, () => done(null));
  });
}
