// Reads OpenSSH known_hosts files and decides whether a server's host key is trusted.
// Covers plain and hashed (|1|salt|hash) names, [host]:port names, comma lists with wildcards
// and negation, @revoked (always refused) and @cert-authority (never taken as a plain key).
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | null;
  hosts: string;
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'match'; where: string }
  | { kind: 'unknown'; certAuthorityOnly: boolean }
  | { kind: 'changed'; where: string[]; knownTypes: string[] }
  | { kind: 'revoked'; where: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // An unknown marker: OpenSSH ignores the line, and so do we.
    }
    const [hosts, keyType, keyText] = fields;
    if (!hosts || !keyType || !keyText || !BASE64.test(keyText)) return;
    const key = Buffer.from(keyText, 'base64');
    // The key blob names its own type; a line whose type field disagrees is corrupt.
    if (keyTypeOfBlob(key) !== keyType) return;
    out.push({ marker, hosts, keyType, key, file, line: index + 1 });
  });
  return out;
}

/** Glob match with `*` and `?`, case-insensitive, like OpenSSH's match_pattern. */
export function matchPattern(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  // Iterative glob with backtracking to the last `*`: linear-ish, no regex built from input.
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|');
  // '', '1', salt, hash
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const want = Buffer.from(parts[3], 'base64');
  const got = createHmac('sha1', salt).update(name).digest();
  return want.length === got.length && got.equals(want);
}

/** Whether a known_hosts host field (one hashed name, or a comma list of patterns) covers `name`. */
export function hostsFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name.toLowerCase());
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (matchPattern(pattern.slice(1), name)) return false;
    } else if (matchPattern(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The key type written at the start of an SSH public key blob, or '' when unreadable. */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return '';
  return blob.subarray(4, 4 + len).toString('latin1');
}

export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

const where = (e: KnownHostEntry): string => `${e.file}:${e.line}`;

export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  blob: Buffer,
): HostKeyVerdict {
  const name = hostKeyName(host, port);
  // A revoked key is refused whatever host it is presented for.
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(blob));
  if (revoked) return { kind: 'revoked', where: where(revoked) };
  const plain = entries.filter((e) => e.marker === null && hostsFieldMatches(e.hosts, name));
  const same = plain.find((e) => e.key.equals(blob));
  if (same) return { kind: 'match', where: where(same) };
  if (plain.length > 0) {
    return { kind: 'changed', where: plain.map(where), knownTypes: [...new Set(plain.map((e) => e.keyType))] };
  }
  const ca = entries.some((e) => e.marker === 'cert-authority' && hostsFieldMatches(e.hosts, name));
  return { kind: 'unknown', certAuthorityOnly: ca };
}

// Signature algorithms a server may use for each stored key type, most preferred first.
const ALGORITHMS_FOR_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Host key algorithms to offer so the server presents a key type we already know, as OpenSSH
 * does; empty when the host is not known (then any algorithm is fine).
 */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const name = hostKeyName(host, port);
  const types = new Set(
    entries.filter((e) => e.marker === null && hostsFieldMatches(e.hosts, name)).map((e) => e.keyType),
  );
  const order = Object.keys(ALGORITHMS_FOR_TYPE);
  return order.filter((t) => types.has(t)).flatMap((t) => ALGORITHMS_FOR_TYPE[t]);
}

/** A known_hosts line for a newly accepted key. */
export function knownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${hostKeyName(host, port)} ${keyTypeOfBlob(blob)} ${blob.toString('base64')}`;
}
