import assert from 'node:assert/strict';
import { parseCoderAuthority } from '../../../src/vscode/remote-authority';

describe('Coder remote authority', () => {
  it('reads owner, workspace and agent from the right', () => {
    assert.deepEqual(parseCoderAuthority('ssh-remote+coder-vscode.dev.coder.com--alice--dev'), {
      via: 'coder-extension',
      host: 'dev.coder.com',
      owner: 'alice',
      workspace: 'dev',
      agent: null,
      target: 'alice/dev',
      sshHost: 'coder-vscode.dev.coder.com--alice--dev',
    });
    const withAgent = parseCoderAuthority('ssh-remote%2Bcoder-vscode.my--host.example--bob--ws-1.main');
    assert.equal(withAgent?.host, 'my--host.example');
    assert.equal(withAgent?.target, 'bob/ws-1.main');
  });

  it('recognises `coder config-ssh` hosts, also when Remote-SSH hex-encodes them', () => {
    assert.deepEqual(parseCoderAuthority('ssh-remote+coder.dev'), {
      via: 'config-ssh',
      host: null,
      owner: null,
      workspace: 'dev',
      agent: null,
      target: 'dev',
      sshHost: 'coder.dev',
    });
    assert.equal(parseCoderAuthority('ssh-remote+coder.dev.main')?.target, 'dev.main');
    assert.equal(parseCoderAuthority('ssh-remote+my-ws.coder')?.target, 'my-ws');
    const hex = Buffer.from(JSON.stringify({ hostName: 'coder.Dev-Box' })).toString('hex');
    assert.equal(parseCoderAuthority(`ssh-remote+${hex}`)?.target, 'Dev-Box');
    assert.equal(parseCoderAuthority(`ssh-remote+${hex}`)?.sshHost, 'coder.Dev-Box');
    for (const a of [
      'ssh-remote+coder.',
      'ssh-remote+coder.a.b.c',
      'ssh-remote+x.y.coder',
      'ssh-remote+coder.-rf',
      'ssh-remote+coder',
    ]) {
      assert.equal(parseCoderAuthority(a), null, a);
    }
  });

  it('ignores other remotes and malformed authorities', () => {
    for (const a of [
      'ssh-remote+myserver',
      'wsl+Ubuntu',
      'ssh-remote+coder-vscode.host--onlyone',
      'dev-container+abc',
      '%E0%A4%A',
      'ssh-remote+coder-vscode.h--a b--c',
    ]) {
      assert.equal(parseCoderAuthority(a), null, a);
    }
  });
});
