// The real process's side of CliIo: interrupts reach the command's handlers, and a reader that goes
// away (`wsdoctor fleet | head -1`) stops the command quietly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { processIo } from '../../../src/cli/io';

const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

describe('process io', () => {
  it('hands Ctrl-C, a kill and a closed terminal to the handler until it is taken back', () => {
    const before = INTERRUPTS.map((s) => process.listenerCount(s));
    let calls = 0;
    const handler = (): void => void calls++;
    processIo.onInterrupt(handler);
    try {
      assert.deepEqual(
        INTERRUPTS.map((s) => process.listenerCount(s)),
        before.map((n) => n + 1),
      );
      // SIGHUP only: the test runner has a SIGINT handler of its own.
      process.emit('SIGHUP', 'SIGHUP');
      assert.equal(calls, 1);
    } finally {
      processIo.offInterrupt(handler);
    }
    assert.deepEqual(
      INTERRUPTS.map((s) => process.listenerCount(s)),
      before,
    );
  });

  describe('when the reader goes away', function () {
    this.timeout(20_000);
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-io-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('stops the command like an interrupt, once, and writes nothing more: no stack trace, exit 0', async () => {
      // A command that prints until it is stopped, then says so on stderr.
      const script = path.join(dir, 'printer.js');
      writeFileSync(
        script,
        `const { processIo } = require(${JSON.stringify(require.resolve('../../../src/cli/io'))});
         const timer = setInterval(() => processIo.stdout('x'.repeat(4096) + '\\n'), 1);
         processIo.onInterrupt(() => { clearInterval(timer); processIo.stderr('stopped\\n'); });`,
      );
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Like `head -1`: read the first chunk, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(stderr, 'stopped\n');
      assert.equal(code, 0);
    });
  });
});
