// A failed call, as the issue the user sees: which proxy or certificate, and the setting or flag that
// fixes it, in the words of the front end (an extension user has settings, a wsdoctor user flags).
import type { IssueFinding } from '../events';
import type { NetFailure } from './net-failure';

/** What a finding needs of a failure (a NetFailure, or one kept in a probe's data). */
export type FailureInfo = Pick<NetFailure, 'kind' | 'facts' | 'message'>;

/** How each front end tells the user to fix a connection. */
export interface NetWords {
  caFile: string;
  clientCert: string;
  altHost: string;
  headerCommand: string;
  proxy: string;
  noProxy: string;
  /** What turned the deployment's certificate check off. */
  insecure: string;
}

export const CLI_NET_WORDS: NetWords = {
  caFile: '--ca-file FILE (or SSL_CERT_FILE)',
  clientCert: '--client-cert FILE and --client-key FILE',
  altHost: 'the --deployment URL',
  headerCommand: '--header-command CMD (or CODER_HEADER_COMMAND)',
  proxy: 'HTTPS_PROXY',
  noProxy: 'NO_PROXY',
  insecure: '--insecure',
};

export const EXTENSION_NET_WORDS: NetWords = {
  caFile: 'coder.tlsCaFile',
  clientCert: 'coder.tlsCertFile and coder.tlsKeyFile',
  altHost: 'coder.tlsAltHost',
  headerCommand: 'coder.headerCommand',
  proxy: 'http.proxy',
  noProxy: 'coder.proxyBypass',
  insecure: 'coder.insecure',
};

/** The issue a failure shows, or null for plain network failures (the probe's own findings say those). */
export function failureFinding(failure: FailureInfo, host: string, words: NetWords): IssueFinding | null {
  const { facts } = failure;
  const proxy = facts.proxy ?? '';
  // A certificate problem of the proxy's own TLS is about the proxy.
  const subject = facts.proxy && failure.kind.startsWith('tls-') ? proxy : host;
  const finding = (id: IssueFinding['id'], detail: Record<string, string | number>): IssueFinding => ({
    id,
    side: 'client',
    detail,
  });
  switch (failure.kind) {
    case 'proxy-invalid':
      return finding('proxy-problem', {
        problem: 'invalid',
        proxy,
        reason: facts.cause ?? failure.message,
        fix: words.proxy,
      });
    case 'proxy-unreachable':
      return finding('proxy-problem', {
        problem: 'unreachable',
        proxy,
        reason: facts.cause ?? failure.message,
        fix: words.proxy,
      });
    case 'proxy-auth':
      return finding('proxy-problem', {
        problem: facts.withCredentials ? 'auth-refused' : 'auth',
        proxy,
        status: facts.status ?? 407,
        fix: words.proxy,
      });
    case 'proxy-refused':
      return finding('proxy-problem', {
        problem: 'refused',
        proxy,
        reason: facts.cause ?? failure.message,
        noProxy: words.noProxy,
      });
    case 'tls-untrusted':
      return finding('tls-certificate', {
        problem: 'untrusted',
        host: subject,
        issuer: facts.issuer ?? '',
        code: facts.code ?? '',
        fix: words.caFile,
      });
    case 'tls-name':
      return finding('tls-certificate', {
        problem: 'name',
        host: subject,
        code: facts.code ?? '',
        altFix: words.altHost,
      });
    case 'tls-expired':
      return finding('tls-certificate', {
        problem: 'expired',
        host: subject,
        issuer: facts.issuer ?? '',
        code: facts.code ?? '',
      });
    case 'client-cert-required':
    case 'client-cert-rejected':
      return finding('client-certificate', {
        problem: failure.kind === 'client-cert-required' ? 'required' : 'rejected',
        host,
        code: facts.code ?? '',
        fix: words.clientCert,
      });
    default:
      return null;
  }
}

/** One finding per id and detail: the same proxy refusing three relays is one issue. */
export function uniqueFindings(findings: IssueFinding[]): IssueFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.id, f.side, f.detail ?? {}]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
