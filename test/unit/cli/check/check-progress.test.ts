// `wsdoctor check`'s live progress: what the status line says as the check runs.
import assert from 'node:assert/strict';
import { CheckProgress } from '../../../../src/cli/check/check-progress';
import { HOSTILE, TERMINAL_CONTROL } from '../../../support/hostile-text';

describe('check progress line', () => {
  it('follows the CLI, the pings, netcheck and the probes', () => {
    const p = new CheckProgress(3, { cli: true, local: true });
    assert.equal(p.line(), 'wsdoctor check: finding the Coder CLI and login · netcheck running · probes: 0 done');
    assert.equal(
      p.update({ type: 'cli', cli: { path: '/x/coder', version: 'v2.20.0' } }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 0/3 · netcheck running · probes: 0 done',
    );
    p.update({ type: 'ping', sample: { outcome: 'pong', atMs: 1, path: 'derp', latencyMs: 40 } });
    p.update({ type: 'ping', sample: { outcome: 'timeout', atMs: 2 } });
    p.update({ type: 'probe', outcome: { name: 'mtu', ran: true } });
    assert.equal(
      p.update({ type: 'source-done', source: 'netcheck', ok: false, error: 'x' }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 2/3 · netcheck failed · probes: 1 done',
    );
    assert.equal(
      p.update({ type: 'source-done', source: 'local', ok: true }),
      'wsdoctor check: Coder CLI v2.20.0 · pings 2/3 · netcheck failed · probes done (1 done)',
    );
    assert.equal(p.update({ type: 'raw', source: 'ping', line: 'noise' }), null, 'nothing shown changed');
  });

  it('says when there is no usable CLI, and prints a CLI version only once it is safe', () => {
    const none = new CheckProgress(5, { cli: true, local: false });
    none.update({ type: 'source-done', source: 'version', ok: false, error: 'no CLI' });
    assert.equal(none.line(), 'wsdoctor check: no usable Coder CLI · netcheck not run');
    const hostile = new CheckProgress(5, { cli: true, local: false });
    hostile.update({ type: 'cli', cli: { path: '/x', version: HOSTILE } });
    assert.doesNotMatch(hostile.line(), TERMINAL_CONTROL);
  });
});
