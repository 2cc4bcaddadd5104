import assert from 'node:assert/strict';
import type { SecureVersion } from 'node:tls';
import { NetFailure, type NetFailureKind } from '../../../../src/diag/net/net-failure';
import { Network, type TargetOptions } from '../../../../src/diag/net/network';
import type { NetSettings } from '../../../../src/diag/net/settings';
import {
  issueClientCert,
  issueServerCert,
  makeTestCa,
  type KeyAndCert,
  type TestCa,
} from '../../../lab/support/test-tls';
import { answerWith, startServer } from '../local/test-servers';
import {
  closedPort,
  everything,
  pemFolder,
  startConnectProxy,
  startHttps,
  startOpensslServer,
  startRawServer,
  type TestHttps,
  type TestProxy,
} from './net-servers';

const NO_SYSTEM = { platform: 'linux' as const, systemBundles: [] };
const ROOT_CN = 'Net Test Root CA';
const OTHER_CN = 'Net Test Other CA';
const PASSWORD = 'pr0xy-s3cret';

interface Got {
  status: number;
  text: string;
}

async function get(url: string, settings: NetSettings, target: TargetOptions = {}, signal?: AbortSignal): Promise<Got> {
  const network = await Network.prepare(settings, NO_SYSTEM);
  const res = await network.fetcher(target)(url, {
    signal: signal ?? AbortSignal.timeout(5000),
    headers: { 'Coder-Session-Token': 'session-token' },
  });
  return { status: res.status, text: await res.text() };
}

/** The NetFailure `p` rejects with, of the expected kind. */
async function failure(p: Promise<unknown>, kind: NetFailureKind): Promise<NetFailure> {
  let caught: unknown;
  await assert.rejects(p, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof NetFailure, `not a NetFailure: ${everything(caught)}`);
  assert.equal(caught.kind, kind, `${caught.kind}: ${caught.message}`);
  return caught;
}

