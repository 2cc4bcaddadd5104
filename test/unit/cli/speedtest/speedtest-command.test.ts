// `wsdoctor speedtest`'s output conventions: Ctrl-C exits 130 with what ran printed, the JSON goes
// through its presenter, and progress lines carry no terminal escapes from the remote side.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { speedtestCommand, speedtestProgressLine } from '../../../../src/cli/speedtest/speedtest-command';
import { HOSTILE, HOSTILE_SHOWN, TERMINAL_CONTROL } from '../../../support/hostile-text';
import { until } from '../../../support/until';
import { recordingIo } from '../../../support/recording-io';

describe('wsdoctor speedtest', () => {
  it('progress lines quote warnings and region names without terminal escapes', () => {
    const lines = [
      speedtestProgressLine({ type: 'warning', message: HOSTILE }),
      speedtestProgressLine({ type: 'phase', phase: 'connecting', message: HOSTILE }),
      speedtestProgressLine({
        type: 'path',
        change: { kind: 'derp', derpRegion: HOSTILE, atSeconds: 0, latencyMs: 30 },
      }),
    ];
    assert.deepEqual(lines, [`note: ${HOSTILE_SHOWN}`, `${HOSTILE_SHOWN}...`, `path: over DERP ${HOSTILE_SHOWN}`]);
    for (const l of lines) assert.doesNotMatch(l ?? '', TERMINAL_CONTROL);
  });

  it('refuses --streams outside 1 to 16 before connecting, saying what is allowed', async () => {
    for (const bad of ['0', '17', 'four', '2.5']) {
      await assert.rejects(
        speedtestCommand(['ssh://me@127.0.0.1:1', '--streams', bad], recordingIo()),
        new RegExp(`--streams must be a whole number from 1 to 16, not "${bad.replace('.', '\\.')}"`),
      );
    }
  });

  describe('interrupted', () => {
    // An SSH server that accepts and never says a word: the test is still connecting when Ctrl-C comes.
    let server: Server;
    let port: number;
    const sockets: Socket[] = [];
    before(async () => {
      server = createServer((s) => void sockets.push(s));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    after(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    });

    for (const json of [false, true]) {
      it(`exits 130 and prints what ran${json ? ' as the JSON document' : ''}`, async () => {
        const io = recordingIo();
        const argv = [`ssh://me@127.0.0.1:${port}`, '--time', '1s', ...(json ? ['--json'] : [])];
        const running = speedtestCommand(argv, io);
        await until('the speed test to connect', () => sockets.length > 0, 5000);
        io.interrupt();
        assert.equal(await running, 130);
        assert.equal(io.handlers.size, 0, 'the interrupt handler is removed');
        if (json) {
          const doc = JSON.parse(io.out) as { schemaVersion: number; cancelled: boolean; target: string };
          assert.equal(doc.schemaVersion, 1);
          assert.equal(doc.cancelled, true);
          assert.equal(doc.target, `ssh://me@127.0.0.1:${port}`);
          assert.equal(io.err, '', 'no progress with --json');
        } else {
          assert.match(io.out, /^Speed test of ssh:\/\/me@127\.0\.0\.1:\d+ over SSH/);
          assert.match(io.err, /\.\.\.\n/);
        }
      });
    }
  });

  it('refuses --coder --json and unknown flags as usage errors', async () => {
    await assert.rejects(speedtestCommand(['dev', '--coder', '--json'], recordingIo()), /--coder needs a value/);
    await assert.rejects(speedtestCommand(['dev', '--directon', 'up'], recordingIo()), /Unknown option --directon/);
  });
});
