// A STUN server stand-in on loopback for unit tests: answers Binding requests with whatever
// mapped address the test wants (so a "hard NAT" can be staged), stays silent, or sends errors.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { appendFingerprint } from '../../../../src/diag/local/stun-codec';

export type FakeMode =
  | 'answer'
  | 'silent'
  | 'error'
  | 'garbage-then-answer'
  | 'no-cookie-then-answer'
  | 'spoofed-then-answer'
  | 'corrupted'
  | 'corrupted-then-answer';

/** What a forged answer claims the client's public address is. */
export const FORGED_MAPPED = { address: '6.6.6.6', port: 6666 };

export interface FakeStun {
  port: number;
  requests: number;
  close(): Promise<void>;
}

function xorAddress(address: string, port: number, tid: Buffer): Buffer {
  const v6 = isIP(address) === 6;
  const value = Buffer.alloc(v6 ? 20 : 8);
  value[1] = v6 ? 0x02 : 0x01;
  value.writeUInt16BE(port ^ 0x2112, 2);
  const mask = Buffer.concat([Buffer.from('2112a442', 'hex'), tid]);
  const raw = v6 ? Buffer.from(expandV6(address), 'hex') : Buffer.from(address.split('.').map(Number));
  for (let i = 0; i < raw.length; i++) value[4 + i] = raw[i] ^ mask[i];
  return value;
}

function expandV6(address: string): string {
  const [head, tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join('');
}

export function stunMessage(type: number, tid: Buffer, attrs: { type: number; value: Buffer }[]): Buffer {
  const body = Buffer.concat(
    attrs.map((a) => {
      const pad = (4 - (a.value.length % 4)) % 4;
      const head = Buffer.alloc(4);
      head.writeUInt16BE(a.type, 0);
      head.writeUInt16BE(a.value.length, 2);
      return Buffer.concat([head, a.value, Buffer.alloc(pad)]);
    }),
  );
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(0x2112a442, 4);
  tid.copy(header, 8);
  return Buffer.concat([header, body]);
}

export async function startFakeStun(
  mode: FakeMode,
  mapped: (from: RemoteInfo) => { address: string; port: number } = (r) => r,
): Promise<FakeStun> {
  const socket: Socket = createSocket('udp4');
  const state = { requests: 0 };
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001) return;
    state.requests += 1;
    const tid = msg.subarray(8, 20);
    if (mode === 'silent') return;
    if (mode === 'error') {
      const err = Buffer.concat([Buffer.from([0, 0, 4, 0]), Buffer.from('Bad Request')]);
      socket.send(stunMessage(0x0111, tid, [{ type: 0x0009, value: err }]), rinfo.port, rinfo.address);
      return;
    }
    const m = mapped(rinfo);
    const answer = stunMessage(0x0101, tid, [{ type: 0x0020, value: xorAddress(m.address, m.port, tid) }]);
    if (mode === 'corrupted' || mode === 'corrupted-then-answer') {
      // Right transaction, source and cookie, but a byte of the mapped address changed after the
      // FINGERPRINT was made: what a mangling middlebox (or a forger who cannot count) sends.
      const corrupted = appendFingerprint(answer);
      corrupted[corrupted.length - 9] ^= 0x40;
      socket.send(corrupted, rinfo.port, rinfo.address);
      if (mode === 'corrupted') return;
    }
    if (mode === 'garbage-then-answer') {
      socket.send(Buffer.from('not stun at all'), rinfo.port, rinfo.address);
      socket.send(
        stunMessage(0x0101, Buffer.alloc(12, 0xee), [
          { type: 0x0020, value: xorAddress('6.6.6.6', 6, Buffer.alloc(12, 0xee)) },
        ]),
        rinfo.port,
        rinfo.address,
      );
    }
    if (mode === 'no-cookie-then-answer') {
      // Right transaction, plain MAPPED-ADDRESS, but a zero magic cookie: an RFC 3489 reply or a forgery.
      const plain = Buffer.from([0, 1, 0x1a, 0x0a, 6, 6, 6, 6]);
      const forged = stunMessage(0x0101, tid, [{ type: 0x0001, value: plain }]);
      forged.writeUInt32BE(0, 4);
      socket.send(forged, rinfo.port, rinfo.address);
    }
    if (mode === 'spoofed-then-answer') {
      // Right transaction and cookie, sent from a port the client never asked.
      const spoofer = createSocket('udp4');
      const forged = stunMessage(0x0101, tid, [
        { type: 0x0020, value: xorAddress(FORGED_MAPPED.address, FORGED_MAPPED.port, tid) },
      ]);
      spoofer.send(forged, rinfo.port, rinfo.address, () => spoofer.close());
    }
    const delay = mode === 'no-cookie-then-answer' || mode === 'spoofed-then-answer' ? 50 : 0;
    // The good answer of 'corrupted-then-answer' carries a FINGERPRINT that matches.
    const good = mode === 'corrupted-then-answer' ? appendFingerprint(answer) : answer;
    setTimeout(() => socket.send(good, rinfo.port, rinfo.address), mode === 'corrupted-then-answer' ? 50 : delay);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
