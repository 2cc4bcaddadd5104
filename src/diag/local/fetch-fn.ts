// The slice of fetch() the probes use, so tests and callers can supply their own.
export interface FetchResponse {
  ok: boolean;
  status: number;
  headers?: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchFn = (
  url: string,
  /** `redirect: 'manual'` hands a 3xx back instead of following it (with its headers) elsewhere. */
  init: { signal: AbortSignal; headers?: Record<string, string>; redirect?: 'manual' | 'follow' },
) => Promise<FetchResponse>;

export function defaultFetch(): FetchFn | undefined {
  return typeof globalThis.fetch === 'function' ? (url, init) => globalThis.fetch(url, init) : undefined;
}

/** Error text with its cause (fetch hides the network reason there). */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) {
      const code = (cause as NodeJS.ErrnoException).code;
      return `${err.message} (${code ? `${code}: ` : ''}${cause.message})`;
    }
    return err.message;
  }
  return String(err);
}
