// ssh2 allocates a fresh buffer for every outgoing packet. A full data packet is just over 32 KiB,
// too big for Node's shared buffer pool, so each one is its own allocation, and at Gbit/s the
// garbage collector spent ~5% of an upload's CPU on them. Here a packet buffer goes back to a free
// list once the socket reports its write done, and the next packet of that size reuses it.
// Only a plain TCP socket is trusted with this: its write callback runs after the kernel has
// taken the bytes. A wrapper stream (a CLI's stdio, for one) may call back while it still holds
// the buffer, and reusing it then would corrupt the packet.
import { Socket } from 'node:net';
import type { Client } from 'ssh2';

// Smaller packets (window grants, keepalives) come from Node's pool and are cheap already.
const MIN_REUSED_BYTES = 8 * 1024;
// Bounds what a free list holds: more than the packets of a full 2 MiB channel window.
const MAX_FREE_PER_SIZE = 128;

type WriteCallback = (err?: Error | null) => void;

/** Buffers handed out for packets, and returned once the socket has written them. */
export class PacketBuffers {
  private readonly free = new Map<number, Buffer[]>();
  private readonly lent = new WeakSet<Buffer>();

  readonly take = (size: number): Buffer => {
    if (size < MIN_REUSED_BYTES) return Buffer.allocUnsafe(size);
    const buf = this.free.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
    this.lent.add(buf);
    return buf;
  };

  /** True for a buffer this pool handed out and has not been given back yet. */
  isLent(buf: unknown): buf is Buffer {
    return Buffer.isBuffer(buf) && this.lent.has(buf);
  }

  give(buf: Buffer): void {
    if (!this.lent.delete(buf)) return; // not ours, or given back already
    let list = this.free.get(buf.length);
    if (!list) this.free.set(buf.length, (list = []));
    if (list.length < MAX_FREE_PER_SIZE) list.push(buf);
  }
}

/**
 * Returns an allocator for the session's packet buffers that reuses the ones its socket has
 * written, or null (changing nothing) when the session's socket is not a plain TCP socket.
 */
export function reusePacketBuffers(client: Client): ((size: number) => Buffer) | null {
  const sock: unknown = (client as unknown as Record<string, unknown>)._sock;
  if (!(sock instanceof Socket)) return null;
  const buffers = new PacketBuffers();
  const write = sock.write.bind(sock) as (chunk: unknown, ...rest: unknown[]) => boolean;
  // ssh2 writes each packet with no callback; ours returns the buffer once the write is done.
  sock.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    if (rest.length > 0 || !buffers.isLent(chunk)) return write(chunk, ...rest);
    const done: WriteCallback = (err) => {
      if (!err) buffers.give(chunk);
    };
    return write(chunk, done);
  }) as Socket['write'];
  return buffers.take;
}
