// STUN (RFC 5389) message codec: builds Binding requests and reads the answers. Pure: bytes in, data out.
import { randomBytes } from 'node:crypto';

const MAGIC_COOKIE = 0x2112a442;
const HEADER_LENGTH = 20;

export const BINDING_REQUEST = 0x0001;
export const BINDING_SUCCESS = 0x0101;
export const BINDING_ERROR = 0x0111;

export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  USERNAME: 0x0006,
  MESSAGE_INTEGRITY: 0x0008,
  ERROR_CODE: 0x0009,
  XOR_MAPPED_ADDRESS: 0x0020,
  /** Pre-RFC 5389 servers sent XOR-MAPPED-ADDRESS under this comprehension-optional type. */
  XOR_MAPPED_ADDRESS_OLD: 0x8020,
  SOFTWARE: 0x8022,
  FINGERPRINT: 0x8028,
} as const;

const FINGERPRINT_XOR = 0x5354554e;

interface StunAttribute {
  type: number;
  value: Buffer;
}

export interface StunMessage {
  type: number;
  transactionId: Buffer;
  attributes: StunAttribute[];
  /** The whole message as received, for the fingerprint check. */
  raw: Buffer;
}

export interface TransportAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  port: number;
}

type DecodeResult = { ok: true; message: StunMessage } | { ok: false; reason: string };

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/**
 * What Tailscale's client puts in SOFTWARE. derper, which Coder's relays are built from, answers a
 * Binding request only when it carries exactly this and ends with a FINGERPRINT; plain RFC 5389
 * servers answer either way. Eight bytes, so the attribute needs no padding.
 */
export const TAILSCALE_SOFTWARE = 'tailnode';

/**
 * A Binding request as Tailscale's client sends it (RFC 5389 section 7.1): SOFTWARE "tailnode",
 * then FINGERPRINT, the last attribute, over everything before it.
 */
export function encodeBindingRequest(transactionId: Buffer): Buffer {
  if (transactionId.length !== 12) throw new Error('a STUN transaction id is 12 bytes');
  const software = Buffer.from(TAILSCALE_SOFTWARE, 'latin1');
  const message = Buffer.alloc(HEADER_LENGTH + 4 + software.length);
  message.writeUInt16BE(BINDING_REQUEST, 0);
  message.writeUInt16BE(4 + software.length, 2);
  message.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(message, 8);
  message.writeUInt16BE(ATTR.SOFTWARE, HEADER_LENGTH);
  message.writeUInt16BE(software.length, HEADER_LENGTH + 2);
  software.copy(message, HEADER_LENGTH + 4);
  return appendFingerprint(message);
}

/** Appends FINGERPRINT to a complete message (its length field is updated to include it). */
export function appendFingerprint(message: Buffer): Buffer {
  const out = Buffer.alloc(message.length + 8);
  message.copy(out);
  out.writeUInt16BE(message.length + 8 - HEADER_LENGTH, 2);
  const crc = (crc32(out.subarray(0, message.length)) ^ FINGERPRINT_XOR) >>> 0;
  out.writeUInt16BE(ATTR.FINGERPRINT, message.length);
  out.writeUInt16BE(4, message.length + 2);
  out.writeUInt32BE(crc, message.length + 4);
  return out;
}

/** Reads a STUN message; anything malformed comes back as a reason, never an exception. */
export function decodeMessage(data: Buffer): DecodeResult {
  if (data.length < HEADER_LENGTH) return { ok: false, reason: `too short for a STUN header (${data.length} bytes)` };
  const type = data.readUInt16BE(0);
  if ((type & 0xc000) !== 0) return { ok: false, reason: 'the first two bits are not zero; not STUN' };
  const length = data.readUInt16BE(2);
  if (length % 4 !== 0) return { ok: false, reason: `message length ${length} is not a multiple of 4` };
  if (HEADER_LENGTH + length > data.length)
    return { ok: false, reason: `message length ${length} runs past the ${data.length}-byte datagram` };
  const attributes: StunAttribute[] = [];
  let offset = HEADER_LENGTH;
  const end = HEADER_LENGTH + length;
  while (offset < end) {
    if (offset + 4 > end) return { ok: false, reason: 'truncated attribute header' };
    const attrType = data.readUInt16BE(offset);
    const attrLength = data.readUInt16BE(offset + 2);
    const valueEnd = offset + 4 + attrLength;
    if (valueEnd > end) return { ok: false, reason: `attribute 0x${attrType.toString(16)} runs past the message` };
    attributes.push({ type: attrType, value: data.subarray(offset + 4, valueEnd) });
    offset = valueEnd + ((4 - (attrLength % 4)) % 4);
  }
  return { ok: true, message: { type, transactionId: data.subarray(8, 20), attributes, raw: data.subarray(0, end) } };
}

