import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { loadTlsMaterial, pemCertificates, tlsContexts, type TlsMaterial } from '../../../../src/diag/net/trust';
import { issueClientCert, makeTestCa, type KeyAndCert, type TestCa } from '../../../lab/support/test-tls';

/** No OS bundle, so that only what a test names is added to Node's roots. */
const NO_SYSTEM = { platform: 'linux' as const, systemBundles: [] };

describe('TLS trust material', () => {
  let dir = '';
  let ca: TestCa;
  let otherCa: TestCa;
  let client: KeyAndCert;
  before(async () => {
    [ca, otherCa] = await Promise.all([makeTestCa('Trust Test Root CA'), makeTestCa('Trust Test Other CA')]);
    client = await issueClientCert(ca, 'trust test client');
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wsdoctor-trust-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, text: string | Buffer): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const onlyProblem = (m: TlsMaterial): TlsMaterial['problems'][number] => {
    assert.equal(m.problems.length, 1, JSON.stringify(m.problems));
    return m.problems[0];
  };

  it("without settings: Node's roots, nothing else, no problem", async () => {
    const m = await loadTlsMaterial({}, NO_SYSTEM);
    assert.deepEqual(m.ca, [...new Set(rootCertificates)]);
    assert.deepEqual(m.sources, []);
    assert.deepEqual(m.problems, []);
    assert.equal(m.cert, undefined);
  });

  it('a CA file adds its certificates to the roots and is named as a source', async () => {
    const caFile = await file('ca.pem', `some text before\n${ca.caPem}\n${otherCa.caPem}`);
    const m = await loadTlsMaterial({ caFiles: [caFile] }, NO_SYSTEM);
    assert.ok(m.ca.includes(ca.caPem.trim()), 'the first CA is trusted');
    assert.ok(m.ca.includes(otherCa.caPem.trim()), 'the second CA is trusted');
    assert.equal(m.ca.length, new Set(rootCertificates).size + 2);
    assert.deepEqual(m.sources, [caFile]);
    assert.deepEqual(m.problems, []);
  });

  it('the same CA named twice is trusted once', async () => {
    const a = await file('a.pem', ca.caPem);
    const b = await file('b.pem', ca.caPem);
    const m = await loadTlsMaterial({ caFiles: [a, b] }, NO_SYSTEM);
    assert.equal(m.ca.length, new Set(rootCertificates).size + 1);
  });

  describe('a CA file that cannot be used is a problem, never a throw', () => {
    it('a missing file', async () => {
      const missing = join(dir, 'missing.pem');
      const p = onlyProblem(await loadTlsMaterial({ caFiles: [missing] }, NO_SYSTEM));
      assert.equal(p.file, missing);
      assert.equal(p.role, 'ca');
      assert.match(p.reason, /ENOENT/);
    });

    it('a file that cannot be read', async () => {
      // Root reads any file whatever its mode: then a path through a file stands in for it.
      const path =
        process.getuid?.() === 0 ? join(await file('plain', 'x'), 'ca.pem') : await file('locked.pem', ca.caPem);
      await chmod(path, 0o000).catch(() => undefined);
      const p = onlyProblem(await loadTlsMaterial({ caFiles: [path] }, NO_SYSTEM));
      assert.equal(p.file, path);
      assert.match(p.reason, /EACCES|ENOTDIR/);
    });

    it('a folder', async () => {
      const p = onlyProblem(await loadTlsMaterial({ caFiles: [dir] }, NO_SYSTEM));
      assert.equal(p.file, dir);
      assert.equal(p.reason, 'not a file');
    });

    it('a file without a PEM certificate', async () => {
      const path = await file('notes.txt', 'this is not a certificate\n');
      assert.equal(
        onlyProblem(await loadTlsMaterial({ caFiles: [path] }, NO_SYSTEM)).reason,
        'holds no PEM certificate',
      );
    });

    it('a PEM block that does not parse', async () => {
      const path = await file(
        'broken.pem',
        '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
      );
      const m = await loadTlsMaterial({ caFiles: [path] }, NO_SYSTEM);
      assert.equal(onlyProblem(m).reason, 'its certificates do not parse');
      assert.deepEqual(m.sources, []);
    });

    it('a file too large to be a CA file (not read)', async () => {
      const path = await file('huge.pem', '');
      await truncate(path, 4 * 1024 * 1024 + 1);
      assert.match(
        onlyProblem(await loadTlsMaterial({ caFiles: [path] }, NO_SYSTEM)).reason,
        /larger than 4194304 bytes/,
      );
    });

    it('one bad file does not stop the good one after it', async () => {
      const good = await file('good.pem', ca.caPem);
      const m = await loadTlsMaterial({ caFiles: [join(dir, 'missing.pem'), good] }, NO_SYSTEM);
      assert.equal(m.problems.length, 1);
      assert.ok(m.ca.includes(ca.caPem.trim()));
      assert.deepEqual(m.sources, [good]);
    });
  });

  describe('a CA folder (SSL_CERT_DIR)', () => {
    it('takes the certificates and skips the other files silently', async () => {
      const certs = join(dir, 'certs');
      await mkdir(certs);
      await writeFile(join(certs, 'README'), 'Put your company CA here.\n');
      await writeFile(join(certs, 'corp.crt'), ca.caPem);
      await mkdir(join(certs, 'subfolder'));
      const m = await loadTlsMaterial({ caDirs: [certs] }, NO_SYSTEM);
      assert.ok(m.ca.includes(ca.caPem.trim()));
      assert.equal(m.ca.length, new Set(rootCertificates).size + 1);
      assert.deepEqual(m.sources, [certs]);
      assert.deepEqual(m.problems, []);
    });

    it('a folder that is missing is a problem', async () => {
      const missing = join(dir, 'nope');
      const p = onlyProblem(await loadTlsMaterial({ caDirs: [missing] }, NO_SYSTEM));
      assert.equal(p.file, missing);
      assert.match(p.reason, /ENOENT/);
    });
  });

  describe("the OS's bundle", () => {
    it('the first bundle that exists is used and named', async () => {
      const bundle = await file('ca-certificates.crt', ca.caPem);
      const later = await file('later.pem', otherCa.caPem);
      const m = await loadTlsMaterial(
        {},
        { platform: 'linux', systemBundles: [join(dir, 'absent.crt'), bundle, later] },
      );
      assert.ok(m.ca.includes(ca.caPem.trim()));
      assert.ok(!m.ca.includes(otherCa.caPem.trim()), 'only the first bundle found');
      assert.deepEqual(m.sources, [bundle]);
      assert.deepEqual(m.problems, [], 'a missing bundle is not a problem: it is another distribution');
    });

    it('a bundle without certificates is passed over', async () => {
      const empty = await file('empty.crt', '');
      const bundle = await file('bundle.crt', ca.caPem);
      const m = await loadTlsMaterial({}, { platform: 'linux', systemBundles: [empty, bundle] });
      assert.deepEqual(m.sources, [bundle]);
    });

    it('is not read on Windows', async () => {
      const bundle = await file('ca-certificates.crt', ca.caPem);
      const m = await loadTlsMaterial({}, { platform: 'win32', systemBundles: [bundle] });
      assert.deepEqual(m.sources, []);
      assert.ok(!m.ca.includes(ca.caPem.trim()));
    });
  });

  describe('client certificate', () => {
    it('a certificate and its key are loaded', async () => {
      const certFile = await file('client.crt', client.cert);
      const keyFile = await file('client.key', client.key);
      const m = await loadTlsMaterial({ clientCertFile: certFile, clientKeyFile: keyFile }, NO_SYSTEM);
      assert.deepEqual(m.problems, []);
      assert.equal(m.cert?.toString(), client.cert);
      assert.equal(m.key?.toString(), client.key);
      assert.doesNotThrow(() => tlsContexts(m));
    });

    it('a certificate without a key (or a key without a certificate) is a problem, and neither is used', async () => {
      const certFile = await file('client.crt', client.cert);
      const keyFile = await file('client.key', client.key);
      const noKey = await loadTlsMaterial({ clientCertFile: certFile }, NO_SYSTEM);
      assert.deepEqual(noKey.problems, [
        {
          file: certFile,
          role: 'client-key',
          reason: 'a client certificate needs both a certificate file and a key file',
        },
      ]);
      assert.equal(noKey.cert, undefined);
      const noCert = await loadTlsMaterial({ clientKeyFile: keyFile }, NO_SYSTEM);
      assert.equal(onlyProblem(noCert).role, 'client-cert');
      assert.equal(noCert.key, undefined);
    });

    it('files that are not a PEM certificate or key are problems', async () => {
      const certFile = await file('client.crt', client.key);
      const keyFile = await file('client.key', client.cert);
      const m = await loadTlsMaterial({ clientCertFile: certFile, clientKeyFile: keyFile }, NO_SYSTEM);
      assert.deepEqual(
        m.problems.map((p) => [p.role, p.reason]),
        [
          ['client-cert', 'is not a PEM certificate'],
          ['client-key', 'is not a PEM private key'],
        ],
      );
      assert.equal(m.cert, undefined);
    });

    it('a key that does not belong to the certificate is a problem, not a failure of every connection later', async () => {
      const other = await issueClientCert(otherCa, 'someone else');
      const certFile = await file('client.crt', client.cert);
      const keyFile = await file('other.key', other.key);
      const m = await loadTlsMaterial({ clientCertFile: certFile, clientKeyFile: keyFile }, NO_SYSTEM);
      const p = onlyProblem(m);
      assert.equal(p.role, 'client-key');
      assert.equal(p.file, keyFile);
      assert.match(p.reason, /key values mismatch/);
      assert.equal(m.cert, undefined, 'a pair that cannot work is not presented');
      assert.doesNotThrow(() => tlsContexts(m));
    });

    it('a key locked by a passphrase is a problem (and nothing asks for the passphrase)', async () => {
      const locked = createPrivateKey(client.key).export({
        type: 'pkcs8',
        format: 'pem',
        cipher: 'aes-256-cbc',
        passphrase: 'not-given',
      });
      const certFile = await file('client.crt', client.cert);
      const keyFile = await file('locked.key', locked);
      const m = await loadTlsMaterial({ clientCertFile: certFile, clientKeyFile: keyFile }, NO_SYSTEM);
      assert.equal(onlyProblem(m).file, keyFile);
      assert.equal(m.key, undefined);
      assert.doesNotThrow(() => tlsContexts(m));
    });

    it('a missing key file is a problem naming it', async () => {
      const certFile = await file('client.crt', client.cert);
      const keyFile = join(dir, 'missing.key');
      const p = onlyProblem(await loadTlsMaterial({ clientCertFile: certFile, clientKeyFile: keyFile }, NO_SYSTEM));
      assert.equal(p.file, keyFile);
      assert.equal(p.role, 'client-key');
      assert.match(p.reason, /ENOENT/);
    });
  });

  it('pemCertificates counts what parses and what does not', () => {
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    const { certs, broken: n } = pemCertificates(`${ca.caPem}\n${broken}\n${otherCa.caPem}`);
    assert.equal(certs.length, 2);
    assert.equal(n, 1);
  });
});
