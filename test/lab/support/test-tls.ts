// Throw-away CAs and certificates made with openssl for one lab run: server certificates for IP
// addresses and DNS names, client certificates for mutual TLS, each signed by a CA of the test's.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './netns';

/** A CA for one run; its key stays in memory so that it can sign more certificates later. */
export interface TestCa {
  caPem: string;
  caKey: string;
}

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface TestTls extends KeyAndCert {
  caPem: string;
  /** The CA that signed `cert`, to issue more (client certificates, other names). */
  ca: TestCa;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function inTempDir<T>(work: (p: (name: string) => string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-tls-'));
  try {
    return await work((name) => join(dir, name));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function makeTestCa(commonName = 'wsdoctor lab CA'): Promise<TestCa> {
  return inTempDir(async (p) => {
    await run('openssl', [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.pem'),
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
    ]);
    const [caPem, caKey] = await Promise.all([readFile(p('ca.pem'), 'utf8'), readFile(p('ca.key'), 'utf8')]);
    return { caPem, caKey };
  });
}

async function issue(ca: TestCa, commonName: string, extensions: string): Promise<KeyAndCert> {
  return inTempDir(async (p) => {
    await Promise.all([writeFile(p('ca.pem'), ca.caPem), writeFile(p('ca.key'), ca.caKey, { mode: 0o600 })]);
    await run('openssl', [
      'req',
      ...EC_KEY,
      '-keyout',
      p('leaf.key'),
      '-out',
      p('leaf.csr'),
      '-subj',
      `/CN=${commonName}`,
    ]);
    await writeFile(p('ext.cnf'), extensions);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p('leaf.csr'),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('leaf.pem'),
      '-days',
      '1',
      '-extfile',
      p('ext.cnf'),
    ]);
    const [key, cert] = await Promise.all([readFile(p('leaf.key'), 'utf8'), readFile(p('leaf.pem'), 'utf8')]);
    return { key, cert };
  });
}

/** A server certificate for `names`: IP addresses become IP entries, anything else DNS entries. */
export function issueServerCert(ca: TestCa, names: string[], commonName = 'wsdoctor lab server'): Promise<KeyAndCert> {
  if (names.length === 0) throw new Error('a server certificate needs at least one IP address or DNS name');
  const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
  return issue(ca, commonName, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
}

/** A client certificate (extendedKeyUsage clientAuth) whose subject is `CN=<commonName>`. */
export function issueClientCert(ca: TestCa, commonName = 'wsdoctor lab client'): Promise<KeyAndCert> {
  return issue(ca, commonName, 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
}

/** A new CA and a server certificate for `names` (IP addresses and/or DNS names). */
export async function makeTestTls(names: string[]): Promise<TestTls> {
  const ca = await makeTestCa();
  const leaf = await issueServerCert(ca, names, 'wsdoctor lab relay');
  return { caPem: ca.caPem, ca, ...leaf };
}
