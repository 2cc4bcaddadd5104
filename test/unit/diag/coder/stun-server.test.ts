import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkStunEntry } from '../../../../src/diag/coder/stun-server';
import { REPO_ROOT } from '../../../support/paths';

/** The editor's own check of `wsdoctor.stunServers` entries, from package.json. */
function settingPattern(): RegExp {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { items: { pattern: string } }> } };
  };
  return new RegExp(pkg.contributes.configuration.properties['wsdoctor.stunServers'].items.pattern);
}

describe('STUN entry rule (setting and --stun)', () => {
  it('accepts a host, an IPv4 or a bracketed IPv6 address with a port', () => {
    assert.deepEqual(checkStunEntry('stun.example.com:19302'), {
      ok: true,
      server: { host: 'stun.example.com', port: 19302 },
    });
    assert.deepEqual(checkStunEntry(' 192.0.2.1:3478 '), { ok: true, server: { host: '192.0.2.1', port: 3478 } });
    assert.deepEqual(checkStunEntry('[2001:db8::1]:3479'), { ok: true, server: { host: '2001:db8::1', port: 3479 } });
  });

  it('refuses an entry without its port, with the port out of range, or not a host, saying which', () => {
    const reason = (text: string): string => {
      const r = checkStunEntry(text);
      assert.equal(r.ok, false, text);
      return r.ok ? '' : r.reason;
    };
    assert.equal(reason(''), 'an empty entry');
    assert.match(reason('stun.example.com'), /is not HOST:PORT$/);
    // A bare IPv6 address would otherwise be read as a host ending in ":1".
    assert.match(reason('2001:db8::1'), /is not HOST:PORT$/);
    assert.match(reason('host:0'), /has port 0; a port is 1 to 65535/);
    assert.match(reason('host:70000'), /has port 70000/);
    assert.match(reason('a b:1'), /a host name, an IPv4 address or an \[IPv6\] address/);
    assert.match(reason('http://x:1'), /is not HOST:PORT/);
  });

  it('agrees with the pattern the settings editor shows, on every sample', () => {
    const pattern = settingPattern();
    for (const text of ['stun.example.com:19302', '192.0.2.1:3478', '[2001:db8::1]:3479', 'a_b.example:1'])
      assert.ok(checkStunEntry(text).ok && pattern.test(text), text);
    for (const text of ['stun.example.com', '2001:db8::1', 'a b:1', 'http://x:1', '[::1]'])
      assert.ok(!checkStunEntry(text).ok && !pattern.test(text), text);
  });
});
