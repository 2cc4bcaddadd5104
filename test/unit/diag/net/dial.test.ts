import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { dial, type DialContext, type DialPlan } from '../../../../src/diag/net/dial';
import { NetFailure, type NetFailureKind } from '../../../../src/diag/net/net-failure';
import { loadTlsMaterial, tlsContexts, type TlsContexts } from '../../../../src/diag/net/trust';
import { issueServerCert, makeTestCa, type KeyAndCert, type TestCa } from '../../../lab/support/test-tls';
import { everything, pemFolder, startHttps, startRawServer, type RawServer } from './net-servers';

const PASSWORD = 'dial-s3cret';

/** The first bytes `socket` delivers, within `ms`. */
function firstData(socket: Duplex, ms = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no data within ${ms} ms`)), ms);
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString('latin1'));
    });
  });
}

/** A raw proxy that reads the CONNECT head, remembers it, and answers with `answer` (nothing when null). */
async function scriptedProxy(
  answer: string | null,
): Promise<RawServer & { heads: string[]; nextHead(): Promise<Socket> }> {
  const heads: string[] = [];
  const seen = new EventEmitter();
  const server = await startRawServer((socket: Socket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      heads.push(head);
      if (answer !== null) socket.write(answer);
      seen.emit('head', socket);
    });
  });
  return Object.assign(server, {
    heads,
    nextHead: async () => (await once(seen, 'head'))[0] as Socket,
  });
}

describe('dial', () => {
  let ca: TestCa;
  let cert: KeyAndCert;
  let contexts: TlsContexts;
  const servers: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(s: T): T => {
    servers.push(s);
    return s;
  };
  const sockets: Duplex[] = [];

  before(async () => {
    ca = await makeTestCa('Dial Test CA');
    cert = await issueServerCert(ca, ['coder.test'], 'coder.test');
    const folder = await pemFolder();
    try {
      const material = await loadTlsMaterial(
        { caFiles: [await folder.write('ca.pem', ca.caPem)] },
        { platform: 'linux', systemBundles: [] },
      );
      contexts = tlsContexts(material);
    } finally {
      await folder.remove();
    }
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const ctx = (signal: AbortSignal = AbortSignal.timeout(3000)): DialContext => ({
    contexts,
    clientCert: false,
    signal,
  });
  const open = async (plan: DialPlan, context = ctx()): Promise<Duplex> => {
    const s = await dial(plan, context);
    sockets.push(s);
    return s;
  };
  const proxied = (port: number, target: string, auth = ''): DialPlan['proxy'] & object => ({
    url: new URL(`http://${auth}127.0.0.1:${port}`),
    label: `http://127.0.0.1:${port}`,
    target,
    strictSsl: true,
  });
  const failure = async (p: Promise<unknown>, kind: NetFailureKind): Promise<NetFailure> => {
    let caught: unknown;
    await assert.rejects(p, (err) => {
      caught = err;
      return true;
    });
    assert.ok(caught instanceof NetFailure, everything(caught));
    assert.equal(caught.kind, kind, caught.message);
    return caught;
  };

  describe('CONNECT', () => {
    it('writes one CONNECT request naming the target, with Basic credentials when the URL has them', async () => {
      const proxy = track(await scriptedProxy('HTTP/1.1 200 Connection established\r\n\r\n'));
      await open({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:443', `al%40ice:${PASSWORD}@`) });
      const basic = Buffer.from(`al@ice:${PASSWORD}`).toString('base64');
      assert.deepEqual(proxy.heads, [
        `CONNECT coder.test:443 HTTP/1.1\r\nHost: coder.test:443\r\nProxy-Authorization: Basic ${basic}\r\n\r\n`,
      ]);
    });

    it('without credentials, no Proxy-Authorization header', async () => {
      const proxy = track(await scriptedProxy('HTTP/1.0 200 OK\r\n\r\n'));
      await open({ host: 'unused', port: 1, proxy: proxied(proxy.port, '[2001:db8::1]:8443') });
      assert.deepEqual(proxy.heads, ['CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\n\r\n']);
    });

    it("bytes that came with the proxy's answer are the tunnel's first bytes, and a plain tunnel flows", async () => {
      const proxy = track(await scriptedProxy('HTTP/1.1 200 OK\r\nVia: test\r\n\r\nSSH-2.0-early'));
      const socket = await open({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:80') });
      assert.equal(await firstData(socket), 'SSH-2.0-early');
    });

    it('a plain tunnel delivers what the far end sends later', async () => {
      const proxy = track(await scriptedProxy('HTTP/1.1 200 OK\r\n\r\n'));
      const accepted = proxy.nextConnection();
      const socket = await open({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:80') });
      const data = firstData(socket);
      (await accepted).write('later');
      assert.equal(await data, 'later');
    });

    for (const [what, answer, pattern] of [
      ['a non-HTTP answer', 'SSH-2.0-OpenSSH_9.6\r\n\r\n', /did not answer CONNECT/],
      ['an endless head', `HTTP/1.1 200 OK\r\n${'X-Pad: aaaaaaaaaaaaaaaa\r\n'.repeat(1200)}`, /did not answer CONNECT/],
    ] as const) {
      it(`${what}: proxy-refused`, async () => {
        const proxy = track(await scriptedProxy(answer));
        const f = await failure(
          dial({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:443', `alice:${PASSWORD}@`) }, ctx()),
          'proxy-refused',
        );
        assert.match(f.message, pattern);
        assert.ok(!everything(f).includes(PASSWORD));
      });
    }

    it('a proxy that closes without answering: proxy-refused, saying so', async () => {
      const proxy = track(await startRawServer((s) => s.once('data', () => s.end())));
      const f = await failure(
        dial({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:443') }, ctx()),
        'proxy-refused',
      );
      assert.match(f.message, /closed the connection without answering CONNECT/);
    });

    it('a proxy that never answers: the deadline holds and the connection to it is closed', async () => {
      const proxy = track(await scriptedProxy(null));
      const asked = proxy.nextHead();
      const started = Date.now();
      const f = await failure(
        dial({ host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:443') }, ctx(AbortSignal.timeout(200))),
        'proxy-refused',
      );
      assert.ok(Date.now() - started < 1500);
      assert.match(f.message, /no answer before the deadline/);
      // The proxy's side sees the connection end: nothing is left open.
      const held = await asked;
      if (!held.destroyed) await once(held, 'close');
    });

    it('a cancel (not a deadline) says cancelled', async () => {
      const proxy = track(await scriptedProxy(null));
      const asked = proxy.nextHead();
      const controller = new AbortController();
      const dialled = dial(
        { host: 'unused', port: 1, proxy: proxied(proxy.port, 'coder.test:443') },
        ctx(controller.signal),
      );
      await asked;
      controller.abort();
      const f = await failure(dialled, 'proxy-refused');
      assert.match(f.message, /cancelled/);
    });

    it('an already aborted signal fails at once', async () => {
      const controller = new AbortController();
      controller.abort();
      await failure(
        dial({ host: '127.0.0.1', port: 9, proxy: proxied(9, 'coder.test:443') }, ctx(controller.signal)),
        'proxy-unreachable',
      );
      await failure(dial({ host: '127.0.0.1', port: 9 }, ctx(controller.signal)), 'network');
    });
  });

  describe('TLS', () => {
    it('verifies against verifyName while sending servername', async () => {
      const server = track(await startHttps(cert));
      const socket = await open({
        host: '127.0.0.1',
        port: server.port,
        tls: { servername: 'sni.test', verifyName: 'coder.test', insecure: false },
      });
      socket.write('GET / HTTP/1.1\r\nHost: coder.test\r\nConnection: close\r\n\r\n');
      assert.match(await firstData(socket), /^HTTP\/1\.1 200/);
      assert.equal(server.requests[0].servername, 'sni.test');
    });

    it('a name mismatch is tls-name with the checked name; insecure lets it through', async () => {
      const server = track(await startHttps(cert));
      const plan = (insecure: boolean): DialPlan => ({
        host: '127.0.0.1',
        port: server.port,
        tls: { servername: 'coder.test', verifyName: 'elsewhere.test', insecure },
      });
      const f = await failure(dial(plan(false), ctx()), 'tls-name');
      assert.equal(f.facts.name, 'elsewhere.test');
      assert.equal(f.facts.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
      await open(plan(true));
    });

    it('an untrusted certificate names the issuer of its chain', async () => {
      const stranger = await makeTestCa('Stranger Root');
      const server = track(await startHttps(await issueServerCert(stranger, ['coder.test'])));
      const f = await failure(
        dial(
          {
            host: '127.0.0.1',
            port: server.port,
            tls: { servername: 'coder.test', verifyName: 'coder.test', insecure: false },
          },
          ctx(),
        ),
        'tls-untrusted',
      );
      assert.equal(f.facts.issuer, 'Stranger Root');
      assert.match(f.message, /signed by Stranger Root, which this machine does not trust/);
    });
  });
});
