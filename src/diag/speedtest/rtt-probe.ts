// Round trips over the SSH connection itself: a keepalive@openssh.com global request that the
// server must answer. While a transfer runs the answer queues behind the data, which is exactly
// the latency under load an editor's keystrokes would see on the same connection.
import { performance } from 'node:perf_hooks';
import type { Client } from 'ssh2';
import { keepaliveAvailable, sendKeepalive } from './ssh2-internals';
import { median } from './stats';
import { sleep } from '../sleep';

export class RttProbe {
  constructor(private readonly client: Client) {}

  get available(): boolean {
    return keepaliveAvailable(this.client);
  }

  /** Milliseconds, or null when no answer came within `timeoutMs` (or keepalives are unavailable). */
  once(timeoutMs: number, signal?: AbortSignal): Promise<number | null> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve(null);
      const start = performance.now();
      let settled = false;
      const finish = (value: number | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = (): void => finish(null);
      const timer = setTimeout(() => finish(null), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      // A late answer still pops its queue slot; it is simply ignored here.
      if (!sendKeepalive(this.client, () => finish(performance.now() - start))) finish(null);
    });
  }

  /** The idle baseline: `count` sequential round trips after one discarded warm-up. */
  async idle(count: number, timeoutMs: number, signal: AbortSignal, onSample: (ms: number) => void): Promise<number[]> {
    // The first request after login is slow (server-side setup), so it is not a fair baseline.
    await this.once(timeoutMs, signal);
    const samples: number[] = [];
    for (let i = 0; i < count && !signal.aborted; i++) {
      const ms = await this.once(timeoutMs, signal);
      if (ms === null) continue;
      samples.push(ms);
      onSample(ms);
    }
    return samples;
  }
}

/**
 * Measures round trips every `everyMs` until stopped, one request in flight at a time, so a slow
 * answer is never hidden behind a pile of newer ones.
 */
export class LoadedRttLoop {
  readonly samples: number[] = [];
  private readonly stopper = new AbortController();
  private readonly done: Promise<void>;

  constructor(probe: RttProbe, everyMs: number, timeoutMs: number, onSample: (ms: number) => void) {
    this.done = (async () => {
      const signal = this.stopper.signal;
      while (!signal.aborted) {
        const started = performance.now();
        const ms = await probe.once(timeoutMs, signal);
        if (ms === null || signal.aborted) continue;
        this.samples.push(ms);
        onSample(ms);
        const wait = everyMs - (performance.now() - started);
        if (wait > 0) await sleep(wait, signal);
      }
    })();
  }

  median(): number | null {
    return median(this.samples);
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.done;
  }
}
