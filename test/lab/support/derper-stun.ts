// A stand-in for the STUN side of Tailscale's derper, the server Coder's relays are built from. It
// answers a Binding request only when it says it comes from Tailscale: a SOFTWARE attribute of
// exactly "tailnode" and a FINGERPRINT as the very last attribute, checked over every byte before
// it. Anything else gets no answer at all, as derper's net/stun.ParseBindingRequest refuses it.
// The check is written here on its own (not with the engine's codec), so a codec bug cannot hide.
// Runs in-process (unit tests, with counts and a log) or as a script (lab namespaces), printing
// "listening PORT" once bound, then "<verdict> <from>" per request (accepted, wrong-software…):
//   node derper-stun.js '{"hosts":["203.0.113.10","203.0.113.11"],"port":3480}'
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { serveUntilStopped } from './standin-main';

export interface DerperStunOptions {
  hosts: string[];
  /** 0 picks a free port (the same one on every host when it can). */
  port: number;
  /** Add a FINGERPRINT to answers (derper itself sends XOR-MAPPED-ADDRESS alone). Default true. */
  fingerprint?: boolean;
}

export type DerperVerdict =
  | 'accepted'
  | 'not-stun'
  | 'not-binding-request'
  | 'malformed-attributes'
  | 'wrong-software'
  | 'no-fingerprint'
  | 'wrong-fingerprint';

export interface DerperStun {
  port: number;
  counts: { accepted: number; dropped: number };
  /** Every request in order: who sent it and what the stand-in made of it. */
  log: { from: string; verdict: DerperVerdict }[];
  close(): Promise<void>;
}

const MAGIC_COOKIE = 0x2112a442;
const ATTR_SOFTWARE = 0x8022;
const ATTR_FINGERPRINT = 0x8028;
const ATTR_XOR_MAPPED_ADDRESS = 0x0020;
const HEADER = 20;

let table: Uint32Array | null = null;

function crc32(data: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const fingerprintOf = (bytes: Buffer): number => (crc32(bytes) ^ 0x5354554e) >>> 0;

/** What derper makes of a datagram: 'accepted' or why it stays silent (net/stun.ParseBindingRequest). */
export function judgeRequest(b: Buffer): DerperVerdict {
  if (b.length < HEADER || (b[0] & 0xc0) !== 0 || b.readUInt32BE(4) !== MAGIC_COOKIE) return 'not-stun';
  if (b.readUInt16BE(0) !== 0x0001) return 'not-binding-request';
  // Like derper, walk the attributes to the end of the datagram, whatever the header's length says.
  let softwareOk = false;
  let lastAttr = -1;
  let gotFingerprint: number | null = null;
  let offset = HEADER;
  while (offset < b.length) {
    if (b.length - offset < 4) return 'malformed-attributes';
    const type = b.readUInt16BE(offset);
    const length = b.readUInt16BE(offset + 2);
    const padded = (length + 3) & ~3;
    if (offset + 4 + padded > b.length) return 'malformed-attributes';
    const value = b.subarray(offset + 4, offset + 4 + length);
    lastAttr = type;
    if (type === ATTR_SOFTWARE && value.toString('latin1') === 'tailnode') softwareOk = true;
    if (type === ATTR_FINGERPRINT && length === 4) gotFingerprint = value.readUInt32BE(0);
    offset += 4 + padded;
  }
  if (!softwareOk) return 'wrong-software';
  if (lastAttr !== ATTR_FINGERPRINT) return 'no-fingerprint';
  return gotFingerprint === fingerprintOf(b.subarray(0, b.length - 8)) ? 'accepted' : 'wrong-fingerprint';
}

function expandV6(address: string): Buffer {
  const [head, tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

/** A Binding success with the sender's XOR-MAPPED-ADDRESS (and a FINGERPRINT unless told not to). */
export function bindingSuccess(txid: Buffer, from: { address: string; port: number }, fingerprint = true): Buffer {
  const v6 = isIP(from.address) === 6;
  const raw = v6 ? expandV6(from.address) : Buffer.from(from.address.split('.').map(Number));
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  txid.copy(mask, 4);
  const attr = Buffer.alloc(8 + raw.length);
  attr.writeUInt16BE(ATTR_XOR_MAPPED_ADDRESS, 0);
  attr.writeUInt16BE(4 + raw.length, 2);
  attr[5] = v6 ? 0x02 : 0x01;
  attr.writeUInt16BE(from.port ^ (MAGIC_COOKIE >>> 16), 6);
  for (let i = 0; i < raw.length; i++) attr[8 + i] = raw[i] ^ mask[i];
  const length = attr.length + (fingerprint ? 8 : 0);
  const header = Buffer.alloc(HEADER);
  header.writeUInt16BE(0x0101, 0);
  header.writeUInt16BE(length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  txid.copy(header, 8);
  const body = Buffer.concat([header, attr]);
  if (!fingerprint) return body;
  const fp = Buffer.alloc(8);
  fp.writeUInt16BE(ATTR_FINGERPRINT, 0);
  fp.writeUInt16BE(4, 2);
  fp.writeUInt32BE(fingerprintOf(body), 4);
  return Buffer.concat([body, fp]);
}

function bind(socket: Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

export async function startDerperStun(
  options: DerperStunOptions,
  onRequest: (entry: { from: string; verdict: DerperVerdict }) => void = () => undefined,
): Promise<DerperStun> {
  const counts = { accepted: 0, dropped: 0 };
  const log: DerperStun['log'] = [];
  const sockets: Socket[] = [];
  let port = options.port;
  try {
    for (const host of options.hosts) {
      const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      socket.on('error', () => undefined);
      socket.on('message', (msg: Buffer, from: RemoteInfo) => {
        const verdict = judgeRequest(msg);
        const who = from.family === 'IPv6' ? `[${from.address}]:${from.port}` : `${from.address}:${from.port}`;
        log.push({ from: who, verdict });
        onRequest({ from: who, verdict });
        if (verdict !== 'accepted') {
          counts.dropped += 1;
          return;
        }
        counts.accepted += 1;
        socket.send(bindingSuccess(msg.subarray(8, 20), from, options.fingerprint ?? true), from.port, from.address);
      });
      sockets.push(socket);
      await bind(socket, port, host);
      port = socket.address().port;
    }
  } catch (err) {
    for (const s of sockets) s.close();
    throw err;
  }
  return {
    port,
    counts,
    log,
    close: () => Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}

if (require.main === module) {
  const options = JSON.parse(process.argv[2] ?? '{}') as DerperStunOptions;
  // One line per request, so the lab can tell which were answered and why the others were not.
  serveUntilStopped(
    'derper STUN stand-in',
    startDerperStun(options, (e) => process.stdout.write(`${e.verdict} ${e.from}\n`)),
  );
}
