// What our TLS connections trust and present: Node's roots, the OS bundle, the files the user names
// (coder.tlsCaFile, SSL_CERT_FILE/SSL_CERT_DIR, NODE_EXTRA_CA_CERTS) and a client certificate. A file
// that cannot be used is a problem to report, never a reason to stop.
import { X509Certificate } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';
import type { NetSettings } from './settings';

/** The distributions' bundles, where update-ca-certificates and friends put a company's CA (Go reads the same). */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** A CA file larger than this is not a CA file. */
const MAX_PEM_BYTES = 4 * 1024 * 1024;
/** A folder (SSL_CERT_DIR) is read up to this many files. */
const MAX_DIR_FILES = 2000;

interface TrustProblem {
  file: string;
  role: 'ca' | 'client-cert' | 'client-key';
  reason: string;
}

export interface TlsMaterial {
  /** Every trusted root as PEM; passed as `ca`, which replaces Node's defaults, so they are in it too. */
  ca: string[];
  cert?: Buffer;
  key?: Buffer;
  /** Where trust came from besides Node's own roots, for the report. */
  sources: string[];
  problems: TrustProblem[];
}

/** The roots parsed once per check, not once per connection; the client certificate only where it may go. */
export interface TlsContexts {
  /** Servers: our roots and, when set, the client certificate. */
  server: SecureContext;
  /** Proxies: our roots only (a client certificate is for the deployment, not the proxy). */
  proxy: SecureContext;
}

export function tlsContexts(material: TlsMaterial): TlsContexts {
  const proxy = createSecureContext({ ca: material.ca });
  const server =
    material.cert && material.key
      ? createSecureContext({ ca: material.ca, cert: material.cert, key: material.key })
      : proxy;
  return { server, proxy };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A certificate's identity whatever its line breaks. */
const pemKey = (block: string): string => block.replace(/\s+/g, '');

/**
 * The certificates of a PEM text that parse, and how many did not. Blocks in `known` (already
 * trusted) are taken without parsing again: the OS bundle repeats Node's roots, and SSL_CERT_DIR the bundle.
 */
export function pemCertificates(text: string, known: Set<string> = new Set()): { certs: string[]; broken: number } {
  const certs: string[] = [];
  let broken = 0;
  for (const block of text.match(PEM_BLOCK) ?? []) {
    const key = pemKey(block);
    if (known.has(key)) {
      certs.push(block);
      continue;
    }
    try {
      new X509Certificate(block);
      known.add(key);
      certs.push(block);
    } catch {
      broken++;
    }
  }
  return { certs, broken };
}

/** What one load has read and parsed already, so no file is read twice and no certificate parsed twice. */
interface Reading {
  files: Set<string>;
  known: Set<string>;
  problems: TrustProblem[];
}

/** False when this file (by its real path) was read before in this load. */
async function firstVisit(file: string, reading: Reading): Promise<boolean> {
  const real = await realpath(file).catch(() => file);
  if (reading.files.has(real)) return false;
  reading.files.add(real);
  return true;
}

async function readSmall(file: string): Promise<Buffer> {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(l10n.t('not a file'));
  if (info.size > MAX_PEM_BYTES) throw new Error(l10n.t('larger than {0} bytes', MAX_PEM_BYTES));
  return readFile(file);
}

/** A CA file's certificates; none (and no problem) when the file was read already. */
async function readCaFile(file: string, reading: Reading): Promise<string[] | null> {
  const { problems } = reading;
  try {
    if (!(await firstVisit(file, reading))) return null;
    const { certs, broken } = pemCertificates((await readSmall(file)).toString('utf8'), reading.known);
    if (certs.length === 0)
      problems.push({
        file,
        role: 'ca',
        reason: broken > 0 ? l10n.t('its certificates do not parse') : l10n.t('holds no PEM certificate'),
      });
    return certs;
  } catch (err) {
    problems.push({ file, role: 'ca', reason: errorMessage(err) });
    return [];
  }
}

async function readCaDir(dir: string, reading: Reading): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).slice(0, MAX_DIR_FILES);
  } catch (err) {
    reading.problems.push({ file: dir, role: 'ca', reason: errorMessage(err) });
    return [];
  }
  const certs: string[] = [];
  for (const name of names) {
    try {
      if (!(await firstVisit(join(dir, name), reading))) continue;
      certs.push(...pemCertificates((await readSmall(join(dir, name))).toString('utf8'), reading.known).certs);
    } catch {
      // Folders hold other files too (links, READMEs); only certificates count.
    }
  }
  return certs;
}

