import assert from 'node:assert/strict';
import { runProcess } from '../../src/diag/coder/run';
import { isAlive, waitAllDead } from '../support/processes';

const node = process.execPath;
// A parent that starts a long-lived child and reports both pids, then waits forever.
const FAMILY = `
const { spawn } = require('node:child_process');
const kid = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' });
console.log('pids ' + process.pid + ' ' + kid.pid);
setInterval(() => {}, 1e6);`;

describe('runProcess', () => {
  it('streams lines, keeps stderr and the exit code', async () => {
    const lines: string[] = [];
    const r = await runProcess(
      node,
      ['-e', 'process.stdout.write("a\\r\\nb"); process.stderr.write("oops\\n"); process.exit(3)'],
      {
        onStdoutLine: (l) => lines.push(l),
      },
    );
    assert.deepEqual(lines, ['a', 'b']);
    assert.equal(r.code, 3);
    assert.equal(r.stderr, 'oops\n');
    assert.equal(r.timedOut, false);
  });

  it('hands stdout over as text, uncut and unbounded, when asked for text', async () => {
    let text = '';
    const script = 'const l = "ä".repeat(100000) + "\\n"; for (let i = 0; i < 60; i++) process.stdout.write(l)';
    const r = await runProcess(node, ['-e', script], { onStdoutText: (t) => (text += t) });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.equal(text, ('ä'.repeat(100_000) + '\n').repeat(60));
  });

  it('passes arguments without a shell', async () => {
    const tricky = '$(touch /tmp/should-not-exist) ; `id` | & "quoted"';
    const r = await runProcess(node, ['-e', 'console.log(process.argv[1])', tricky]);
    assert.equal(r.stdout, tricky + '\n');
  });

  it('reports a program that cannot start', async () => {
    const r = await runProcess('/nonexistent/coder', ['version']);
    assert.equal(r.spawnError?.code, 'ENOENT');
    assert.equal(r.code, null);
  });

  it('kills the whole process group on timeout', async () => {
    let pids: number[] = [];
    const r = await runProcess(node, ['-e', FAMILY], {
      timeoutMs: 1500,
      onStdoutLine: (l) => (pids = l.split(' ').slice(1).map(Number)),
    });
    assert.equal(r.timedOut, true);
    assert.equal(pids.length, 2);
    await waitAllDead(pids);
  });

  it('kills the whole process group when cancelled mid-stream', async () => {
    const controller = new AbortController();
    let pids: number[] = [];
    const done = runProcess(node, ['-e', FAMILY], {
      signal: controller.signal,
      onStdoutLine: (l) => {
        pids = l.split(' ').slice(1).map(Number);
        controller.abort();
      },
    });
    const r = await done;
    assert.equal(r.aborted, true);
    assert.ok(pids.every((p) => p > 0) && pids.length === 2);
    await waitAllDead(pids);
    assert.ok(!pids.some(isAlive));
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const controller = new AbortController();
    const r = await runProcess(
      node,
      ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1e6)'],
      {
        signal: controller.signal,
        killGraceMs: 300,
        onStdoutLine: () => controller.abort(),
      },
    );
    assert.equal(r.aborted, true);
    assert.equal(r.signal, 'SIGKILL');
  });
});

describe('runProcess: what a long-lived child leaves in memory', () => {
  it('keeps only the tail of a stream when asked, starting at a whole line', async () => {
    // 20,000 numbered lines (~190 KB) on stderr, then the error that matters.
    const script =
      'for (let i = 0; i < 20000; i++) process.stderr.write(`line ${i}\\n`); process.stderr.write("error: the last word\\n")';
    const r = await runProcess(node, ['-e', script], { maxCapture: 1000, captureTail: true });
    assert.ok(r.stderr.length <= 1000, `kept ${r.stderr.length} characters`);
    assert.match(r.stderr, /^line \d+\n/);
    assert.ok(r.stderr.endsWith('line 19999\nerror: the last word\n'));
  });

  it('keeps the head by default, bounded as well', async () => {
    const script = 'for (let i = 0; i < 20000; i++) process.stderr.write(`line ${i}\\n`)';
    const r = await runProcess(node, ['-e', script], { maxCapture: 1000 });
    assert.ok(r.stderr.startsWith('line 0\n'));
    assert.ok(r.stderr.length < 1100, `kept ${r.stderr.length} characters`);
  });
});
