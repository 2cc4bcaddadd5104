// ssh2 fills every outgoing packet's 4-19 padding bytes with its own `randomFillSync` call. At
// Gbit/s that is ~20k calls a second, and the profile of an upload put them at ~13% of this
// process's CPU. Here the padding comes from a pool of random bytes filled 64 KiB at a time: still
// CSPRNG output, each byte used once, so the packets are what ssh2 would send.
// Only ssh2's AES-GCM cipher (the one OpenSSH servers negotiate with us) is changed, and only after
// a probe shows its packet layout is the one reproduced here; anything else keeps ssh2's own code.
import { randomFillSync } from 'node:crypto';
import type { Client } from 'ssh2';

const POOL_BYTES = 64 * 1024;
const BLOCK = 16; // AES block: packet length (without its length field) is a multiple of it
const TAG = 16; // AES-GCM authentication tag, written after the packet by the cipher

interface CipherLike {
  allocPacket(payloadLen: number): Buffer;
  encrypt(packet: Buffer): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function outgoingCipher(client: Client): CipherLike | null {
  const c: unknown = client;
  if (!isRecord(c) || !isRecord(c._protocol)) return null;
  const cipher = c._protocol._cipher;
  if (!isRecord(cipher) || typeof cipher.allocPacket !== 'function' || typeof cipher.encrypt !== 'function')
    return null;
  return cipher as unknown as CipherLike;
}

/** The SSH binary packet layout (RFC 4253 §6) with AES-GCM's rules (RFC 5647 §7.2). */
export function gcmPaddingLength(payloadLen: number): number {
  const pad = BLOCK - ((1 + payloadLen) % BLOCK);
  return pad < 4 ? pad + BLOCK : pad;
}

function layoutMatches(alloc: (n: number) => Buffer): boolean {
  for (const payloadLen of [0, 1, 10, 11, 12, 27, 32 * 1024 + 9]) {
    const padLen = gcmPaddingLength(payloadLen);
    const packet = alloc(payloadLen);
    const bodyLen = 1 + payloadLen + padLen;
    if (packet.length !== 4 + bodyLen + TAG || packet.readUInt32BE(0) !== bodyLen || packet[4] !== padLen) return false;
  }
  return true;
}

/** Hands out random bytes, refilling its pool from the CSPRNG when it runs low; never repeats a byte. */
export class RandomPool {
  private pool = Buffer.alloc(0);
  private at = 0;

  constructor(private readonly size = POOL_BYTES) {}

  copyInto(target: Buffer, offset: number, length: number): void {
    if (this.at + length > this.pool.length) {
      this.pool = randomFillSync(Buffer.allocUnsafe(Math.max(this.size, length)));
      this.at = 0;
    }
    this.pool.copy(target, offset, this.at, this.at + length);
    this.at += length;
  }
}

/**
 * Makes the session's current outgoing cipher take its padding from a random pool. Returns false
 * (and changes nothing) when the cipher is not one whose layout is known. A rekey replaces the
 * cipher, which then pads as ssh2 does: correct, only slower. `allocate` gives the packet buffers.
 */
export function poolPacketPadding(
  client: Client,
  allocate: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
): boolean {
  const cipher = outgoingCipher(client);
  if (!cipher || !layoutMatches((n) => cipher.allocPacket(n))) return false;
  const pool = new RandomPool();
  cipher.allocPacket = (payloadLen: number): Buffer => {
    const padLen = gcmPaddingLength(payloadLen);
    const bodyLen = 1 + payloadLen + padLen;
    const packet = allocate(4 + bodyLen + TAG);
    packet.writeUInt32BE(bodyLen, 0);
    packet[4] = padLen;
    pool.copyInto(packet, 5 + payloadLen, padLen);
    return packet;
  };
  return true;
}
