// How wsdoctor reaches the network: the environment, as the Coder CLI reads it, with the flags on top.
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/args';
import { coderSettingsFromFlags, netFromFlags } from '../../../src/cli/net-flags';

describe('network flags', () => {
  it('keep what the environment says when no flag is given', () => {
    assert.deepEqual(netFromFlags({}, {}), {});
    assert.deepEqual(netFromFlags({}, { HTTPS_PROXY: 'http://proxy:3128', SSL_CERT_FILE: '/etc/ca.pem' }), {
      httpsProxy: 'http://proxy:3128',
      caFiles: ['/etc/ca.pem'],
    });
  });

  it("add --ca-file to the environment's CA files, and put --header-command over CODER_HEADER_COMMAND", () => {
    const net = netFromFlags(
      { 'ca-file': ' /tmp/extra.pem ', 'header-command': 'print-headers' },
      { SSL_CERT_FILE: '/etc/ca.pem', CODER_HEADER_COMMAND: 'from-env' },
    );
    assert.deepEqual(net.caFiles, ['/etc/ca.pem', '/tmp/extra.pem']);
    assert.equal(net.headerCommand, 'print-headers');
  });

  it('take a client certificate only with its key', () => {
    const net = netFromFlags({ 'client-cert': 'me.crt', 'client-key': 'me.key' }, {});
    assert.equal(net.clientCertFile, 'me.crt');
    assert.equal(net.clientKeyFile, 'me.key');
    for (const half of [{ 'client-cert': 'me.crt' }, { 'client-key': 'me.key' }])
      assert.throws(() => netFromFlags(half, {}), /--client-cert and --client-key go together/);
  });

  it('refuse an empty value, naming the flag', () => {
    for (const name of ['header-command', 'ca-file', 'client-cert', 'client-key'] as const)
      assert.throws(
        () => netFromFlags({ [name]: '  ' }, {}),
        (err: unknown) => err instanceof UsageError && err.message === `--${name} needs a value`,
      );
  });

  it('hand the Coder CLI the header command, and nothing when there is none', () => {
    assert.deepEqual(coderSettingsFromFlags({ 'header-command': ' print-headers ' }), {
      globalFlags: [],
      headerCommand: 'print-headers',
    });
    assert.equal(coderSettingsFromFlags({}), undefined);
    assert.equal(coderSettingsFromFlags({ 'header-command': ' ' }), undefined);
  });
});
