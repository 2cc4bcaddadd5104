// `--deployment` and `--global-config`: which login a command uses.
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/args';
import { loginFromFlags } from '../../../src/cli/login-flags';

describe('login flags', () => {
  it('without a flag, picks the login automatically', () => {
    const login = loginFromFlags({});
    assert.deepEqual(login.pick, { kind: 'auto', query: undefined });
    assert.equal(login.coderPath, undefined);
    assert.equal(login.env, process.env);
    assert.ok(login.storageDirs.length > 0, 'the Coder extension stores are looked for');
  });

  it('--deployment narrows the automatic pick; --global-config names the folder; --coder the CLI', () => {
    assert.deepEqual(loginFromFlags({ deployment: 'coder.example.com' }).pick, {
      kind: 'auto',
      query: 'coder.example.com',
    });
    const folder = loginFromFlags({ 'global-config': '/home/me/.config/coderv2', coder: '/opt/coder' });
    assert.deepEqual(folder.pick, { kind: 'folder', dir: '/home/me/.config/coderv2' });
    assert.equal(folder.coderPath, '/opt/coder');
  });

  it('refuses both flags at once, and empty values, as usage errors', () => {
    for (const [values, reason] of [
      [{ deployment: 'a', 'global-config': '/x' }, /both pick the login; give one of them/],
      [{ deployment: ' ' }, /--deployment needs a URL or host/],
      [{ 'global-config': '' }, /--global-config needs a folder/],
    ] as const)
      assert.throws(
        () => loginFromFlags(values),
        (err: unknown) => err instanceof UsageError && reason.test(err.message),
      );
  });
});
