import * as assert from 'node:assert/strict';
import { describeTarget, parseTarget } from '../../../../src/diag/speedtest/target';

describe('speed test target', () => {
  it('reads ssh:// addresses with user, host, port, and IPv6', () => {
    assert.deepEqual(parseTarget('ssh://ann@box.lab:2222', 'coder'), {
      ok: true,
      target: { kind: 'ssh', host: 'box.lab', port: 2222, username: 'ann' },
    });
    assert.deepEqual(parseTarget('ssh://ann@[fd00::2]:22', 'coder'), {
      ok: true,
      target: { kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' },
    });
    const noPort = parseTarget('ssh://ann@box.lab', 'coder');
    assert.ok(noPort.ok && noPort.target.kind === 'ssh' && noPort.target.port === 22);
    assert.equal(describeTarget({ kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' }), 'ssh://ann@[fd00::2]:22');
  });

  it('refuses passwords, paths, other schemes and flag-like workspace names', () => {
    for (const bad of ['ssh://ann:secret@box', 'ssh://box/path', 'http://box', '-rf', 'ssh://ann@box:99999', '']) {
      const r = parseTarget(bad, 'coder');
      assert.equal(r.ok, false, bad);
    }
  });

  it('takes anything else as a Coder workspace', () => {
    assert.deepEqual(parseTarget('alice/dev.main', '/bin/coder'), {
      ok: true,
      target: { kind: 'coder', workspace: 'alice/dev.main', coderPath: '/bin/coder', globalArgs: [] },
    });
  });
});
