// Runs every test suite (compiled to out/test/<suite> by `pretest`) with mocha and prints one
// closing tally. `npm test -- unit integration` runs only the named suites, and builds the bundles
// only for the suites that run them (integration and lab run dist/cli.js; e2e packages its own).
import Mocha from 'mocha';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ALL = ['unit', 'integration', 'lab', 'e2e'];
const TIMEOUTS = { unit: 10_000, integration: 60_000, lab: 180_000, e2e: 300_000 };
const asked = process.argv.slice(2).filter((a) => ALL.includes(a));
const suites = asked.length > 0 ? asked : ALL;
const NEED_BUNDLES = ['integration', 'lab'];

if (suites.some((s) => NEED_BUNDLES.includes(s))) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

let passed = 0;
let failed = 0;
let pending = 0;
for (const suite of suites) {
  const files = testFiles(join('out', 'test', suite));
  if (files.length === 0) continue;
  console.log(`\n=== ${suite} (${files.length} files) ===`);
  // A real browser driving a real editor sometimes loses a quick pick to focus, and the lab's speed
  // figures swing with what else shares two cores: an e2e or lab test gets one more try, and every
  // retry is printed. Unit and integration tests get none.
  const retries = suite === 'e2e' || suite === 'lab' ? 1 : 0;
  const mocha = new Mocha({ timeout: TIMEOUTS[suite], reporter: 'spec', color: false, retries });
  files.sort().forEach((f) => mocha.addFile(resolve(f)));
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
    runner.on('retry', (test, err) =>
      console.log(`  retrying "${test.fullTitle()}" after: ${String(err?.message ?? err).split('\n')[0]}`),
    );
  });
  passed += stats.passes;
  failed += stats.failures;
  pending += stats.pending;
  mocha.dispose();
}
console.log(`\n${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
