import assert from 'node:assert/strict';
import { issueMessage } from '../../../../src/diag/catalogue';
import type { IssueFinding } from '../../../../src/diag/events';
import {
  CLI_NET_WORDS,
  EXTENSION_NET_WORDS,
  failureFinding,
  uniqueFindings,
  type FailureInfo,
  type NetWords,
} from '../../../../src/diag/net/findings';
import { NetFailure, type NetFailureKind } from '../../../../src/diag/net/net-failure';

const HOST = 'coder.corp:443';
const PROXY = 'http://proxy.corp:3128';

const fail = (kind: NetFailureKind, facts: NetFailure['facts'] = {}, message = `the ${kind} message`): FailureInfo =>
  new NetFailure(kind, message, facts);

describe('findings for network failures', () => {
  const words = CLI_NET_WORDS;

  it('proxy-invalid and proxy-unreachable: proxy-problem with the reason and the proxy setting', () => {
    assert.deepEqual(failureFinding(fail('proxy-invalid', { proxy: PROXY }, 'bad scheme'), HOST, words), {
      id: 'proxy-problem',
      side: 'client',
      detail: { problem: 'invalid', proxy: PROXY, reason: 'bad scheme', fix: 'HTTPS_PROXY' },
    });
    assert.deepEqual(failureFinding(fail('proxy-unreachable', { proxy: PROXY }, 'ECONNREFUSED'), HOST, words), {
      id: 'proxy-problem',
      side: 'client',
      detail: { problem: 'unreachable', proxy: PROXY, reason: 'ECONNREFUSED', fix: 'HTTPS_PROXY' },
    });
  });

  it('proxy-auth: "auth" without credentials, "auth-refused" with them', () => {
    assert.deepEqual(
      failureFinding(fail('proxy-auth', { proxy: PROXY, status: 407, withCredentials: false }), HOST, words)?.detail,
      { problem: 'auth', proxy: PROXY, status: 407, fix: 'HTTPS_PROXY' },
    );
    // tinyproxy answers wrong credentials with 401: the finding says the status the proxy gave.
    assert.deepEqual(
      failureFinding(fail('proxy-auth', { proxy: PROXY, status: 401, withCredentials: true }), HOST, words)?.detail,
      { problem: 'auth-refused', proxy: PROXY, status: 401, fix: 'HTTPS_PROXY' },
    );
  });

  it('proxy-refused: the reason, and NO_PROXY as the way round it', () => {
    assert.deepEqual(failureFinding(fail('proxy-refused', { proxy: PROXY, status: 403 }, 'HTTP 403'), HOST, words), {
      id: 'proxy-problem',
      side: 'client',
      detail: { problem: 'refused', proxy: PROXY, reason: 'HTTP 403', noProxy: 'NO_PROXY' },
    });
  });

  it('tls-untrusted: the host, the issuer, the code and the CA setting', () => {
    const f = fail('tls-untrusted', { issuer: 'Corp Root', code: 'SELF_SIGNED_CERT_IN_CHAIN', name: 'coder.corp' });
    assert.deepEqual(failureFinding(f, HOST, words), {
      id: 'tls-certificate',
      side: 'client',
      detail: {
        problem: 'untrusted',
        host: HOST,
        issuer: 'Corp Root',
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
        fix: '--ca-file FILE (or SSL_CERT_FILE)',
      },
    });
  });

  it("a proxy's own certificate problem is about the proxy, not the host", () => {
    const f = fail('tls-untrusted', { issuer: 'Proxy CA', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', proxy: PROXY });
    assert.equal(failureFinding(f, HOST, words)?.detail?.host, PROXY);
    const name = fail('tls-name', { code: 'ERR_TLS_CERT_ALTNAME_INVALID', proxy: PROXY });
    assert.equal(failureFinding(name, HOST, words)?.detail?.host, PROXY);
  });

  it('tls-name: the host and the alt-host setting', () => {
    assert.deepEqual(failureFinding(fail('tls-name', { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), HOST, words)?.detail, {
      problem: 'name',
      host: HOST,
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      altFix: 'the --deployment URL',
    });
  });

  it('tls-expired: the host, the issuer and the code', () => {
    const f = fail('tls-expired', { issuer: 'Corp Root', code: 'CERT_HAS_EXPIRED' });
    assert.deepEqual(failureFinding(f, HOST, words)?.detail, {
      problem: 'expired',
      host: HOST,
      issuer: 'Corp Root',
      code: 'CERT_HAS_EXPIRED',
    });
  });

  it('client-cert-required and -rejected: client-certificate with the client certificate setting', () => {
    for (const [kind, problem] of [
      ['client-cert-required', 'required'],
      ['client-cert-rejected', 'rejected'],
    ] as const) {
      assert.deepEqual(failureFinding(fail(kind, { code: 'X' }), HOST, words), {
        id: 'client-certificate',
        side: 'client',
        detail: { problem, host: HOST, code: 'X', fix: '--client-cert FILE and --client-key FILE' },
      });
    }
  });

  it('a plain network failure is left to the probe', () => {
    assert.equal(failureFinding(fail('network', { code: 'ECONNRESET' }), HOST, words), null);
  });

  it('every finding it makes is one the catalogue explains, naming the fix', () => {
    const kinds: [NetFailureKind, NetFailure['facts']][] = [
      ['proxy-invalid', { proxy: PROXY }],
      ['proxy-unreachable', { proxy: PROXY }],
      ['proxy-auth', { proxy: PROXY, withCredentials: false }],
      ['proxy-auth', { proxy: PROXY, withCredentials: true }],
      ['tls-untrusted', { issuer: 'Corp Root', code: 'X' }],
      ['tls-name', { code: 'X' }],
      ['client-cert-required', { code: 'X' }],
    ];
    for (const [kind, facts] of kinds) {
      const finding = failureFinding(fail(kind, facts), HOST, EXTENSION_NET_WORDS)!;
      const text = issueMessage({ ...finding, message: '' });
      assert.ok(text.length > 0, kind);
      const fix = finding.detail?.fix ?? finding.detail?.altFix;
      if (fix !== undefined) assert.ok(text.includes(String(fix)), `${kind}: ${text}`);
    }
  });

  it('the CLI and the extension name their own fix for every word', () => {
    const keys = Object.keys(CLI_NET_WORDS) as (keyof NetWords)[];
    assert.deepEqual(keys.sort(), (Object.keys(EXTENSION_NET_WORDS) as (keyof NetWords)[]).sort());
    for (const key of keys) assert.notEqual(CLI_NET_WORDS[key], EXTENSION_NET_WORDS[key], key);
    const f = fail('tls-untrusted', { issuer: 'Corp Root' });
    assert.equal(failureFinding(f, HOST, EXTENSION_NET_WORDS)?.detail?.fix, 'coder.tlsCaFile');
    assert.equal(failureFinding(f, HOST, CLI_NET_WORDS)?.detail?.fix, '--ca-file FILE (or SSL_CERT_FILE)');
    const auth = fail('proxy-auth', { proxy: PROXY });
    assert.equal(failureFinding(auth, HOST, EXTENSION_NET_WORDS)?.detail?.fix, 'http.proxy');
    const refused = fail('proxy-refused', { proxy: PROXY });
    assert.equal(failureFinding(refused, HOST, EXTENSION_NET_WORDS)?.detail?.noProxy, 'coder.proxyBypass');
  });

  it('uniqueFindings keeps the first of each id, side and detail, in order', () => {
    const refused = (proxy: string): IssueFinding =>
      failureFinding(fail('proxy-refused', { proxy }, 'HTTP 403'), HOST, words)!;
    const a = refused(PROXY);
    const b = refused('http://other:8080');
    const c: IssueFinding = { ...a, side: 'general' };
    const out = uniqueFindings([a, refused(PROXY), b, refused(PROXY), c, { ...b }]);
    assert.deepEqual(out, [a, b, c]);
    assert.equal(out[0], a);
    assert.deepEqual(uniqueFindings([]), []);
    const noDetail: IssueFinding = { id: 'direct-disabled-deployment', side: 'general' };
    assert.deepEqual(uniqueFindings([noDetail, { ...noDetail, detail: {} }]), [noDetail]);
  });
});
