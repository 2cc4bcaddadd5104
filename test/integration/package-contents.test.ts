// The .vsix holds only what runs and what the store shows: bundles, media, the icon, the notices of
// the bundled packages, the pictures the README shows, the top-level documents and both languages'
// strings; no placeholder URL.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodePng } from '../support/png';
import { REPO_ROOT } from '../support/paths';
import { readZip, type ZipEntry } from '../support/zip';

const ALLOWED = [
  // vsce renames README.md, CHANGELOG.md and LICENSE to readme.md, changelog.md and LICENSE.txt.
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^readme\.md$/,
  /^changelog\.md$/,
  /^LICENSE\.txt$/,
  /^dist\/(extension|cli)\.js$/,
  /^dist\/engines\/[\w-]+\.js$/,
  /^dist\/webview\/[\w.-]+\.(js|css)$/,
  // Beside each panel bundle, the messages it can show (the host sends it their translations).
  /^dist\/webview\/[\w-]+\.l10n\.json$/,
  /^dist\/icon\.png$/,
  /^dist\/ThirdPartyNotices\.txt$/,
  /^docs\/images\/[\w.-]+\.png$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^media\/[\w./-]+$/,
];
// What vsce itself adds beside the extension's files.
const VSCE_FILES = ['extension.vsixmanifest', '[Content_Types].xml'];

// Hosts that only ever stand in for a real one (RFC 2606/6761 names).
const PLACEHOLDER_HOST = /(^|\.)(invalid|example|test|localhost)$|(^|\.)example\.(com|net|org)$/i;

const VSIX = path.join(REPO_ROOT, 'dist-vsix', 'workspace-connection-doctor.vsix');

/** Relative targets of the Markdown's images and links (not anchors, not URLs with a scheme). */
function relativeTargets(markdown: string): { images: string[]; links: string[] } {
  const images: string[] = [];
  const links: string[] = [];
  for (const m of markdown.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)[^)]*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(m[2]) || m[2].startsWith('#')) continue;
    (m[1] ? images : links).push(m[2].replace(/#.*$/, ''));
  }
  for (const m of markdown.matchAll(/<img[^>]*\ssrc=["']([^"']+)["']/gi))
    if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) images.push(m[1]);
  return { images, links };
}

