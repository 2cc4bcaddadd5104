import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Client } from 'ssh2';
import { RandomPool, gcmPaddingLength, poolPacketPadding } from '../../../../src/diag/speedtest/ssh2-padding';

// ssh2's own cipher module: the code being patched, so the test sees the real packet layout.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sshCrypto = require('ssh2/lib/protocol/crypto') as {
  bindingAvailable: boolean;
  CIPHER_INFO: Record<string, unknown>;
  createCipher(config: unknown): { allocPacket(n: number): Buffer; encrypt(p: Buffer): void };
  createDecipher(config: unknown): { decrypt(data: Buffer, p: number, len: number): void };
};

const GCM = sshCrypto.CIPHER_INFO['aes128-gcm@openssh.com'];

function gcmPair(forceNative = false): {
  client: Client;
  cipher: { allocPacket(n: number): Buffer; encrypt(p: Buffer): void };
  wire: Buffer[];
  received: Buffer[];
} {
  const key = randomBytes(16);
  const iv = randomBytes(12);
  const wire: Buffer[] = [];
  const received: Buffer[] = [];
  const cipher = sshCrypto.createCipher({
    outbound: {
      seqno: 0,
      onWrite: (b: Buffer) => wire.push(Buffer.from(b)),
      cipherInfo: GCM,
      cipherKey: Buffer.from(key),
      cipherIV: Buffer.from(iv),
      forceNative,
    },
  });
  const decipher = sshCrypto.createDecipher({
    inbound: {
      seqno: 0,
      onPayload: (p: Buffer) => received.push(Buffer.from(p)),
      decipherInfo: GCM,
      decipherKey: Buffer.from(key),
      decipherIV: Buffer.from(iv),
    },
  });
  const client = { _protocol: { _cipher: cipher } } as unknown as Client;
  // Feed what was encrypted to the decipher, as the server would read it.
  const flush = (): void => {
    const all = Buffer.concat(wire.splice(0));
    decipher.decrypt(all, 0, all.length);
  };
  const origEncrypt = cipher.encrypt.bind(cipher);
  cipher.encrypt = (p: Buffer) => {
    origEncrypt(p);
    flush();
  };
  return { client, cipher, wire, received };
}

function packetWith(cipher: { allocPacket(n: number): Buffer }, payload: Buffer): Buffer {
  const packet = cipher.allocPacket(payload.length);
  payload.copy(packet, 5);
  return packet;
}

describe('pooled packet padding (ssh2 AES-GCM)', () => {
  it('pads as RFC 4253 asks for a 16-byte block: at least 4 bytes, whole blocks', () => {
    for (let n = 0; n < 100; n++) {
      const pad = gcmPaddingLength(n);
      assert.ok(pad >= 4 && pad < 20, `payload ${n}: padding ${pad}`);
      assert.equal((1 + n + pad) % 16, 0);
    }
  });

  it('keeps packets decryptable and their padding random on ssh2 AES-GCM', function () {
    const { client, cipher, received } = gcmPair();
    if (!sshCrypto.bindingAvailable) {
      // Without ssh2's native binding the layout differs (no room for the tag): nothing is changed.
      assert.equal(poolPacketPadding(client), false);
      return;
    }
    const original = cipher.allocPacket;
    assert.equal(poolPacketPadding(client), true);
    assert.notEqual(cipher.allocPacket, original, 'the cipher now takes padding from the pool');
    const payloads = [Buffer.alloc(32 * 1024, 7), Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(32 * 1024, 7)];
    const paddings: Buffer[] = [];
    for (const payload of payloads) {
      const packet = packetWith(cipher, payload);
      const padLen = packet[4];
      paddings.push(Buffer.from(packet.subarray(5 + payload.length, 5 + payload.length + padLen)));
      cipher.encrypt(packet);
    }
    assert.deepEqual(received, payloads, 'the receiver reads every payload back');
    // Two packets of the same size get different padding, and none of it is the zeros of a fresh buffer.
    assert.notDeepEqual(paddings[0], paddings[3]);
    assert.ok(paddings.every((p) => p.length >= 4 && p.some((b) => b !== 0)));
  });

  it('builds packets in the buffers it is given, and they still decrypt when a buffer is reused', () => {
    const { client, cipher, received } = gcmPair();
    if (!sshCrypto.bindingAvailable) {
      // Without ssh2's native cipher there is nothing to hand buffers to: ssh2 keeps its own.
      assert.equal(
        poolPacketPadding(client, () => Buffer.alloc(0)),
        false,
      );
      return;
    }
    const sizes: number[] = [];
    let reused: Buffer | undefined;
    // Hands the same buffer out again for the same size, as a recycler does once a write is done.
    const allocate = (size: number): Buffer => {
      sizes.push(size);
      if (!reused || reused.length !== size) reused = Buffer.alloc(size, 0xee);
      return reused;
    };
    assert.equal(poolPacketPadding(client, allocate), true);
    const payloads = [Buffer.alloc(32 * 1024, 1), Buffer.alloc(32 * 1024, 2), Buffer.alloc(32 * 1024, 3)];
    for (const payload of payloads) cipher.encrypt(packetWith(cipher, payload));
    assert.deepEqual(received, payloads);
    assert.deepEqual(sizes, Array(3).fill(4 + 1 + 32 * 1024 + gcmPaddingLength(32 * 1024) + 16));
  });

  it('changes nothing when the cipher lays packets out differently', () => {
    const { client, cipher } = gcmPair(true); // ssh2's JS AES-GCM: no room reserved for the tag
    const original = cipher.allocPacket;
    assert.equal(poolPacketPadding(client), false);
    assert.equal(cipher.allocPacket, original);
  });

  it('changes nothing on a client without the expected internals', () => {
    assert.equal(poolPacketPadding({} as Client), false);
    assert.equal(poolPacketPadding({ _protocol: { _cipher: { allocPacket: 1 } } } as unknown as Client), false);
  });

  it('hands out each random byte once, refilling when the pool runs out', () => {
    const pool = new RandomPool(32);
    const a = Buffer.alloc(20);
    const b = Buffer.alloc(20);
    const c = Buffer.alloc(10);
    pool.copyInto(a, 0, 20);
    pool.copyInto(b, 0, 20); // only 12 left: a fresh pool
    pool.copyInto(c, 0, 10); // from the rest of the second pool
    assert.notDeepEqual(a, b);
    assert.notDeepEqual(b.subarray(0, 10), c);
    const big = Buffer.alloc(100);
    pool.copyInto(big, 0, 100); // larger than the pool: served whole
    assert.ok(big.some((x) => x !== 0));
  });
});
