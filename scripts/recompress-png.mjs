// Re-encodes PNG files in place, pixel for pixel, when that makes them smaller: the README's
// screenshots ship inside the package, and a browser writes them less tightly than png.mjs does.
//   node scripts/recompress-png.mjs FILE...
import { readFileSync, writeFileSync } from 'node:fs';
import { decodePng, encodePng } from './build/png.mjs';

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const before = readFileSync(file);
    const { width, height, rgba } = decodePng(before);
    const after = encodePng(width, height, rgba);
    if (after.length < before.length) writeFileSync(file, after);
    console.log(`${file}: ${before.length} -> ${Math.min(after.length, before.length)} bytes`);
  } catch (err) {
    console.error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