describe('extension package contents', () => {
  let entries: ZipEntry[];
  let files: Map<string, Buffer>;

  before(function () {
    this.timeout(120_000);
    // The real script: vsce runs vscode:prepublish (the production build) first.
    execFileSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'pipe' });
    entries = readZip(readFileSync(VSIX));
    files = new Map(
      entries.filter((e) => e.name.startsWith('extension/')).map((e) => [e.name.slice('extension/'.length), e.data]),
    );
  });

  it('is under 1 MB', () => {
    const size = readFileSync(VSIX).length;
    assert.ok(size < 1024 * 1024, `vsix is ${size} bytes`);
  });

  it('holds only bundles, media, icon, notices, pictures and documents: no sources, tests, maps or node_modules', () => {
    assert.ok(files.has('dist/extension.js'), `no extension bundle in ${[...files.keys()].join(', ')}`);
    assert.ok(files.has('dist/cli.js'));
    for (const e of entries) {
      if (VSCE_FILES.includes(e.name)) continue;
      const name = e.name.replace(/^extension\//, '');
      assert.ok(e.name.startsWith('extension/') && ALLOWED.some((re) => re.test(name)), `unexpected: ${e.name}`);
    }
  });

  it("holds the manifest's icon: a 128x128 PNG", () => {
    const manifest = JSON.parse(files.get('package.json')!.toString('utf8'));
    assert.equal(manifest.icon, 'dist/icon.png');
    const icon = files.get(manifest.icon);
    assert.ok(icon, 'the icon is not in the package');
    const png = decodePng(icon);
    assert.deepEqual([png.width, png.height], [128, 128]);
    // vsce writes it into the gallery manifest as the default icon.
    const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.data.toString('utf8') ?? '';
    assert.match(vsixManifest, /Icons\.Default" Path="extension\/dist\/icon\.png"/);
  });

  it('holds the notices of every bundled dependency, each with its licence text', () => {
    const notices = files.get('dist/ThirdPartyNotices.txt')?.toString('utf8');
    assert.ok(notices, 'no ThirdPartyNotices.txt in the package');
    const manifest = JSON.parse(files.get('package.json')!.toString('utf8'));
    // Our direct dependencies, and what the bundles pull in through them (lit for the elements,
    // the bcrypt and curve code of ssh2).
    const expected = [...Object.keys(manifest.dependencies), 'lit-html', 'lit-element', 'bcrypt-pbkdf', 'tweetnacl'];
    for (const name of expected) {
      const version = JSON.parse(
        readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ).version;
      assert.ok(notices.includes(`\n${name} ${version} (`), `no section for ${name} ${version}`);
    }
    assert.match(notices, /Permission is hereby granted, free of charge/); // MIT
    assert.match(notices, /Redistribution and use in source and binary forms/); // BSD (lit, bcrypt-pbkdf)
    assert.doesNotMatch(notices, /\ntypescript |\nmocha |\nesbuild /, 'build tools are not bundled');
  });

  it("holds each walkthrough step's Markdown in English and, as VS Code looks for it, in German", () => {
    const manifest = JSON.parse(files.get('package.json')!.toString('utf8'));
    const steps = manifest.contributes.walkthroughs.flatMap((w: { steps: unknown[] }) => w.steps) as Array<{
      media: { markdown?: string };
    }>;
    const markdown = steps.map((s) => s.media.markdown).filter((m): m is string => typeof m === 'string');
    assert.equal(markdown.length, 3, 'three steps, each with its Markdown');
    for (const english of markdown) {
      // VS Code reads `<name>.nls.<language>.md` next to the step's file when the display language has one.
      const german = english.replace(/\.md$/, '.nls.de.md');
      assert.ok(files.has(english), `${english} is not in the package`);
      const text = files.get(german)?.toString('utf8');
      assert.ok(text, `${german} is not in the package`);
      assert.match(text, /^# \S/, `${german} starts with its heading`);
      assert.notEqual(text, files.get(english)!.toString('utf8'), `${german} is not translated`);
    }
  });

  it('holds every picture and document the README points to, so they resolve inside the package', () => {
    const readme = files.get('readme.md')!.toString('utf8');
    const { images, links } = relativeTargets(readme);
    assert.ok(images.length > 0, 'the README shows no picture');
    for (const target of [...images, ...links])
      assert.ok(files.has(path.posix.normalize(target)), `README points to ${target}, which is not in the package`);
  });

  it('has no placeholder URL anywhere, the manifest included', () => {
    const found: string[] = [];
    for (const e of entries) {
      const text = e.data.toString('utf8');
      // A host under .invalid is a stand-in that cannot work, wherever it appears.
      for (const m of text.matchAll(/(?:\/\/|@)[\w.-]*\.invalid\b|example\.invalid/gi))
        found.push(`${e.name}: ${m[0]}`);
      // What the store and the details page present as links must be real: in the manifests and
      // documents no URL may point at a reserved example host either. (Example input in the UI,
      // such as `ssh://me@example.com:22` as a text box's hint, is what those names are for.)
      // The l10n bundles and the panels' message lists are UI text like the bundles' own (their hints
      // name example hosts).
      if (!/(\.md|\.json|\.vsixmanifest)$/.test(e.name) || /^extension\/(l10n\/|dist\/webview\/)/.test(e.name))
        continue;
      for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s"'<>)]*@)?([^/:\s"'<>)\\`]+)/gi))
        if (PLACEHOLDER_HOST.test(m[1])) found.push(`${e.name}: ${m[0]}`);
    }
    assert.deepEqual(found, []);
  });

  it("holds both languages: the manifest's package.nls files and the extension's l10n bundles", () => {
    const manifest = JSON.parse(files.get('package.json')!.toString('utf8'));
    assert.equal(manifest.l10n, './l10n');
    for (const name of [
      'package.nls.json',
      'package.nls.de.json',
      'l10n/bundle.l10n.json',
      'l10n/bundle.l10n.de.json',
    ]) {
      const data = files.get(name);
      assert.ok(data, `${name} is not in the package`);
      assert.equal(data.toString('utf8'), readFileSync(path.join(REPO_ROOT, name), 'utf8'), `${name} differs`);
    }
    // What each panel can show, so that the host can send it the translations it needs.
    for (const panel of ['check', 'speedtest'])
      assert.ok(
        files.has(`dist/webview/${panel}.l10n.json`),
        `the ${panel} panel's message list is not in the package`,
      );
    // The store shows the English texts: vsce resolved the %keys% of the gallery manifest.
    const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest')?.data.toString('utf8') ?? '';
    assert.match(vsixManifest, /<DisplayName>Workspace Connection Doctor<\/DisplayName>/);
    assert.doesNotMatch(vsixManifest, /%\w[\w.-]*%/);
  });

  it('declares what Restricted Mode and virtual workspaces may do, naming only settings that exist', () => {
    const manifest = JSON.parse(files.get('package.json')!.toString('utf8'));
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    const settings = Object.keys(manifest.contributes.configuration.properties);
    for (const key of untrusted.restrictedConfigurations) assert.ok(settings.includes(key), `${key} is no setting`);
    // Every setting that names a program, a key file or servers to contact is restricted.
    for (const key of settings.filter((k) => /path|file|command|server|host/i.test(k)))
      assert.ok(untrusted.restrictedConfigurations.includes(key), `${key} is not restricted`);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.ok(!manifest.activationEvents.some((e: string) => e.startsWith('onResolveRemote:')));
    assert.ok(manifest.scripts['vscode:prepublish']);
    assert.equal(manifest.galleryBanner?.theme, 'dark');
  });
});
