// ThirdPartyNotices.txt from what the bundles really contain: esbuild's metafiles name every input
// that put bytes into an output, each input under node_modules belongs to one package, and each
// package's own licence file is copied in full (the bundles drop the licence comments).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt))?$/i;

/** The package folder an input path lies in (the innermost node_modules entry), or undefined for our own code. */
export function packageDirOf(input) {
  const m = /^(.*node_modules\/(?:@[^/]+\/[^/]+|[^/]+))\//.exec(input.replaceAll('\\', '/'));
  return m ? m[1] : undefined;
}

/** Package folders (relative to `cwd`) with at least one byte in some output of the given metafiles. */
export function bundledPackageDirs(metafiles) {
  const dirs = new Set();
  for (const meta of metafiles)
    for (const output of Object.values(meta.outputs ?? {}))
      for (const [input, use] of Object.entries(output.inputs ?? {})) {
        const dir = packageDirOf(input);
        if (dir && use.bytesInOutput > 0) dirs.add(dir);
      }
  return [...dirs];
}

function licenceName(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l?.type ?? l).join(' OR ');
  return 'see the licence text';
}

function readPackage(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((name) => LICENCE_FILE.test(name));
  if (!file)
    throw new Error(
      `third-party notices: ${pkg.name}@${pkg.version} (${dir}) is bundled but ships no LICENSE file; ` +
        'bundle something else or add its licence text by hand',
    );
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  return {
    name: pkg.name,
    version: pkg.version,
    licence: licenceName(pkg),
    source: pkg.homepage ?? repo,
    text: readFileSync(path.join(dir, file), 'utf8').replace(/\r\n?/g, '\n').trim(),
  };
}

/** The notices document for these package folders, one section per package, sorted by name. */
export function renderNotices(packageDirs, productName) {
  const packages = [
    ...new Map(packageDirs.map((d) => readPackage(d)).map((p) => [`${p.name}@${p.version}`, p])).values(),
  ];
  packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const rule = '-'.repeat(72);
  const head = [
    `${productName}: third-party notices`,
    '',
    `${productName} bundles the following open source packages. Their licences follow in full.`,
    '',
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.licence})`),
  ];
  const sections = packages.map((p) =>
    [rule, `${p.name} ${p.version} (${p.licence})`, ...(p.source ? [p.source] : []), rule, '', p.text].join('\n'),
  );
  return [head.join('\n'), ...sections].join('\n\n') + '\n';
}

export function writeNotices(metafiles, outFile, productName) {
  const dirs = bundledPackageDirs(metafiles);
  writeFileSync(outFile, renderNotices(dirs, productName));
  return dirs.length;
}

// `node third-party-notices.mjs OUT META.json...`: the same from metafiles saved on disk.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [out, ...metas] = process.argv.slice(2);
  if (!out || metas.length === 0 || !metas.every((m) => existsSync(m))) {
    console.error('usage: node scripts/build/third-party-notices.mjs OUT.txt META.json...');
    process.exit(2);
  }
  try {
    writeNotices(
      metas.map((m) => JSON.parse(readFileSync(m, 'utf8'))),
      out,
      'Workspace Connection Doctor',
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
