import * as assert from 'node:assert/strict';
import { describeTarget, parseTarget, withCoderCli } from '../../../../src/diag/speedtest/target';
import { MAX_TARGET } from '../../../../src/diag/wire/limits';

describe('speed test target', () => {
  it('reads ssh:// addresses with user, host, port, and IPv6', () => {
    assert.deepEqual(parseTarget('ssh://ann@box.lab:2222'), {
      ok: true,
      target: { kind: 'ssh', host: 'box.lab', port: 2222, username: 'ann' },
    });
    assert.deepEqual(parseTarget('ssh://ann@[fd00::2]:22'), {
      ok: true,
      target: { kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' },
    });
    const noPort = parseTarget('ssh://ann@box.lab');
    assert.ok(noPort.ok && noPort.target.kind === 'ssh' && noPort.target.port === 22);
    assert.equal(describeTarget({ kind: 'ssh', host: 'fd00::2', port: 22, username: 'ann' }), 'ssh://ann@[fd00::2]:22');
  });

  it('refuses passwords, paths, other schemes and flag-like workspace names', () => {
    for (const bad of ['ssh://ann:secret@box', 'ssh://box/path', 'http://box', '-rf', 'ssh://ann@box:99999', '']) {
      const r = parseTarget(bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('takes anything else as a Coder workspace, with no CLI until one is attached', () => {
    assert.deepEqual(parseTarget('alice/dev.main'), {
      ok: true,
      target: { kind: 'coder', workspace: 'alice/dev.main' },
    });
  });

  it("attaches the login's CLI binary and root flags to a Coder workspace", () => {
    const cli = { path: '/opt/coder', globalArgs: ['--global-config', '/tmp/login'] };
    assert.deepEqual(withCoderCli({ kind: 'coder', workspace: 'dev' }, cli), {
      kind: 'coder',
      workspace: 'dev',
      coderPath: '/opt/coder',
      globalArgs: ['--global-config', '/tmp/login'],
    });
  });

  it('names the front end’s way of giving a key file when it refuses a password', () => {
    const r = parseTarget('ssh://ann:secret@box', 'the key setting');
    assert.ok(!r.ok && r.error.includes('the key setting'));
    assert.ok(!r.ok && !r.error.includes('secret'));
  });
});

describe('speed test target, hostile text', () => {
  it('never repeats a password back, even when the address does not parse', () => {
    for (const text of ['ssh://ann:hunter2secret@box:99999', 'sftp://ann:hunter2secret@box']) {
      const r = parseTarget(text);
      assert.ok(!r.ok, text);
      assert.doesNotMatch(r.error, /hunter2secret/, text);
    }
  });

  it('refuses line breaks and other control characters anywhere, rather than measuring another host', () => {
    // The URL parser would drop these and read `box`.
    for (const text of ['ssh://ann@bo\nx:22', 'ssh://an\rn@box', 'ssh://ann@box\t:22', 'ssh://ann%0a@box', 'de\nv']) {
      const r = parseTarget(text);
      assert.equal(r.ok, false, JSON.stringify(text));
    }
  });

  it('keeps bidi overrides as data: in the user name as typed, percent-encoded in the host', () => {
    const r = parseTarget('ssh://\u202eann@b\u202eox');
    assert.ok(r.ok && r.target.kind === 'ssh');
    assert.equal(r.target.username, '\u202eann');
    assert.equal(r.target.host, 'b%E2%80%AEox');
  });

  it('refuses huge text, and quotes no more of it than a target may hold', () => {
    for (const text of [`ssh://ann@${'a'.repeat(100_000)}`, 'a'.repeat(100_000), `gopher://${'a'.repeat(100_000)}`]) {
      const r = parseTarget(text);
      assert.ok(!r.ok, text.slice(0, 20));
      assert.ok(r.error.length < MAX_TARGET + 200, text.slice(0, 20));
    }
    // An address that just fits is read.
    const fits = `ssh://ann@${'a'.repeat(MAX_TARGET - 'ssh://ann@'.length)}`;
    assert.equal(parseTarget(fits).ok, true);
  });

  it('refuses an option-like workspace (the CLI would read it as a flag); an ssh:// host or user stays data', () => {
    assert.equal(parseTarget('-oProxyCommand=touch /tmp/owned').ok, false);
    // A plain SSH host is dialled over TCP and never becomes a command's argument.
    assert.deepEqual(parseTarget('ssh://-oProxyCommand=x@box'), {
      ok: true,
      target: { kind: 'ssh', host: 'box', port: 22, username: '-oProxyCommand=x' },
    });
    const host = parseTarget('ssh://ann@-oProxyCommand=x');
    assert.ok(host.ok && host.target.kind === 'ssh' && host.target.host === '-oProxyCommand=x');
  });
});
