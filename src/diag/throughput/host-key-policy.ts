// Decides, during the SSH handshake, whether to trust a plain SSH server's host key, and says
// how to trust it when we refuse. Only `acceptNew` ever writes, and only for an unknown host.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkHostKey,
  fingerprint,
  hostKeyName,
  keyTypeOfBlob,
  knownHostsLine,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from './known-hosts';
import type { HostKeyVerdict, KnownHostEntry } from './known-hosts';

export function defaultKnownHostsFiles(home: string = os.homedir()): string[] {
  return [path.join(home, '.ssh', 'known_hosts'), path.join(home, '.ssh', 'known_hosts2'), '/etc/ssh/ssh_known_hosts'];
}

export class HostKeyPolicy {
  private presented: Buffer | null = null;
  private verdict: HostKeyVerdict | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly entries: readonly KnownHostEntry[],
    /** Where a newly accepted key is written: the first known_hosts file. */
    private readonly writeTo: string,
    private readonly acceptNew: boolean,
  ) {}

  /** Host key algorithms to offer, so the server shows a key type known_hosts has. */
  get algorithms(): string[] {
    return preferredHostKeyAlgorithms(this.entries, this.host, this.port);
  }

  /** ssh2's hostVerifier: true to go on with the handshake. */
  readonly verify = (blob: Buffer): boolean => {
    this.presented = Buffer.from(blob);
    this.verdict = checkHostKey(this.entries, this.host, this.port, blob);
    if (this.verdict.kind === 'match') return true;
    return this.verdict.kind === 'unknown' && this.acceptNew;
  };

  /** Why the key was refused, with the next step; null when it was not refused. */
  refusal(): string | null {
    const v = this.verdict;
    const blob = this.presented;
    if (!v || !blob || v.kind === 'match' || (v.kind === 'unknown' && this.acceptNew)) return null;
    const name = hostKeyName(this.host, this.port);
    const key = `${keyTypeOfBlob(blob)} ${fingerprint(blob)}`;
    switch (v.kind) {
      case 'revoked':
        return `The host key of ${name} (${key}) is marked @revoked in ${v.where}: refusing to connect. Ask the server's administrator for its new key.`;
      case 'changed':
        return (
          `The host key of ${name} has CHANGED: it now shows ${key}, but ${v.where.join(', ')} holds a different key. ` +
          `Someone may be intercepting the connection, or the server was reinstalled. If you know why it changed, ` +
          `remove the old entry with \`ssh-keygen -R '${name}'\` and run again with --accept-new.`
        );
      case 'unknown': {
        const ca = v.certAuthorityOnly
          ? ' known_hosts trusts a certificate authority for this host, but host certificates are not checked here.'
          : '';
        return (
          `The host key of ${name} (${key}) is not in known_hosts.${ca} Check the fingerprint with the server's ` +
          `administrator, then run again with --accept-new to trust and record it (or connect once with ssh).`
        );
      }
    }
  }

  /** After a successful login with --accept-new: appends the new key. Returns the file written, if any. */
  async recordIfNew(): Promise<string | null> {
    if (!this.acceptNew || this.verdict?.kind !== 'unknown' || !this.presented) return null;
    await fs.mkdir(path.dirname(this.writeTo), { recursive: true, mode: 0o700 });
    let prefix = '';
    try {
      const existing = await fs.readFile(this.writeTo, 'utf8');
      if (existing.length > 0 && !existing.endsWith('\n')) prefix = '\n';
    } catch {
      // A new file.
    }
    await fs.appendFile(this.writeTo, prefix + knownHostsLine(this.host, this.port, this.presented) + '\n', {
      mode: 0o600,
    });
    return this.writeTo;
  }
}

export async function loadHostKeyPolicy(
  host: string,
  port: number,
  files: readonly string[],
  acceptNew: boolean,
): Promise<HostKeyPolicy> {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(
        `Cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}): fix its permissions so host keys can be checked`,
      );
    }
    entries.push(...parseKnownHosts(text, file));
  }
  return new HostKeyPolicy(host, port, entries, files[0] ?? defaultKnownHostsFiles()[0], acceptNew);
}
