// Runs every benchmark in scripts/bench/ after a fresh build. Each prints ratios against a
// reference it measures in the same run; nothing here gates CI on absolute times.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
execFileSync('node', ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
execFileSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
let failed = 0;
for (const file of readdirSync('scripts/bench')
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${file} ===`);
  try {
    execFileSync('node', [`scripts/bench/${file}`], { stdio: 'inherit' });
  } catch {
    failed++;
    console.log(`${file} could not run (see above)`);
  }
}
process.exit(failed > 0 ? 1 : 0);
