// UI budgets: bundle sizes (run after a --production build; scripts/bench.mjs does that) and the
// cost of one live update of the connection panel (fold a ping, redraw the chart) with an hour of
// pings (3,600) already drawn, against the same update with 100 drawn, in the same run and browser.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const size = (f) => (existsSync(f) ? statSync(f).size : NaN);

console.log('Bundle sizes (minified):');
const budgets = [
  // 150 KB until the session timeline (it records from activation, so it cannot load later) and the
  // Workspaces view's tree provider joined it; the probes, ssh2 and the fleet's pings still load on
  // demand from dist/engines/ or share code the status feed already needs.
  ['dist/extension.js', 175 * 1024, 'extension (loaded on activation)'],
  ['dist/webview/check.js', 350 * 1024, 'connection panel'],
];
for (const [file, budget, what] of budgets) {
  const n = size(file);
  console.log(
    `  ${what.padEnd(34)} ${kb(n).padStart(9)}  budget ${kb(budget)}  ${n <= budget ? 'ok' : 'OVER BUDGET'}  (${(n / budget).toFixed(2)} of budget)`,
  );
}
for (const f of ['dist/engines/local-probes.js', 'dist/engines/speedtest.js', 'dist/webview/speedtest.js']) {
  if (existsSync(f)) console.log(`  ${f.padEnd(34)} ${kb(size(f)).padStart(9)}  (loaded on demand)`);
}

const chromiumPath = process.env.WSDOCTOR_E2E_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`\nChromium not found at ${chromiumPath}: cannot time the panel (apt-get install chromium).`);
  process.exit(1);
}
const { chromium } = await import('playwright-core');

const dir = mkdtempSync(path.join(tmpdir(), 'wsd-ui-bench-'));
try {
  const bundle = path.join(dir, 'bench.js');
  await esbuild.build({
    entryPoints: ['scripts/bench/ui/panel-bench-entry.ts'],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: bundle,
    logLevel: 'warning',
  });
  const css = readFileSync('media/connection.css', 'utf8');
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><style>${css}</style></head><body class="vscode-light"><main id="app" style="width:1000px"></main><script src="bench.js"></script></body></html>`,
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`file://${path.join(dir, 'index.html')}`);
    const time = (history, rounds) => page.evaluate(([h, r]) => globalThis.panelBench(h, r), [history, rounds]);
    // Warm up the JIT and the chart code paths, then alternate the two sizes so drift hits both.
    await time(100, 20);
    await time(3600, 20);
    const small = [];
    const large = [];
    for (let i = 0; i < 5; i++) {
      small.push(await time(100, 40));
      large.push(await time(3600, 40));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const s = median(small);
    const l = median(large);
    console.log('\nOne live panel update (fold one ping + redraw stats and chart), median of 5 x 40 updates:');
    console.log(`  with   100 pings drawn: ${s.toFixed(2)} ms (reference)`);
    console.log(`  with 3,600 pings drawn: ${l.toFixed(2)} ms`);
    console.log(
      `  ratio 3,600 / 100: ${(l / s).toFixed(2)}x  (history is decimated to a bounded number of chart points)`,
    );
    // The Timeline section with 24 h recorded (1,440 minutes + 3,600 seconds, 500 events), drawn
    // whole, against 10 minutes (600 seconds, 10 events) in the same run; budget 16 ms (one frame).
    const timeline = (hours, rounds) => page.evaluate(([h, r]) => globalThis.timelineBench(h, r), [hours, rounds]);
    await timeline(1 / 6, 10);
    await timeline(24, 10);
    const short = [];
    const day = [];
    for (let i = 0; i < 5; i++) {
      short.push(await timeline(1 / 6, 20));
      day.push(await timeline(24, 20));
    }
    const ts = median(short);
    const td = median(day);
    console.log('\nTimeline chart draw (series for the range, chart, event list), median of 5 x 20 draws:');
    console.log(`  10 min recorded (600 points):   ${ts.toFixed(2)} ms (reference)`);
    console.log(
      `  24 h recorded (5,040 points):   ${td.toFixed(2)} ms  budget 16 ms  ${td <= 16 ? 'ok' : 'OVER BUDGET'}`,
    );
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
