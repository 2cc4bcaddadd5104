// A throw-away CA and a server certificate for IP addresses, made with openssl for one lab run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './netns';

export interface TestTls {
  caPem: string;
  key: string;
  cert: string;
}

export async function makeTestTls(ips: string[]): Promise<TestTls> {
  const dir = await mkdtemp(join(tmpdir(), 'wsdoctor-lab-tls-'));
  try {
    const p = (name: string): string => join(dir, name);
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      p('ca.key'),
      '-out',
      p('ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=wsdoctor lab CA',
    ]);
    await run('openssl', [
      'req',
      ...ec,
      '-keyout',
      p('server.key'),
      '-out',
      p('server.csr'),
      '-subj',
      '/CN=wsdoctor lab relay',
    ]);
    await writeFile(
      p('ext.cnf'),
      `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(',')}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      p('server.csr'),
      '-CA',
      p('ca.pem'),
      '-CAkey',
      p('ca.key'),
      '-CAcreateserial',
      '-out',
      p('server.pem'),
      '-days',
      '1',
      '-extfile',
      p('ext.cnf'),
    ]);
    const [caPem, key, cert] = await Promise.all([
      readFile(p('ca.pem'), 'utf8'),
      readFile(p('server.key'), 'utf8'),
      readFile(p('server.pem'), 'utf8'),
    ]);
    return { caPem, key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
