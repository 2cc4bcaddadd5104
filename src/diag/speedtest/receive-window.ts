// Keeps the download channel's receive window large enough for the link, like TCP autotuning.
// ssh2 advertises 2 MiB and only tops it up when half is used, which caps a long-RTT link
// (about 174 Mbit/s at 50 ms). We grant window back as soon as a little has been consumed, and
// grow the target to a few bandwidth-delay products once the measured rate shows we need it.
import type { Client, ClientChannel } from 'ssh2';
import { channelWindows, grantWindow } from './ssh2-internals';
import type { ChannelWindows } from './ssh2-internals';

export const BASE_WINDOW = 2 * 1024 * 1024;
export const MAX_WINDOW = 64 * 1024 * 1024;
/** Used when no round trip could be measured. */
export const UNTUNED_WINDOW = 8 * 1024 * 1024;

/** The window to aim for: at least 4x the bandwidth-delay product, never shrinking. */
export function windowTarget(current: number, bytesPerSecond: number, rttMs: number | null): number {
  if (rttMs === null) return Math.max(current, UNTUNED_WINDOW);
  const bdp = (bytesPerSecond * rttMs) / 1000;
  return Math.min(MAX_WINDOW, Math.max(current, BASE_WINDOW, Math.ceil(4 * bdp)));
}

export class ReceiveWindow {
  private target = BASE_WINDOW;
  private readonly windows: ChannelWindows | null;

  constructor(
    private readonly client: Client,
    channel: ClientChannel,
    private readonly rttMs: number | null,
  ) {
    this.windows = channelWindows(channel);
    if (rttMs === null) this.target = UNTUNED_WINDOW;
    this.topUp();
  }

  /** False when this ssh2 build does not let us tune the window (then its default applies). */
  get tunable(): boolean {
    return this.windows !== null;
  }

  get size(): number {
    return this.target;
  }

  /** Call after each chunk is consumed. */
  topUp(): void {
    const w = this.windows;
    if (!w) return;
    const deficit = this.target - w.incoming.window;
    const step = Math.max(3 * w.outgoing.packetSize, this.target / 16);
    if (deficit >= step) grantWindow(this.client, w, deficit);
  }

  /** Call with the rate measured over the last sample period. */
  retune(bytesPerSecond: number): void {
    this.target = windowTarget(this.target, bytesPerSecond, this.rttMs);
    this.topUp();
  }
}
