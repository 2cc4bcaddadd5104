import * as assert from 'node:assert/strict';
import { classifyOsProbe, downloadCommand } from '../../../../src/diag/speedtest/remote';

describe('remote system probe', () => {
  const out = (code: number | null, stdout: string, stderr = '') => ({ code, stdout, stderr, timedOut: false });
  it('recognises POSIX systems by uname', () => {
    assert.deepEqual(classifyOsProbe(out(0, 'Linux\n')), { kind: 'posix', name: 'Linux' });
    assert.deepEqual(classifyOsProbe(out(0, 'Darwin\r\n')), { kind: 'posix', name: 'Darwin' });
  });
  it('recognises Windows shells by their not-found message', () => {
    assert.deepEqual(
      classifyOsProbe(
        out(
          1,
          '',
          "'uname' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        ),
      ),
      { kind: 'windows' },
    );
    assert.deepEqual(
      classifyOsProbe(out(1, '', "uname : The term 'uname' is not recognized as the name of a cmdlet")),
      { kind: 'windows' },
    );
  });
  it('leaves anything else unknown, with what it saw', () => {
    const r = classifyOsProbe(out(127, '', 'sh: uname: not found'));
    assert.equal(r.kind, 'unknown');
    assert.match(r.kind === 'unknown' ? r.detail : '', /not found/);
  });
  it('asks for enough bytes that head never ends a download first', () => {
    const n = Number(/head -c (\d+) \/dev\/zero/.exec(downloadCommand(5))?.[1]);
    // 20 Gbit/s for the run and its margins.
    assert.ok(n >= 5 * 2.5e9);
  });
});
