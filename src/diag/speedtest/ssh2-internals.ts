// The few ssh2 internals the speed test needs and ssh2 does not expose: sending a keepalive
// global request with a reply callback, and granting a larger receive window. Every access is
// shape-checked, so a future ssh2 that changes them degrades to "not available", never a crash.
import type { Client, ClientChannel } from 'ssh2';

interface ProtocolLike {
  ping(): void;
  channelWindowAdjust(id: number, amount: number): void;
}

interface ClientLike {
  _protocol: ProtocolLike;
  _callbacks: Array<(failed: boolean) => void>;
}

export interface ChannelWindows {
  incoming: { window: number };
  outgoing: { id: number; window: number; packetSize: number; state: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function clientLike(client: Client): ClientLike | null {
  const c: unknown = client;
  if (!isRecord(c) || !isRecord(c._protocol) || !Array.isArray(c._callbacks)) return null;
  const p = c._protocol;
  if (typeof p.ping !== 'function' || typeof p.channelWindowAdjust !== 'function') return null;
  return c as unknown as ClientLike;
}

export function channelWindows(channel: ClientChannel): ChannelWindows | null {
  const ch: unknown = channel;
  if (!isRecord(ch) || !isRecord(ch.incoming) || !isRecord(ch.outgoing)) return null;
  const { incoming, outgoing } = ch;
  if (typeof incoming.window !== 'number' || typeof outgoing.window !== 'number') return null;
  if (typeof outgoing.id !== 'number' || typeof outgoing.packetSize !== 'number' || typeof outgoing.state !== 'string')
    return null;
  return ch as unknown as ChannelWindows;
}

/**
 * Sends `keepalive@openssh.com` with want-reply; `onReply` runs when the server answers (success
 * or failure both prove a round trip). Returns false when this ssh2 cannot do it.
 */
export function sendKeepalive(client: Client, onReply: () => void): boolean {
  const c = clientLike(client);
  if (!c) return false;
  // ssh2 answers global-request replies in order from this queue, as its own keepalive does.
  c._callbacks.push(() => onReply());
  c._protocol.ping();
  return true;
}

/** Tells the server it may send `amount` more bytes on this channel. */
export function grantWindow(client: Client, windows: ChannelWindows, amount: number): boolean {
  const c = clientLike(client);
  if (!c || amount <= 0 || windows.outgoing.state !== 'open') return false;
  windows.incoming.window += amount;
  c._protocol.channelWindowAdjust(windows.outgoing.id, amount);
  return true;
}

export function keepaliveAvailable(client: Client): boolean {
  return clientLike(client) !== null;
}
