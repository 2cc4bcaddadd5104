import assert from 'node:assert/strict';
import { proxyNetworkInfoDir } from '../../../../src/diag/status/proxy-command';

const HOST = 'coder-vscode.dev.coder.com--alice--ws1';

describe('ProxyCommand recognition', () => {
  it('accepts `coder ssh --stdio` and `coder vscodessh` with a network-info folder and the host', () => {
    assert.equal(proxyNetworkInfoDir(['/x/coder', 'ssh', '--stdio', '--network-info-dir', '/n', HOST], HOST), '/n');
    assert.equal(proxyNetworkInfoDir(['anything', '-v', 'ssh', HOST, '--network-info-dir=/n', '--stdio'], HOST), '/n');
    assert.equal(
      proxyNetworkInfoDir(['c', 'vscodessh', '--network-info-dir', '/n', '--url-file', '/u', HOST], HOST),
      '/n',
    );
  });

  it('rejects everything else', () => {
    const cases: string[][] = [
      ['ssh', '--stdio', '--network-info-dir', '/n', HOST], // `ssh` only as argv[0]
      ['c', 'ssh', '--network-info-dir', '/n', HOST], // no --stdio
      ['c', 'ssh', '--stdio', HOST], // no folder
      ['c', 'ssh', '--stdio', '--network-info-dir', HOST], // the host is the folder's value
      ['c', 'ssh', '--stdio', '--network-info-dir=', HOST], // empty folder
      ['c', 'ssh', '--stdio', '--network-info-dir', '/n', `${HOST}.main`],
      ['c', 'ssh', '--stdio', '--network-info-dir', '/n', HOST.toUpperCase()],
      ['c', 'config-ssh', '--stdio', '--network-info-dir', '/n', HOST],
      [],
    ];
    for (const argv of cases) assert.equal(proxyNetworkInfoDir(argv, HOST), null, JSON.stringify(argv));
    assert.equal(proxyNetworkInfoDir(['c', 'ssh', '--stdio', '--network-info-dir', '/n', ''], ''), null);
    assert.equal(proxyNetworkInfoDir(['c', 'ssh', '--stdio', '--network-info-dir', '/n', '--stdio'], '--stdio'), null);
  });
});