async function firstSystemBundle(
  platform: NodeJS.Platform,
  bundles: string[],
  reading: Reading,
): Promise<{ file: string; certs: string[] } | null> {
  if (platform === 'win32') return null;
  for (const file of bundles) {
    try {
      const { certs } = pemCertificates((await readSmall(file)).toString('utf8'), reading.known);
      if (certs.length > 0) {
        await firstVisit(file, reading);
        return { file, certs };
      }
    } catch {
      // Not this distribution's path.
    }
  }
  return null;
}

async function readClientFile(
  file: string,
  role: 'client-cert' | 'client-key',
  problems: TrustProblem[],
): Promise<Buffer | undefined> {
  try {
    const data = await readSmall(file);
    const marker = role === 'client-cert' ? 'CERTIFICATE-----' : 'PRIVATE KEY-----';
    if (!data.toString('utf8').includes(marker)) {
      const reason = role === 'client-cert' ? l10n.t('is not a PEM certificate') : l10n.t('is not a PEM private key');
      problems.push({ file, role, reason });
      return undefined;
    }
    return data;
  } catch (err) {
    problems.push({ file, role, reason: errorMessage(err) });
    return undefined;
  }
}

/** Why this certificate and key cannot be used together, or null when they can. */
function pairProblem(cert: Buffer, key: Buffer): string | null {
  try {
    createSecureContext({ cert, key });
    return null;
  } catch (err) {
    return l10n.t('cannot be used with the client certificate: {0}', errorMessage(err));
  }
}

export interface TrustOptions {
  platform?: NodeJS.Platform;
  /** The OS bundles to look for (tests point elsewhere). */
  systemBundles?: string[];
}

export async function loadTlsMaterial(settings: NetSettings, options: TrustOptions = {}): Promise<TlsMaterial> {
  const problems: TrustProblem[] = [];
  const sources: string[] = [];
  const reading: Reading = { files: new Set(), known: new Set(rootCertificates.map(pemKey)), problems };
  const ca = new Map(rootCertificates.map((block) => [pemKey(block), block]));
  /** Adds certificates; names their source when it brought one not trusted before. */
  const add = (source: string, certs: string[] | null): void => {
    const before = ca.size;
    for (const block of certs ?? []) ca.set(pemKey(block), block);
    if (ca.size > before) sources.push(source);
  };
  const platform = options.platform ?? process.platform;
  const system = await firstSystemBundle(platform, options.systemBundles ?? SYSTEM_BUNDLES, reading);
  if (system) add(system.file, system.certs);
  for (const file of settings.caFiles ?? []) add(file, await readCaFile(file, reading));
  for (const dir of settings.caDirs ?? []) add(dir, await readCaDir(dir, reading));
  const material: TlsMaterial = { ca: [...ca.values()], sources, problems };
  const { clientCertFile: certFile, clientKeyFile: keyFile } = settings;
  if (certFile || keyFile) {
    if (!certFile || !keyFile) {
      problems.push({
        file: certFile ?? keyFile ?? '',
        role: certFile ? 'client-key' : 'client-cert',
        reason: l10n.t('a client certificate needs both a certificate file and a key file'),
      });
    } else {
      const cert = await readClientFile(certFile, 'client-cert', problems);
      const key = await readClientFile(keyFile, 'client-key', problems);
      // A key of another certificate (or one locked by a passphrase) would fail every connection later.
      const unusable = cert && key ? pairProblem(cert, key) : null;
      if (unusable) problems.push({ file: keyFile, role: 'client-key', reason: unusable });
      else if (cert && key) Object.assign(material, { cert, key });
    }
  }
  return material;
}
