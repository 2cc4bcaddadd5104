import assert from 'node:assert/strict';
import { editorNetSettings, type UserSetting } from '../../../../src/vscode/settings/net-settings';

const settings =
  (values: Record<string, unknown>): UserSetting =>
  (section, key) =>
    values[`${section}.${key}`];

describe('network settings in the editor', () => {
  it("take VS Code's proxy and the Coder extension's TLS and header settings", () => {
    const net = editorNetSettings(
      settings({
        'http.proxy': 'http://user:pw@proxy.corp:3128',
        'http.noProxy': ['internal.corp', ' '],
        'http.proxyStrictSSL': false,
        'coder.tlsCaFile': '~/ca.pem',
        'coder.tlsCertFile': '${env:CERTS}/me.pem',
        'coder.tlsKeyFile': '${userHome}/me.key',
        'coder.tlsAltHost': 'coder.internal',
        'coder.insecure': true,
        'coder.headerCommand': ' print-headers ',
      }),
      { HOME: '/home/u', CERTS: '/certs', SSL_CERT_FILE: '/etc/corp.pem' },
    );
    assert.deepEqual(net.httpsProxy, 'http://user:pw@proxy.corp:3128');
    assert.deepEqual(net.httpProxy, 'http://user:pw@proxy.corp:3128');
    assert.deepEqual(net.noProxy, ['internal.corp']);
    assert.equal(net.proxyStrictSsl, false);
    assert.equal(net.caFiles?.length, 2);
    assert.match(net.caFiles?.[0] ?? '', /ca\.pem$/);
    assert.equal(net.caFiles?.[1], '/etc/corp.pem');
    assert.equal(net.clientCertFile, '/certs/me.pem');
    assert.match(net.clientKeyFile ?? '', /me\.key$/);
    assert.equal(net.altHost, 'coder.internal');
    assert.equal(net.insecure, true);
    assert.equal(net.headerCommand, 'print-headers');
  });

  it('coder.proxyBypass wins over http.noProxy and NO_PROXY, as in the Coder extension', () => {
    const net = editorNetSettings(
      settings({
        'http.proxy': 'proxy:3128',
        'http.noProxy': ['a.corp'],
        'coder.proxyBypass': 'b.corp, c.corp d.corp',
      }),
      { NO_PROXY: 'e.corp' },
    );
    assert.deepEqual(net.noProxy, ['b.corp', 'c.corp', 'd.corp']);
  });

  it('the environment fills what the settings leave out; proxySupport "off" leaves out VS Code\'s proxy settings only', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:8080', NO_PROXY: '.corp', CODER_HEADER_COMMAND: 'from-env' };
    assert.deepEqual(editorNetSettings(settings({}), env), {
      httpsProxy: 'http://env-proxy:8080',
      noProxy: ['.corp'],
      headerCommand: 'from-env',
    });
    const off = editorNetSettings(
      settings({ 'http.proxySupport': 'off', 'http.proxy': 'http://vscode-proxy:1', 'coder.proxyBypass': 'x' }),
      env,
    );
    assert.equal(off.httpsProxy, 'http://env-proxy:8080');
    assert.deepEqual(off.noProxy, ['.corp']);
  });

  it('a --header-command in coder.globalFlags wins over coder.headerCommand, as the Coder extension passes it', () => {
    const user = (flags: unknown[]): string | undefined =>
      editorNetSettings(settings({ 'coder.globalFlags': flags, 'coder.headerCommand': 'setting' }), {}).headerCommand;
    assert.equal(user(['--verbose', '--header-command', 'from-flags']), 'from-flags');
    assert.equal(user(['--header-command=a=b c']), 'a=b c');
    assert.equal(user(['--header-command some cmd']), 'some cmd');
    assert.equal(user(['--header-command']), 'setting');
    assert.equal(user([]), 'setting');
  });

  it('ignores values of the wrong type and blank strings', () => {
    const net = editorNetSettings(
      settings({ 'http.proxy': 42, 'coder.insecure': 'yes', 'coder.tlsCaFile': '  ', 'http.noProxy': 'a,b' }),
      {},
    );
    assert.deepEqual(net, {});
  });
});
