// The path of a speed test's `coder ssh --stdio` connection over time: the first path seen and
// every change after it (a DERP relay upgraded to p2p, a new relay). Pure: observations in, list out.
import type { Pong } from '../coder/ping-line';
import type { NetworkInfo } from '../coder/network-info';
import type { PathChange, PathHop } from './types';

/** A flapping path must not grow the report without bound; the first changes tell the story. */
export const MAX_PATH_CHANGES = 50;

export function hopFromNetworkInfo(info: NetworkInfo): PathHop {
  // Coder Connect reports p2p false and latency 0: it is neither a relay nor instant.
  if (info.usingCoderConnect) return { kind: 'coder-connect', derpRegion: null };
  if (info.p2p) return { kind: 'p2p', derpRegion: null };
  return { kind: 'derp', derpRegion: info.preferredDerp ?? 'unknown' };
}

export function latencyFromNetworkInfo(info: NetworkInfo): number | null {
  return info.usingCoderConnect ? null : Math.round(info.latencyMs * 10) / 10;
}

export function hopFromPong(pong: Pong): PathHop {
  return pong.path === 'p2p'
    ? { kind: 'p2p', derpRegion: null }
    : { kind: 'derp', derpRegion: pong.derpRegion ?? 'unknown' };
}

const sameHop = (a: PathHop, b: PathHop): boolean => a.kind === b.kind && a.derpRegion === b.derpRegion;

export class PathRecord {
  private readonly seen: PathChange[] = [];

  constructor(
    private readonly startedMs: number,
    private readonly onChange: (change: PathChange) => void = () => undefined,
  ) {}

  /** Records `hop` if it differs from the last path seen; returns true when it did. */
  observe(hop: PathHop, latencyMs: number | null, nowMs: number): boolean {
    const last = this.current;
    if (last && sameHop(last, hop)) return false;
    if (this.seen.length >= MAX_PATH_CHANGES) return false;
    const change: PathChange = {
      kind: hop.kind,
      derpRegion: hop.derpRegion,
      atSeconds: Math.max(0, Math.round((nowMs - this.startedMs) / 100) / 10),
      latencyMs,
    };
    this.seen.push(change);
    this.onChange(change);
    return true;
  }

  get current(): PathHop | null {
    return this.seen[this.seen.length - 1] ?? null;
  }

  get changes(): PathChange[] {
    return [...this.seen];
  }

  secondsSinceStart(nowMs: number): number {
    return Math.round((nowMs - this.startedMs) / 100) / 10;
  }
}
