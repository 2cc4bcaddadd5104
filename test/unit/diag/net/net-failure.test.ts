import assert from 'node:assert/strict';
import {
  asNetFailure,
  certificateFailure,
  NetFailure,
  plainName,
  type NetFailureKind,
} from '../../../../src/diag/net/net-failure';

/** An error as Node's TLS layer makes it: OpenSSL's reason in the message, the code in `code`. */
function tlsError(code: string, message = `SSL routines:ssl3_read_bytes:${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe('network failures', () => {
  describe('certificateFailure', () => {
    const cases: [string, NetFailureKind][] = [
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-name'],
      ['HOSTNAME_MISMATCH', 'tls-name'],
      ['CERT_HAS_EXPIRED', 'tls-expired'],
      ['CERT_NOT_YET_VALID', 'tls-expired'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls-untrusted'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'tls-untrusted'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls-untrusted'],
      ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls-untrusted'],
      ['', 'tls-untrusted'],
    ];
    for (const [code, kind] of cases)
      it(`${code || '(no code)'} -> ${kind}`, () => {
        const f = certificateFailure(code, 'Corp Root CA', 'coder.corp');
        assert.equal(f.kind, kind);
        assert.deepEqual(f.facts, { code, issuer: 'Corp Root CA', name: 'coder.corp' });
        if (kind === 'tls-name') assert.match(f.message, /coder\.corp/);
        else assert.match(f.message, /Corp Root CA/);
      });
  });

  describe('asNetFailure', () => {
    // [code, a client certificate was set, kind]
    const cases: [string, boolean, NetFailureKind][] = [
      // TLS 1.3: the refusal arrives after the handshake, on the first read.
      ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', false, 'client-cert-required'],
      ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', true, 'client-cert-rejected'],
      // OpenSSL and Node servers (TLS 1.2) say handshake_failure when no certificate came.
      ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', false, 'client-cert-required'],
      // Go servers (coderd) say bad_certificate when none came (TLS 1.2, and TLS 1.3 before Go 1.21).
      ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', false, 'client-cert-required'],
      ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', true, 'client-cert-rejected'],
      ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', true, 'client-cert-rejected'],
      ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN', true, 'client-cert-rejected'],
      ['ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', true, 'client-cert-rejected'],
      ['ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR', true, 'client-cert-rejected'],
      // A handshake failure with a certificate set is something else (no common cipher, say).
      ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', true, 'network'],
      // Without a client certificate, an unknown-CA alert is not about us.
      ['ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', false, 'network'],
      ['ECONNRESET', true, 'network'],
      ['ECONNREFUSED', false, 'network'],
    ];
    for (const [code, hadClientCert, kind] of cases)
      it(`${code}${hadClientCert ? ' with a client certificate' : ''} -> ${kind}`, () => {
        const f = asNetFailure(tlsError(code), hadClientCert);
        assert.equal(f.kind, kind);
        assert.equal(f.facts.code, code);
        assert.ok(f.message.includes(code), f.message);
      });

    it('a NetFailure passes through untouched', () => {
      const original = new NetFailure('proxy-auth', 'x', { status: 407 });
      assert.equal(asNetFailure(original, true), original);
    });

    it('a message without a code keeps its text; a code is put in front once', () => {
      assert.equal(asNetFailure(new Error('socket hang up'), false).message, 'socket hang up');
      assert.equal(asNetFailure(tlsError('ECONNRESET', 'read ECONNRESET'), false).message, 'read ECONNRESET');
      assert.equal(asNetFailure(tlsError('ECONNRESET', 'socket hang up'), false).message, 'ECONNRESET: socket hang up');
      assert.equal(asNetFailure('plain text', false).message, 'plain text');
    });
  });

  it('plainName strips control characters and cuts long names', () => {
    assert.equal(plainName('Evil\u0000CA\u202e\n'), 'Evil CA');
    assert.equal(plainName('x'.repeat(150)), `${'x'.repeat(100)}...`);
  });
});
