// The one-line status `wsdoctor fleet` keeps on a terminal's stderr.
import assert from 'node:assert/strict';
import { FleetProgress } from '../../../../src/cli/fleet/fleet-progress';
import { listedRow } from '../../../../src/diag/fleet/row';

describe('fleet progress line', () => {
  it('counts listed and checked workspaces and names at most three running checks, printable', () => {
    const p = new FleetProgress();
    const running = (name: string) => listedRow('https://x', { name, owner: 'a', status: 'running', target: name });
    const stopped = listedRow('https://x', { name: 'old', owner: 'a', status: 'stopped', target: 'old' });
    const listing = { deployment: 'https://x', ok: true };
    p.update({
      type: 'listed',
      listing,
      rows: [running('a'), running('b'), running('c'), running('d\u202ex'), stopped],
    });
    for (const n of ['a', 'b', 'c', 'd\u202ex']) p.update({ type: 'ping-started', key: n, row: running(n) });
    assert.equal(p.line(), 'wsdoctor fleet: 5 workspaces listed · checked 0/4 · checking: a, b, c +1');
    p.update({ type: 'ping-finished', key: 'a', row: running('a') });
    assert.equal(
      p.update({ type: 'ping-finished', key: 'b', row: running('b') }),
      'wsdoctor fleet: 5 workspaces listed · checked 2/4 · checking: c, d\\u{202e}x',
    );
  });

  it('says it is listing until the first listing comes, and counts only rows that can be checked', () => {
    const p = new FleetProgress();
    assert.equal(p.line(), 'wsdoctor fleet: listing workspaces');
    const broken = { ...listedRow('https://x', { name: 'b', owner: 'a', status: 'running', target: 'b' }), error: 'x' };
    const fine = listedRow('https://x', { name: 'f', owner: 'a', status: 'running', target: 'f' });
    assert.equal(
      p.update({ type: 'listed', listing: { deployment: 'https://x', ok: true }, rows: [broken, fine] }),
      'wsdoctor fleet: 2 workspaces listed · checked 0/1',
    );
  });
});
