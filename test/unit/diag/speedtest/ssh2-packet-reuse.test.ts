import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import type { Client } from 'ssh2';
import { PacketBuffers, reusePacketBuffers } from '../../../../src/diag/speedtest/ssh2-packet-reuse';

const PACKET = 32 * 1024 + 48; // a full data packet's size, about
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('reused packet buffers (ssh2)', () => {
  it('hands a given-back buffer out again for the same size, once', () => {
    const buffers = new PacketBuffers();
    const a = buffers.take(PACKET);
    assert.ok(buffers.isLent(a));
    buffers.give(a);
    buffers.give(a); // a second give must not let two packets share it
    assert.equal(buffers.isLent(a), false);
    assert.equal(buffers.take(PACKET), a);
    assert.notEqual(buffers.take(PACKET), a, 'it was handed out only once');
    assert.notEqual(buffers.take(PACKET + 16), a, 'another size gets its own buffer');
  });

  it('leaves small buffers and foreign ones alone', () => {
    const buffers = new PacketBuffers();
    const small = buffers.take(64);
    assert.equal(small.length, 64);
    assert.equal(buffers.isLent(small), false);
    const foreign = Buffer.alloc(PACKET);
    buffers.give(foreign);
    assert.notEqual(buffers.take(PACKET), foreign);
  });

  it('reuses buffers a TCP socket has written, and every byte arrives as written', async () => {
    const received: Buffer[] = [];
    let reader: net.Socket | undefined;
    const server = net.createServer((s) => {
      reader = s.pause(); // not read at first, so writes queue in this process with their buffers
      s.on('data', (d: Buffer) => received.push(d));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    const sock = net.connect(port, '127.0.0.1');
    await once(sock, 'connect');
    try {
      const take = reusePacketBuffers({ _sock: sock } as unknown as Client);
      assert.ok(take, 'a TCP socket qualifies');
      const seen = new Set<Buffer>();
      const count = 600;
      for (let i = 0; i < count; i++) {
        if (i === count / 2) reader?.resume();
        const packet = take(PACKET).fill(i % 251);
        seen.add(packet);
        sock.write(packet);
        if (i % 4 === 3 && i > count / 2) await nextTurn(); // let writes complete, as the event loop does between reads
      }
      sock.end();
      await once(sock, 'close');
      await nextTurn();
      const all = Buffer.concat(received);
      assert.equal(all.length, count * PACKET);
      for (let i = 0; i < count; i++) {
        const block = all.subarray(i * PACKET, (i + 1) * PACKET);
        assert.ok(
          block.every((b) => b === i % 251),
          `packet ${i} arrived intact`,
        );
      }
      assert.ok(seen.size < count * 0.75, `buffers were reused: ${seen.size} for ${count} packets`);
    } finally {
      sock.destroy();
      server.close();
    }
  });

  it('passes other writes through untouched', async () => {
    const server = net.createServer((s) => s.resume());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const sock = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(sock, 'connect');
    try {
      reusePacketBuffers({ _sock: sock } as unknown as Client);
      const called = await new Promise<boolean>((resolve) =>
        sock.write(Buffer.from('SSH-2.0-x\r\n'), () => resolve(true)),
      );
      assert.equal(called, true, "a caller's own callback still runs");
    } finally {
      sock.destroy();
      server.close();
    }
  });

  it('changes nothing unless the session runs over a plain TCP socket', () => {
    const wrapper = new PassThrough();
    const write = wrapper.write;
    assert.equal(reusePacketBuffers({ _sock: wrapper } as unknown as Client), null);
    assert.equal(wrapper.write, write);
    assert.equal(reusePacketBuffers({} as Client), null);
  });
});
