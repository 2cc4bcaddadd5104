// Decides, during the SSH handshake, whether to trust a plain SSH server's host key, and says
// how to trust it when we refuse. Only an accepted unknown key is ever written: any key with
// `acceptNew`, or exactly the pinned one (the fingerprint the user was shown and trusted).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { l10n } from '../l10n';
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

/** A fingerprint as OpenSSH prints it (`SHA256:` and 43 base64 characters). */
export const FINGERPRINT_SHAPE = /^SHA256:[A-Za-z0-9+/]{43}$/;

export class HostKeyPolicy {
  private presented: Buffer | null = null;
  private verdict: HostKeyVerdict | null = null;
  private accepted = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly entries: readonly KnownHostEntry[],
    /** Where a newly accepted key is written: the first known_hosts file. */
    private readonly writeTo: string,
    private readonly acceptNew: boolean,
    /** Accept an unknown key only when it has this fingerprint (what the user saw); null: no pin. */
    private readonly pinned: string | null = null,
    /** Whether a refusal may tell the user to run again with --accept-new or --trust-host-key. */
    private readonly hostKeyFlags = true,
  ) {}

  /** The fingerprint of the key refused because known_hosts does not know it (and no pin was set), else null. */
  unknownFingerprint(): string | null {
    const refusedUnknown = this.verdict?.kind === 'unknown' && !this.accepted && this.pinned === null;
    return refusedUnknown && this.presented ? fingerprint(this.presented) : null;
  }

  /** The presented key's type and fingerprint, for messages; '' before the handshake. */
  get presentedKey(): string {
    return this.presented ? `${keyTypeOfBlob(this.presented)} ${fingerprint(this.presented)}` : '';
  }

  /** Host key algorithms to offer, so the server shows a key type known_hosts has. */
  get algorithms(): string[] {
    return preferredHostKeyAlgorithms(this.entries, this.host, this.port);
  }

  /** ssh2's hostVerifier: true to go on with the handshake. */
  readonly verify = (blob: Buffer): boolean => {
    this.presented = Buffer.from(blob);
    this.verdict = checkHostKey(this.entries, this.host, this.port, blob);
    if (this.verdict.kind === 'match') return true;
    this.accepted =
      this.verdict.kind === 'unknown' && (this.pinned !== null ? fingerprint(blob) === this.pinned : this.acceptNew);
    return this.accepted;
  };

  /** Why the key was refused, with the next step; null when it was not refused. */
  refusal(): string | null {
    const v = this.verdict;
    const blob = this.presented;
    if (!v || !blob || v.kind === 'match' || this.accepted) return null;
    const name = hostKeyName(this.host, this.port);
    const key = `${keyTypeOfBlob(blob)} ${fingerprint(blob)}`;
    if (v.kind === 'unknown' && this.pinned !== null)
      return l10n.t(
        "The host key of {0} is not the one you trusted: you checked {1}, but this connection shows {2}. Refusing to connect, and nothing was recorded. Someone may be intercepting the connection, or the server has several keys; check the fingerprint with the server's administrator before trusting it.",
        name,
        this.pinned,
        key,
      );
    switch (v.kind) {
      case 'revoked':
        return l10n.t(
          "The host key of {0} ({1}) is marked @revoked in {2}: refusing to connect. Ask the server's administrator for its new key.",
          name,
          key,
          String(v.where),
        );
      case 'changed':
        return this.hostKeyFlags
          ? l10n.t(
              "The host key of {0} has CHANGED: it now shows {1}, but {2} holds a different key. Someone may be intercepting the connection, or the server was reinstalled. If you know why it changed, remove the old entry with `ssh-keygen -R '{0}'` and run again with --accept-new.",
              name,
              key,
              v.where.join(', '),
            )
          : l10n.t(
              "The host key of {0} has CHANGED: it now shows {1}, but {2} holds a different key. Someone may be intercepting the connection, or the server was reinstalled. If you know why it changed, remove the old entry with `ssh-keygen -R '{0}'` and run again.",
              name,
              key,
              v.where.join(', '),
            );
      case 'unknown': {
        const unknown = l10n.t('The host key of {0} ({1}) is not in known_hosts.', name, key);
        const ca = v.certAuthorityOnly
          ? ` ${l10n.t('known_hosts trusts a certificate authority for this host, but host certificates are not checked here.')}`
          : '';
        const next = this.hostKeyFlags
          ? l10n.t(
              "Check the fingerprint with the server's administrator, then run again with --trust-host-key {0} to trust and record exactly this key (or --accept-new, or connect once with ssh).",
              fingerprint(blob),
            )
          : l10n.t("Check the fingerprint with the server's administrator before you trust it.");
        return `${unknown}${ca} ${next}`;
      }
    }
  }

  /** After a successful login that accepted an unknown key: appends it. Returns the file written, if any. */
  async recordIfNew(): Promise<string | null> {
    if (!this.accepted || this.verdict?.kind !== 'unknown' || !this.presented) return null;
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
  pinned: string | null = null,
  hostKeyFlags = true,
): Promise<HostKeyPolicy> {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new Error(l10n.t('Cannot read {0} ({1}): fix its permissions so host keys can be checked', file, code));
    }
    entries.push(...parseKnownHosts(text, file));
  }
  const writeTo = files[0] ?? defaultKnownHostsFiles()[0];
  return new HostKeyPolicy(host, port, entries, writeTo, acceptNew, pinned, hostKeyFlags);
}