describe('network layer against real local servers', function () {
  let ca: TestCa;
  let otherCa: TestCa;
  let coderCert: KeyAndCert;
  let coderNameOnly: KeyAndCert;
  let otherNameCert: KeyAndCert;
  let client: KeyAndCert;
  let stranger: KeyAndCert;
  let proxyTrusted: KeyAndCert;
  let proxyUntrusted: KeyAndCert;
  const files = {
    ca: '',
    serverCert: '',
    serverKey: '',
    clientCert: '',
    clientKey: '',
    strangerCert: '',
    strangerKey: '',
  };
  let folder: Awaited<ReturnType<typeof pemFolder>>;
  const servers: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(s: T): T => {
    servers.push(s);
    return s;
  };

  before(async () => {
    [ca, otherCa] = await Promise.all([makeTestCa(ROOT_CN), makeTestCa(OTHER_CN)]);
    [coderCert, coderNameOnly, otherNameCert, client, stranger, proxyTrusted, proxyUntrusted] = await Promise.all([
      issueServerCert(ca, ['coder.test', '127.0.0.1'], 'coder.test'),
      issueServerCert(ca, ['coder.test'], 'coder.test'),
      issueServerCert(ca, ['other.test'], 'other.test'),
      issueClientCert(ca, 'alice laptop'),
      issueClientCert(otherCa, 'stranger'),
      issueServerCert(ca, ['127.0.0.1'], 'proxy'),
      issueServerCert(otherCa, ['127.0.0.1'], 'proxy'),
    ]);
    folder = await pemFolder();
    files.ca = await folder.write('ca.pem', ca.caPem);
    files.serverCert = await folder.write('server.crt', coderCert.cert);
    files.serverKey = await folder.write('server.key', coderCert.key);
    files.clientCert = await folder.write('client.crt', client.cert);
    files.clientKey = await folder.write('client.key', client.key);
    files.strangerCert = await folder.write('stranger.crt', stranger.cert);
    files.strangerKey = await folder.write('stranger.key', stranger.key);
  });
  after(async () => {
    await folder?.remove();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  describe('trust', () => {
    let server: TestHttps;
    beforeEach(async () => {
      server = track(await startHttps(coderCert));
    });

    it('a server whose CA is in caFiles answers, and gets our headers', async () => {
      const got = await get(`https://127.0.0.1:${server.port}/api/v2/buildinfo`, { caFiles: [files.ca] });
      assert.deepEqual(got, { status: 200, text: 'hello' });
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].url, '/api/v2/buildinfo');
      assert.equal(server.requests[0].headers['coder-session-token'], 'session-token');
    });

    it('without its CA: tls-untrusted, naming the CA, and the server gets no request', async () => {
      const f = await failure(get(`https://127.0.0.1:${server.port}/`, {}), 'tls-untrusted');
      assert.ok(f.message.includes(ROOT_CN), f.message);
      assert.equal(f.facts.issuer, ROOT_CN);
      assert.equal(f.facts.name, '127.0.0.1');
      assert.equal(f.facts.proxy, undefined);
      assert.equal(server.requests.length, 0);
    });

    it('insecure accepts it anyway', async () => {
      assert.equal((await get(`https://127.0.0.1:${server.port}/`, {}, { insecure: true })).status, 200);
    });
  });

  describe('names', () => {
    it('a certificate for another name: tls-name, naming the name checked', async () => {
      const server = track(await startHttps(otherNameCert));
      const f = await failure(get(`https://127.0.0.1:${server.port}/`, { caFiles: [files.ca] }), 'tls-name');
      assert.equal(f.facts.name, '127.0.0.1');
      assert.ok(f.message.includes('127.0.0.1'), f.message);
      assert.equal(server.requests.length, 0);
    });

    it('servername (coder.tlsAltHost) is sent and checked instead of the URL host', async () => {
      const server = track(await startHttps(coderNameOnly));
      const url = `https://127.0.0.1:${server.port}/`;
      await failure(get(url, { caFiles: [files.ca] }), 'tls-name');
      assert.equal((await get(url, { caFiles: [files.ca] }, { servername: 'coder.test' })).status, 200);
      assert.equal(server.requests[0].servername, 'coder.test');
    });

    it('verifyName is checked while servername is what is sent', async () => {
      const server = track(await startHttps(coderNameOnly));
      const url = `https://127.0.0.1:${server.port}/`;
      const ok = await get(url, { caFiles: [files.ca] }, { servername: 'sni.test', verifyName: 'coder.test' });
      assert.equal(ok.status, 200);
      assert.equal(server.requests[0].servername, 'sni.test');
      const f = await failure(
        get(url, { caFiles: [files.ca] }, { servername: 'coder.test', verifyName: 'wrong.test' }),
        'tls-name',
      );
      assert.equal(f.facts.name, 'wrong.test');
    });

    it('a URL host name is sent as SNI; an address is not', async () => {
      const server = track(await startHttps(coderCert));
      await get(`https://coder.test:${server.port}/`, { caFiles: [files.ca] }, { address: '127.0.0.1' });
      await get(`https://127.0.0.1:${server.port}/`, { caFiles: [files.ca] });
      assert.deepEqual(
        server.requests.map((r) => r.servername),
        ['coder.test', false],
      );
    });
  });

  for (const version of ['TLSv1.3', 'TLSv1.2'] as SecureVersion[]) {
    describe(`a server that requires a client certificate (${version})`, () => {
      let server: TestHttps;
      beforeEach(async () => {
        server = track(await startHttps({ ...coderCert, clientCa: ca.caPem, maxVersion: version }));
      });

      it('without one: client-cert-required', async () => {
        await failure(get(`https://127.0.0.1:${server.port}/`, { caFiles: [files.ca] }), 'client-cert-required');
        assert.equal(server.requests.length, 0);
      });

      it('with clientCertFile and clientKeyFile: answered, and the server saw the certificate', async () => {
        const got = await get(`https://127.0.0.1:${server.port}/`, {
          caFiles: [files.ca],
          clientCertFile: files.clientCert,
          clientKeyFile: files.clientKey,
        });
        assert.equal(got.status, 200);
        assert.equal(server.requests[0].clientCn, 'alice laptop');
      });

      it('with a certificate from a CA it does not know (refused with a TLS alert): client-cert-rejected', async () => {
        // A Node server drops such a connection without an alert; OpenSSL's answers as real servers do.
        const openssl = track(
          await startOpensslServer({
            certFile: files.serverCert,
            keyFile: files.serverKey,
            clientCaFile: files.ca,
            version: version as 'TLSv1.3' | 'TLSv1.2',
          }),
        );
        const settings = { caFiles: [files.ca] };
        const url = `https://127.0.0.1:${openssl.port}/`;
        const f = await failure(
          get(url, { ...settings, clientCertFile: files.strangerCert, clientKeyFile: files.strangerKey }),
          'client-cert-rejected',
        );
        assert.match(f.facts.code ?? '', /ALERT_UNKNOWN_CA/);
        // The same server without a certificate, and with the right one.
        await failure(get(url, settings), 'client-cert-required');
        const ok = await get(url, { ...settings, clientCertFile: files.clientCert, clientKeyFile: files.clientKey });
        assert.equal(ok.status, 200);
      });
    });
  }

  describe('through a CONNECT proxy', () => {
    let server: TestHttps;
    beforeEach(async () => {
      server = track(await startHttps(coderCert));
    });
    const proxyUrl = (proxy: TestProxy, auth = '', scheme = 'http'): string =>
      `${scheme}://${auth}127.0.0.1:${proxy.port}`;

    it('tunnels to the host and port of the URL, which the proxy resolves, with TLS end to end', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port }));
      const got = await get('https://coder.test/api', { httpsProxy: proxyUrl(proxy), caFiles: [files.ca] });
      assert.deepEqual(got, { status: 200, text: 'hello' });
      assert.deepEqual(proxy.connects, ['coder.test:443']);
      assert.deepEqual(proxy.authorizations, ['']);
      assert.equal(server.requests[0].servername, 'coder.test');
      assert.equal(server.requests[0].headers['coder-session-token'], 'session-token');
    });

    it('plain http:// URLs take the HTTP proxy, tunnelled too', async () => {
      const plain = track(await startServer(answerWith(204, '')));
      const plainPort = Number(new URL(plain.origin).port);
      const proxy = track(await startConnectProxy({ upstreamPort: plainPort }));
      const got = await get('http://coder.test/x', { httpProxy: proxyUrl(proxy), httpsProxy: 'http://127.0.0.1:1' });
      assert.equal(got.status, 204);
      assert.deepEqual(proxy.connects, ['coder.test:80']);
    });

    it('sends the credentials of the proxy URL as Basic auth, percent-decoded', async () => {
      const user = 'ali@ce';
      const password = `${PASSWORD}:/%`;
      const proxy = track(await startConnectProxy({ upstreamPort: server.port, basicAuth: { user, password } }));
      const auth = `${encodeURIComponent(user)}:${encodeURIComponent(password)}@`;
      const got = await get('https://coder.test/', { httpsProxy: proxyUrl(proxy, auth), caFiles: [files.ca] });
      assert.equal(got.status, 200);
      assert.deepEqual(proxy.authorizations, [`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`]);
    });

    it('407 without credentials: proxy-auth, withCredentials false', async () => {
      const proxy = track(
        await startConnectProxy({ upstreamPort: server.port, basicAuth: { user: 'alice', password: PASSWORD } }),
      );
      const f = await failure(get('https://coder.test/', { httpsProxy: proxyUrl(proxy) }), 'proxy-auth');
      assert.deepEqual(f.facts, { proxy: proxyUrl(proxy), status: 407, withCredentials: false });
      assert.equal(server.requests.length, 0);
    });

    it('407 with wrong credentials: proxy-auth, withCredentials true, and the password nowhere', async () => {
      const proxy = track(
        await startConnectProxy({ upstreamPort: server.port, basicAuth: { user: 'alice', password: 'another' } }),
      );
      const f = await failure(
        get('https://coder.test/', { httpsProxy: proxyUrl(proxy, `alice:${PASSWORD}@`) }),
        'proxy-auth',
      );
      assert.equal(f.facts.withCredentials, true);
      assert.equal(f.facts.proxy, proxyUrl(proxy));
      assert.ok(!everything(f).includes(PASSWORD), everything(f));
      assert.ok(!everything(f).includes(Buffer.from(`alice:${PASSWORD}`).toString('base64')));
    });

    it('another refusal (403): proxy-refused with the status', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port, refuseWith: 403 }));
      const f = await failure(
        get('https://coder.test/', { httpsProxy: proxyUrl(proxy, `alice:${PASSWORD}@`) }),
        'proxy-refused',
      );
      assert.equal(f.facts.status, 403);
      assert.match(f.message, /coder\.test:443/);
      assert.ok(!everything(f).includes(PASSWORD));
    });

    it('a proxy nobody listens on: proxy-unreachable, with its label and not its password', async () => {
      const port = await closedPort();
      const f = await failure(
        get('https://coder.test/', { httpsProxy: `http://alice:${PASSWORD}@127.0.0.1:${port}` }),
        'proxy-unreachable',
      );
      assert.equal(f.facts.proxy, `http://127.0.0.1:${port}`);
      assert.match(f.message, /ECONNREFUSED/);
      assert.ok(!everything(f).includes(PASSWORD), everything(f));
    });

    it('a proxy that accepts and never answers: the deadline holds', async () => {
      const silent = track(await startRawServer());
      const started = Date.now();
      const f = await failure(
        get(
          'https://coder.test/',
          { httpsProxy: `http://alice:${PASSWORD}@127.0.0.1:${silent.port}` },
          {},
          AbortSignal.timeout(300),
        ),
        'proxy-refused',
      );
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 1500, `took ${took} ms`);
      assert.equal(silent.accepted(), 1);
      assert.match(f.message, /no answer before the deadline/);
      assert.ok(!everything(f).includes(PASSWORD));
    });

    it('an https:// proxy: TLS to the proxy with our roots, then TLS to the server inside', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port, tls: proxyTrusted }));
      const got = await get('https://coder.test/', {
        httpsProxy: proxyUrl(proxy, `alice:${PASSWORD}@`, 'https'),
        caFiles: [files.ca],
      });
      assert.equal(got.status, 200);
      assert.equal(proxy.connections(), 1);
      assert.deepEqual(proxy.connects, ['coder.test:443']);
    });

    it('an https:// proxy whose certificate is not trusted: tls-untrusted about the proxy; proxyStrictSsl false accepts it', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port, tls: proxyUntrusted }));
      const settings = { httpsProxy: proxyUrl(proxy, `alice:${PASSWORD}@`, 'https'), caFiles: [files.ca] };
      const f = await failure(get('https://coder.test/', settings), 'tls-untrusted');
      assert.equal(f.facts.proxy, `https://127.0.0.1:${proxy.port}`);
      assert.equal(f.facts.issuer, OTHER_CN);
      assert.deepEqual(proxy.connects, [], 'nothing was asked of an untrusted proxy');
      assert.ok(!everything(f).includes(PASSWORD));
      await failure(get('https://coder.test/', { ...settings, proxyStrictSsl: true }), 'tls-untrusted');
      const got = await get('https://coder.test/', { ...settings, proxyStrictSsl: false });
      assert.equal(got.status, 200);
      assert.deepEqual(proxy.connects, ['coder.test:443']);
    });

    it("proxyStrictSsl false does not turn off the deployment's own check", async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port, tls: proxyUntrusted }));
      const f = await failure(
        get('https://coder.test/', { httpsProxy: proxyUrl(proxy, '', 'https'), proxyStrictSsl: false }),
        'tls-untrusted',
      );
      assert.equal(f.facts.issuer, ROOT_CN);
      assert.equal(f.facts.proxy, undefined);
    });

    it('the client certificate goes to the server through the tunnel', async () => {
      const mtls = track(await startHttps({ ...coderCert, clientCa: ca.caPem }));
      const proxy = track(await startConnectProxy({ upstreamPort: mtls.port }));
      const got = await get('https://coder.test/', {
        httpsProxy: proxyUrl(proxy),
        caFiles: [files.ca],
        clientCertFile: files.clientCert,
        clientKeyFile: files.clientKey,
      });
      assert.equal(got.status, 200);
      assert.equal(mtls.requests[0].clientCn, 'alice laptop');
    });

    it('a NO_PROXY host goes direct: the proxy sees nothing', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port }));
      const url = `https://coder.test:${server.port}/`;
      const base = { httpsProxy: proxyUrl(proxy), caFiles: [files.ca] };
      // Control: the same call without the bypass goes through the proxy.
      assert.equal((await get(url, base, { address: '127.0.0.1' })).status, 200);
      assert.deepEqual(proxy.connects, [`coder.test:${server.port}`]);
      assert.equal(proxy.connections(), 1);
      assert.equal((await get(url, { ...base, noProxy: ['.test'] }, { address: '127.0.0.1' })).status, 200);
      assert.equal(proxy.connections(), 1);
      assert.equal(server.requests.length, 2);
    });

    it('a proxy URL whose password is not properly percent-encoded: proxy-invalid before any connection', async () => {
      const proxy = track(await startConnectProxy({ upstreamPort: server.port }));
      const f = await failure(
        get('https://coder.test/', { httpsProxy: `http://alice:${PASSWORD}%zz@127.0.0.1:${proxy.port}` }),
        'proxy-invalid',
      );
      assert.equal(proxy.connections(), 0);
      assert.ok(!everything(f).includes(PASSWORD), everything(f));
    });

    it('a socks5:// proxy: proxy-invalid', async () => {
      const f = await failure(
        get('https://coder.test/', { httpsProxy: `socks5://alice:${PASSWORD}@127.0.0.1:1080` }),
        'proxy-invalid',
      );
      assert.match(f.message, /socks5/);
      assert.ok(!everything(f).includes(PASSWORD), everything(f));
    });
  });

  describe('deadlines without a proxy', () => {
    it('a server that accepts and never speaks TLS: the deadline holds', async () => {
      const silent = track(await startRawServer());
      const started = Date.now();
      await assert.rejects(get(`https://127.0.0.1:${silent.port}/`, {}, {}, AbortSignal.timeout(300)), NetFailure);
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 1500, `took ${took} ms`);
    });
  });

  describe('plan', () => {
    let network: Network;
    before(async () => {
      network = await Network.prepare(
        {
          httpsProxy: `http://alice:${PASSWORD}@proxy.corp:3128`,
          httpProxy: 'http://plain.corp:80',
          noProxy: ['.internal'],
        },
        NO_SYSTEM,
      );
    });

    it('the default port of each scheme, TLS only for https and wss', () => {
      assert.equal(network.plan(new URL('https://coder.internal/')).port, 443);
      assert.equal(network.plan(new URL('wss://coder.internal/')).port, 443);
      const plain = network.plan(new URL('http://coder.internal/'));
      assert.equal(plain.port, 80);
      assert.equal(plain.tls, undefined);
      assert.equal(network.plan(new URL('ws://coder.internal:8080/')).port, 8080);
    });

    it('dials the given address, keeps the URL host for TLS and CONNECT', () => {
      const p = network.plan(new URL('https://derp.example.com/derp'), { address: '192.0.2.7' });
      assert.equal(p.host, '192.0.2.7');
      assert.deepEqual(p.tls, { servername: 'derp.example.com', verifyName: 'derp.example.com', insecure: false });
      assert.equal(p.proxy?.target, 'derp.example.com:443');
      assert.equal(p.proxy?.label, 'http://proxy.corp:3128');
      assert.equal(p.proxy?.strictSsl, true);
    });

    it('an IPv6 host is bracketed in CONNECT', () => {
      assert.equal(network.plan(new URL('https://[2001:db8::1]:8443/')).proxy?.target, '[2001:db8::1]:8443');
    });

    it('family applies only when no address is given', () => {
      assert.equal(network.plan(new URL('https://a.internal/'), { family: 6 }).family, 6);
      assert.equal(network.plan(new URL('https://a.internal/'), { family: 6, address: '192.0.2.1' }).family, undefined);
    });

    it('an unusable proxy setting throws proxy-invalid, naming it without its password', async () => {
      const bad = await Network.prepare({ httpsProxy: `socks5://alice:${PASSWORD}@proxy.corp:1080` }, NO_SYSTEM);
      assert.throws(
        () => bad.plan(new URL('https://coder.example.com/')),
        (err: unknown) =>
          err instanceof NetFailure && err.kind === 'proxy-invalid' && !everything(err).includes(PASSWORD),
      );
      assert.equal(bad.plan(new URL('https://127.0.0.1/')).proxy, undefined, 'loopback never needs it');
    });
  });
});
