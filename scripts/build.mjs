// Bundles the extension host, the headless CLI and the webview code with esbuild.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning', legalComments: 'none' };

// Each file directly under src/webview/entries/ becomes one browser bundle in dist/webview/.
const webviewEntries = existsSync('src/webview/entries')
  ? readdirSync('src/webview/entries')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `src/webview/entries/${f}`)
  : [];

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  },
];
// Heavy engines the extension loads on first use (src/vscode/lazy-engine.ts) -> dist/engines/.
const engineEntries = existsSync('src/vscode/engines')
  ? readdirSync('src/vscode/engines')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `src/vscode/engines/${f}`)
  : [];
if (engineEntries.length > 0) {
  builds.push({
    ...common,
    entryPoints: engineEntries,
    outdir: 'dist/engines',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  });
}
if (webviewEntries.length > 0) {
  builds.push({
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

for (const b of builds) {
  for (const entry of b.entryPoints) if (!existsSync(entry)) throw new Error(`build: entry ${entry} is missing`);
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
