// Fifty workspaces through the fake Coder CLI at concurrency 8, against one workspace's check
// measured in the same run: the whole fleet run (login, `coder list`, fifty pings) should take at
// most 1.2 × (50 / 8) × one check's time, so the limiter keeps all eight slots busy.
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
const require = createRequire(import.meta.url);
const { runFleetCheck } = require('../../out/src/diag/fleet/fleet-check.js');

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const FAKE_CODER = path.join(ROOT, 'test', 'fake-coder', 'coder');
const RECORDING = path.join(ROOT, 'test', 'fixtures', 'fake-coder', 'fleet', 'ping-direct.txt');
const WORKSPACES = 50;
const CONCURRENCY = 8;
const SINGLE_RUNS = 6;
// The pause between replayed lines: the real CLI's cadence, one ping a second, so a check lasts what
// `coder ping -n 3` lasts (over two seconds). A shorter replay would shrink the waiting but not the
// stand-in's start-up (a Node process, several times the real Go binary's), overstating what eight
// starting at once on a small machine cost each other.
const LINE_MS = '1000';

const dir = mkdtempSync(path.join(tmpdir(), 'wsd-fleet-bench-'));
const login = path.join(dir, 'login');
mkdirSync(login);
writeFileSync(path.join(login, 'url'), 'https://coder.example.com\n');
writeFileSync(path.join(login, 'session'), 'AbCdEfGhIj-0123456789abcdefghijkl');

/** A scenario file listing `n` running workspaces, each replaying the same short recording. */
function scenarios(n) {
  const file = path.join(dir, `scenarios-${n}.json`);
  const workspaces = {};
  for (let i = 0; i < n; i++) workspaces[`ws-${String(i).padStart(2, '0')}`] = { owner: 'bench', ping: RECORDING };
  writeFileSync(file, JSON.stringify({ workspaces }));
  return file;
}

async function fleet(n, concurrency) {
  const env = { ...process.env, FAKE_CODER_SCENARIOS: scenarios(n), FAKE_CODER_LINE_MS: LINE_MS };
  const session = { pick: { kind: 'folder', dir: login }, coderPath: FAKE_CODER, storageDirs: [], env };
  const pingMs = [];
  const started = new Map();
  const t0 = performance.now();
  const result = await runFleetCheck(
    { session, concurrency, pingCount: 3, deadlineMs: 15_000 },
    (event) => {
      if (event.type === 'ping-started') started.set(event.key, performance.now());
      if (event.type === 'ping-finished') pingMs.push(performance.now() - started.get(event.key));
    },
    new globalThis.AbortController().signal,
  );
  const totalMs = performance.now() - t0;
  const missing = result.rows.filter((r) => r.latencyMs === null);
  if (result.rows.length !== n || missing.length > 0) throw new Error(`${missing.length} of ${n} rows have no figure`);
  return { totalMs, pingMs };
}

try {
  // One check's time: single pings one after another (a warm-up first), the mean of their start-to-end times.
  await fleet(1, 1);
  const single = await fleet(SINGLE_RUNS, 1);
  const oneCheckMs = single.pingMs.reduce((a, b) => a + b, 0) / single.pingMs.length;
  const many = await fleet(WORKSPACES, CONCURRENCY);
  const manyMean = many.pingMs.reduce((a, b) => a + b, 0) / many.pingMs.length;
  const rounds = WORKSPACES / CONCURRENCY;
  console.log(`one workspace's check, alone (mean of ${SINGLE_RUNS}):          ${oneCheckMs.toFixed(0)} ms`);
  console.log(
    `${WORKSPACES} workspaces at concurrency ${CONCURRENCY} (login, list, pings): ${many.totalMs.toFixed(0)} ms`,
  );
  console.log(`one check inside that run (mean of ${WORKSPACES}):           ${manyMean.toFixed(0)} ms`);
  // Against the check alone: the budget of the issue. Against the check inside the run: what the
  // limiter itself costs, apart from the checks slowing each other down on a machine with few cores.
  const verdict = (ratio) => `${ratio.toFixed(2)} ${ratio <= 1.2 ? 'ok' : 'OVER BUDGET'} (budget 1.20)`;
  console.log(
    `ratio fleet / ((${WORKSPACES} / ${CONCURRENCY}) × check alone):      ${verdict(many.totalMs / (rounds * oneCheckMs))}`,
  );
  console.log(
    `ratio fleet / ((${WORKSPACES} / ${CONCURRENCY}) × check in the run): ${verdict(many.totalMs / (rounds * manyMean))}`,
  );
  console.log(
    `(${availableParallelism()} CPUs; each fake CLI is a node process, so eight starting at once share them)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
