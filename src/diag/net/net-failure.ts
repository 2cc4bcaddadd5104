// A failed connection, said as what the user can act on: a proxy that refused or wants a login, a
// certificate this machine doesn't trust, a client certificate the server wants. Never a secret in it.
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

export type NetFailureKind =
  | 'proxy-invalid'
  | 'proxy-unreachable'
  | 'proxy-auth'
  | 'proxy-refused'
  | 'tls-untrusted'
  | 'tls-name'
  | 'tls-expired'
  | 'client-cert-required'
  | 'client-cert-rejected'
  | 'network';

export interface NetFailureFacts {
  /** The proxy, as proxyLabel shows it (no credentials). */
  proxy?: string;
  /** Who signed the certificate that was not trusted (its root's issuer name). */
  issuer?: string;
  /** The name the certificate was checked against. */
  name?: string;
  /** The TLS or socket error code. */
  code?: string;
  /** The proxy's HTTP status. */
  status?: number;
  /** The proxy setting carried a user name or password. */
  withCredentials?: boolean;
  /** What went wrong below, without the proxy's name (a finding names it once). */
  cause?: string;
}

export class NetFailure extends Error {
  constructor(
    readonly kind: NetFailureKind,
    message: string,
    readonly facts: NetFailureFacts = {},
  ) {
    super(message);
    this.name = 'NetFailure';
  }
}

/** Text from a server (a certificate's names) as one short line of plain characters. */
export function plainName(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim();
  return clean.length > 100 ? `${clean.slice(0, 100)}...` : clean;
}

const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/** The failure a certificate check gave: which kind and a sentence naming the issuer or the name. */
export function certificateFailure(code: string, issuer: string, name: string): NetFailure {
  const facts = { code, issuer, name };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
    return new NetFailure('tls-name', l10n.t('the certificate is not valid for the name {0} ({1})', name, code), facts);
  if (EXPIRED.has(code))
    return new NetFailure(
      'tls-expired',
      l10n.t('the certificate signed by {0} is expired or not yet valid ({1})', issuer, code),
      facts,
    );
  // Any other verification error (UNTRUSTED's and the rest) means the chain did not lead to a trusted root.
  return new NetFailure(
    'tls-untrusted',
    l10n.t('the certificate is signed by {0}, which this machine does not trust ({1})', issuer, code),
    facts,
  );
}

/** Errors that arrive after the handshake or from the socket, turned into what they mean. */
export function asNetFailure(err: unknown, hadClientCert: boolean): NetFailure {
  if (err instanceof NetFailure) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const text = errorMessage(err);
  // TLS 1.3 servers refuse a missing client certificate after the handshake, on the first read. In TLS 1.2
  // OpenSSL says handshake_failure and Go (coderd) bad_certificate: sent none, the certificate is ours.
  if (
    /CERTIFICATE_REQUIRED/.test(code) ||
    /certificate required/i.test(text) ||
    (!hadClientCert && /ALERT_(HANDSHAKE_FAILURE|BAD_CERTIFICATE)/.test(code))
  )
    return new NetFailure(
      hadClientCert ? 'client-cert-rejected' : 'client-cert-required',
      hadClientCert
        ? l10n.t('the server refused the client certificate ({0})', code || text)
        : l10n.t('the server asks for a client certificate and none is set ({0})', code || text),
      { code },
    );
  if (
    hadClientCert &&
    /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|DECRYPT_ERROR|CERTIFICATE_EXPIRED)/.test(code)
  )
    return new NetFailure('client-cert-rejected', l10n.t('the server refused the client certificate ({0})', code), {
      code,
    });
  return new NetFailure('network', code && !text.includes(code) ? `${code}: ${text}` : text, { code });
}
