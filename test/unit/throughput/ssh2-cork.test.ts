import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Client } from 'ssh2';
import { corkWindowAdjusts } from '../../../src/diag/throughput/ssh2-cork';

/** A socket stand-in that records how its data reached it: one write per chunk, or one writev. */
class CountingSocket extends Writable {
  writes = 0;
  writevs: number[] = [];
  override _write(_chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.writes++;
    cb();
  }
  override _writev(chunks: Array<{ chunk: Buffer }>, cb: () => void): void {
    this.writevs.push(chunks.length);
    cb();
  }
}

/** A client whose window-adjust handler sends `packets` packets, as ssh2's does for queued data. */
function fakeClient(packets: number): { client: Client; sock: CountingSocket; handlers: Record<string, unknown> } {
  const sock = new CountingSocket();
  const handlers: Record<string, unknown> = {
    CHANNEL_WINDOW_ADJUST: (_p: unknown, _recipient: number, _amount: number) => {
      for (let i = 0; i < packets; i++) sock.write(Buffer.alloc(16));
    },
  };
  return { client: { _sock: sock, _protocol: { _handlers: handlers } } as unknown as Client, sock, handlers };
}

const adjust = (handlers: Record<string, unknown>): void =>
  (handlers.CHANNEL_WINDOW_ADJUST as (p: unknown, r: number, a: number) => void)({}, 0, 98304);
const nextTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

describe('corked window adjusts (ssh2)', () => {
  it('sends the packets of all grants handled in one read as one writev', async () => {
    const { client, sock, handlers } = fakeClient(3);
    assert.equal(corkWindowAdjusts(client), true);
    adjust(handlers);
    adjust(handlers);
    assert.equal(sock.writes + sock.writevs.length, 0, 'nothing leaves while the grants are handled');
    await nextTick();
    assert.deepEqual(sock.writevs, [6]);
    assert.equal(sock.writes, 0);
    adjust(handlers); // a later read corks again
    await nextTick();
    assert.deepEqual(sock.writevs, [6, 3]);
  });

  it('without it, each packet is its own write', async () => {
    const { sock, handlers } = fakeClient(3);
    adjust(handlers);
    await nextTick();
    assert.equal(sock.writes, 3);
    assert.deepEqual(sock.writevs, []);
  });

  it('uncorks even when ssh2 throws while handling a grant', async () => {
    const { client, sock, handlers } = fakeClient(1);
    const original = handlers.CHANNEL_WINDOW_ADJUST as () => void;
    handlers.CHANNEL_WINDOW_ADJUST = () => {
      original();
      throw new Error('malformed');
    };
    corkWindowAdjusts(client);
    assert.throws(() => adjust(handlers), /malformed/);
    await nextTick();
    assert.equal(sock.writableCorked, 0);
    assert.equal(sock.writes + sock.writevs.length, 1, 'the packet still left');
  });

  it('wraps a session once, however often it is asked', async () => {
    const { client, sock, handlers } = fakeClient(2);
    corkWindowAdjusts(client);
    const first = handlers.CHANNEL_WINDOW_ADJUST;
    assert.equal(corkWindowAdjusts(client), true);
    assert.equal(handlers.CHANNEL_WINDOW_ADJUST, first);
    adjust(handlers);
    await nextTick();
    assert.equal(sock.writableCorked, 0);
  });

  it('changes nothing on a client without the expected internals', () => {
    assert.equal(corkWindowAdjusts({} as Client), false);
    const noSock = { _protocol: { _handlers: { CHANNEL_WINDOW_ADJUST: () => undefined } } };
    assert.equal(corkWindowAdjusts(noSock as unknown as Client), false);
    const handlers = { CHANNEL_WINDOW_ADJUST: 1 };
    const noHandler = { _sock: new CountingSocket(), _protocol: { _handlers: handlers } };
    assert.equal(corkWindowAdjusts(noHandler as unknown as Client), false);
    assert.equal(handlers.CHANNEL_WINDOW_ADJUST, 1);
  });
});
