// Small IP helpers: text -> bigint, CIDR membership, link-local test. Pure.
import { isIP } from 'node:net';

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

export function ipToBigInt(ip: string): { family: 4 | 6; value: bigint } | null {
  const bare = ip.split('%')[0];
  const family = isIP(bare);
  if (family === 4) {
    return { family: 4, value: bare.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n) };
  }
  if (family !== 6) return null;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  let text = bare;
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4tail) {
    const n = ipToBigInt(v4tail[1])!.value;
    text = `${text.slice(0, -v4tail[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  if (groups.length !== 8) return null;
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n) };
}

export function parseCidr(text: string): Cidr | null {
  const parts = text.trim().split('/');
  if (parts.length > 2) return null;
  const [ip, bitsText] = parts;
  const parsed = ipToBigInt(ip);
  if (!parsed) return null;
  const width = parsed.family === 4 ? 32 : 128;
  // Digits only: Number('') is 0, which would turn "10.0.0.0/" into a /0 that matches everything.
  if (bitsText !== undefined && !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return null;
  return { family: parsed.family, base: parsed.value >> BigInt(width - bits), bits };
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** `::ffff:a.b.c.d` is an IPv4 address seen through an IPv6 socket; compare it as IPv4. */
function unmapV4(parsed: { family: 4 | 6; value: bigint }): { family: 4 | 6; value: bigint } {
  return parsed.family === 6 && parsed.value >> 32n === V4_MAPPED_PREFIX >> 32n
    ? { family: 4, value: parsed.value & 0xffffffffn }
    : parsed;
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  const found = ipToBigInt(ip);
  const parsed = found && cidr.family === 4 ? unmapV4(found) : found;
  if (!parsed || parsed.family !== cidr.family) return false;
  const width = cidr.family === 4 ? 32 : 128;
  return parsed.value >> BigInt(width - cidr.bits) === cidr.base;
}

/** Addresses that cannot carry a direct connection off the machine: link-local and loopback. */
export function isLinkLocalOrLoopback(ip: string): boolean {
  const a = ip.split('/')[0].split('%')[0].toLowerCase();
  if (a.startsWith('169.254.') || a.startsWith('127.')) return true;
  if (a === '::1') return true;
  return /^fe[89ab][0-9a-f]:/.test(a);
}
