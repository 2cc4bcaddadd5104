import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnCoderStdio, type CoderTransport } from '../../src/diag/speedtest/transport-coder';
import { isAlive, waitAllDead } from '../support/processes';

/** A stand-in `coder` that starts a child, prints both pids on stdout, then waits (or ignores SIGTERM). */
function standIn(dir: string, body: string): string {
  const file = path.join(dir, 'coder');
  writeFileSync(file, `#!${process.execPath}\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

// The child says when its SIGTERM handler is in place; only then are the pids printed.
const FAMILY = `
const { spawn } = require('node:child_process');
const kid = spawn(
  process.execPath,
  ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1e6)'],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
kid.stdout.once('data', () => process.stdout.write('pids ' + process.pid + ' ' + kid.pid + '\\n'));
setInterval(() => {}, 1e6);`;

function firstLine(transport: CoderTransport): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    transport.sock.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
  });
}

describe('coder ssh --stdio transport', function () {
  if (process.platform === 'win32') return;
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsdoctor-transport-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('close() ends the CLI and what it started, even a child that ignores SIGTERM', async () => {
    const coder = standIn(dir, FAMILY);
    const transport = spawnCoderStdio(coder, [], 'dev', process.env, new AbortController().signal);
    const pids = (await firstLine(transport)).split(' ').slice(1).map(Number);
    assert.equal(pids.length, 2);
    assert.equal(pids[0], transport.pid);
    assert.ok(pids.every(isAlive));
    await transport.close();
    // SIGTERM, then SIGKILL after the 1.5 s grace for the child that ignored it: without the
    // escalation it would live forever. The allowance is generous, since CI machines are shared.
    await waitAllDead(pids, 10_000);
    await transport.closed;
    await transport.close(); // twice is fine
  });

  it('says why when the CLI exits on its own, with its last words', async () => {
    const coder = standIn(dir, `process.stderr.write('error: workspace "dev" is stopped\\n'); process.exit(1);`);
    const transport = spawnCoderStdio(coder, [], 'dev', process.env, new AbortController().signal);
    await transport.closed;
    assert.match(
      transport.failure() ?? '',
      /^`coder ssh --stdio dev` exited with code 1: error: workspace "dev" is stopped\./,
    );
    await transport.close();
  });

  it('says where it looked when the CLI is missing', async () => {
    const transport = spawnCoderStdio(path.join(dir, 'nope'), [], 'dev', process.env, new AbortController().signal);
    await transport.closed;
    assert.match(transport.failure() ?? '', /^Coder CLI not found at ".*nope": install it/);
    await transport.close();
  });

  it('refuses to start once cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    assert.throws(
      () => spawnCoderStdio('coder', [], 'dev', process.env, controller.signal),
      /Cancelled before connecting/,
    );
  });
});