export function hasMagicCookie(message: StunMessage): boolean {
  return message.raw.readUInt32BE(4) === MAGIC_COOKIE;
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

/** MAPPED-ADDRESS value (RFC 5389 section 15.1). */
function decodeAddress(value: Buffer): TransportAddress | null {
  if (value.length < 8) return null;
  const family = value[1];
  const port = value.readUInt16BE(2);
  if (family === 0x01 && value.length >= 8) return { family: 'IPv4', address: ipv4(value.subarray(4, 8)), port };
  if (family === 0x02 && value.length >= 20) return { family: 'IPv6', address: ipv6(value.subarray(4, 20)), port };
  return null;
}

/** XOR-MAPPED-ADDRESS value (RFC 5389 section 15.2): port and address XORed with cookie (+ transaction id). */
function decodeXorAddress(value: Buffer, transactionId: Buffer): TransportAddress | null {
  if (value.length < 8) return null;
  const mask = Buffer.alloc(16);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(mask, 4);
  const plain = Buffer.from(value);
  plain.writeUInt16BE(value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16), 2);
  const addressLength = value[1] === 0x01 ? 4 : value[1] === 0x02 ? 16 : 0;
  if (addressLength === 0 || value.length < 4 + addressLength) return null;
  for (let i = 0; i < addressLength; i++) plain[4 + i] = value[4 + i] ^ mask[i];
  return decodeAddress(plain);
}

/** The mapped address a Binding success response carries: XOR form first, plain MAPPED-ADDRESS for old servers. */
export function mappedAddress(message: StunMessage): TransportAddress | null {
  const xor = attribute(message, ATTR.XOR_MAPPED_ADDRESS) ?? attribute(message, ATTR.XOR_MAPPED_ADDRESS_OLD);
  if (xor) {
    const decoded = decodeXorAddress(xor, message.transactionId);
    if (decoded) return decoded;
  }
  const plain = attribute(message, ATTR.MAPPED_ADDRESS);
  return plain ? decodeAddress(plain) : null;
}

/** ERROR-CODE value as "code reason". */
export function errorCode(message: StunMessage): string | null {
  const value = attribute(message, ATTR.ERROR_CODE);
  if (!value || value.length < 4) return null;
  const code = (value[2] & 0x07) * 100 + value[3];
  return `${code} ${value.subarray(4).toString('utf8')}`.trim();
}

function attributeOffset(message: StunMessage, type: number): number | null {
  let offset = HEADER_LENGTH;
  for (const a of message.attributes) {
    if (a.type === type) return offset;
    offset += 4 + a.value.length + ((4 - (a.value.length % 4)) % 4);
  }
  return null;
}

/** true/false when the message has a FINGERPRINT, null when it has none. */
export function fingerprintMatches(message: StunMessage): boolean | null {
  const offset = attributeOffset(message, ATTR.FINGERPRINT);
  if (offset === null) return null;
  const value = attribute(message, ATTR.FINGERPRINT);
  if (!value || value.length !== 4) return false;
  const covered = Buffer.from(message.raw.subarray(0, offset));
  covered.writeUInt16BE(offset + 8 - HEADER_LENGTH, 2);
  return (crc32(covered) ^ FINGERPRINT_XOR) >>> 0 === value.readUInt32BE(0);
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC), as FINGERPRINT uses. */
export function crc32(data: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function ipv4(bytes: Buffer): string {
  return Array.from(bytes).join('.');
}

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups, as the usual text form does.
  let best = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

export function formatAddress(a: TransportAddress): string {
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}
