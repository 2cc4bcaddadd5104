import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Client, ClientChannel } from 'ssh2';
import { MAX_STREAMS, checkStreams, openChannels } from '../../../../src/diag/speedtest/streams';

/** A channel that closes when asked, as a server confirming the close would. */
class FakeChannel extends EventEmitter {
  closed = false;
  readonly stderr = Object.assign(new EventEmitter(), { resume: () => undefined });
  resume(): void {}
  close(): void {
    this.closed = true;
    setImmediate(() => this.emit('close'));
  }
}

/** A client whose exec calls succeed, except the ones numbered in `failing` (0-based). */
function fakeClient(failing: number[]): { client: Client; channels: FakeChannel[]; commands: string[] } {
  const channels: FakeChannel[] = [];
  const commands: string[] = [];
  const client = {
    exec(command: string, cb: (err: Error | undefined, ch?: ClientChannel) => void) {
      const n = commands.push(command) - 1;
      setImmediate(() => {
        if (failing.includes(n)) return cb(new Error(`channel ${n} refused: open failed`));
        const ch = new FakeChannel();
        channels.push(ch);
        cb(undefined, ch as unknown as ClientChannel);
      });
    },
  } as unknown as Client;
  return { client, channels, commands };
}

describe('parallel streams (channels)', () => {
  it('opens one channel per stream, each running the command', async () => {
    const { client, commands } = fakeClient([]);
    const opened = await openChannels(client, 'cat >/dev/null', 4, 1000, new AbortController().signal, 500);
    assert.equal(opened.length, 4);
    assert.deepEqual(commands, Array(4).fill('cat >/dev/null'));
  });

  it('closes the channels that opened when one fails, and says why', async () => {
    const { client, channels } = fakeClient([2]);
    await assert.rejects(
      openChannels(client, 'cat >/dev/null', 4, 1000, new AbortController().signal, 500),
      /channel 2 refused/,
    );
    assert.equal(channels.length, 3);
    assert.ok(
      channels.every((c) => c.closed),
      'no channel is left open',
    );
  });

  it('accepts 1 to 16 whole streams and explains anything else', () => {
    assert.equal(MAX_STREAMS, 16);
    for (const ok of [1, 4, 16]) assert.equal(checkStreams(ok), null);
    for (const bad of [0, -1, 17, 2.5, Number.NaN]) assert.match(checkStreams(bad) ?? '', /whole number from 1 to 16/);
  });
});
