// The slice of fetch() the probes use, so tests and callers can supply their own.
export interface FetchResponse {
  ok: boolean;
  status: number;
  headers?: { get(name: string): string | null };
  /** The body as a stream, when the response has one (fetch's does), so a size cap can stop early. */
  body?: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/** The body as text, refusing one larger than `maxBytes` (by its header, or as soon as the stream passes it). */
export async function readCapped(res: FetchResponse, maxBytes: number): Promise<string> {
  const tooLarge = (): Error => new Error(`the answer is larger than ${maxBytes} bytes`);
  const declared = Number(res.headers?.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  if (!res.body) {
    const text = await res.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
    return text;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
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
