import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Client } from 'ssh2';
import { clientSocket } from '../../../src/diag/throughput/ssh2-internals';

describe('ssh2 internals: the session socket', () => {
  it('returns the stream ssh2 writes to when it can be corked', () => {
    const sock = new PassThrough();
    assert.equal(clientSocket({ _sock: sock } as unknown as Client), sock);
  });

  it('returns null when ssh2 keeps no such socket', () => {
    assert.equal(clientSocket({} as Client), null);
    assert.equal(clientSocket({ _sock: { write: () => true } } as unknown as Client), null);
  });
});
