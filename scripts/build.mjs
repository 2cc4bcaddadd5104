// Bundles the extension host, the headless CLI and the webview code with esbuild, then writes what
// the package ships beside them: the icon (drawn from assets/icon.svg), the third-party notices
// of every package the bundles contain (their licence comments are stripped from the bundles), and
// beside each panel bundle the messages it can show (build/panel-messages.mjs).
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { writePanelMessages } from './build/panel-messages.mjs';
import { svgFileToPng } from './build/svg-raster.mjs';
import { writeNotices } from './build/third-party-notices.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
};

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
    // After every build (and rebuild when watching): the messages each panel can show, for the host.
    plugins: [
      { name: 'panel-messages', setup: (b) => b.onEnd((r) => void (r.metafile && writePanelMessages(r.metafile))) },
    ],
  });
}

for (const b of builds) {
  for (const entry of b.entryPoints) if (!existsSync(entry)) throw new Error(`build: entry ${entry} is missing`);
}

function writeExtras(results) {
  mkdirSync('dist', { recursive: true });
  svgFileToPng('assets/icon.svg', 'dist/icon.png', 128);
  writeNotices(
    results.map((r) => r.metafile),
    'dist/ThirdPartyNotices.txt',
    'Workspace Connection Doctor',
  );
}

if (watch) {
  // One full build first (for the icon and notices), then esbuild rebuilds each bundle on change.
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  writeExtras(await Promise.all(contexts.map((c) => c.rebuild())));
  for (const c of contexts) await c.watch();
  console.log('build: watching src/ for changes');
} else {
  writeExtras(await Promise.all(builds.map((b) => esbuild.build(b))));
}
