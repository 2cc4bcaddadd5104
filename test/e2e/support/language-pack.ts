// A minimal language pack for the e2e run: VS Code shows a display language only when a pack for it
// is installed (code-server's `--locale` alone falls back to English). This one translates none of
// VS Code's own strings, so the workbench stays English, but it makes German the display language,
// and with it the extension's package.nls.de.json and l10n bundle. Built offline with vsce.
// code-server reads the installed packs from `languagepacks.json` in the user data folder, which VS
// Code writes only when its language pack service first runs: the run writes it up front.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

/** Registers the installed pack in `<userData>/languagepacks.json`, as VS Code's language pack cache would. */
export function registerLanguagePack(userData: string, extensionsDir: string, languageId = 'de'): void {
  const id = `wsdoctor-e2e.wsdoctor-e2e-language-pack-${languageId}`;
  const translations = path.join(extensionsDir, `${id}-1.0.0`, 'translations', 'main.i18n.json');
  const entry = {
    hash: `e2e-${languageId}-1`,
    extensions: [{ extensionIdentifier: { id }, version: '1.0.0' }],
    translations: { vscode: translations },
    label: languageId,
  };
  writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({ [languageId]: entry }));
}

export function buildLanguagePack(dir: string, languageId = 'de'): string {
  const root = path.join(dir, `language-pack-${languageId}`);
  mkdirSync(path.join(root, 'translations'), { recursive: true });
  const manifest = {
    name: `wsdoctor-e2e-language-pack-${languageId}`,
    publisher: 'wsdoctor-e2e',
    version: '1.0.0',
    description: 'e2e display-language switch',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  };
  writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(root, 'README.md'), 'Display-language switch for the e2e run.\n');
  writeFileSync(path.join(root, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  const vsix = path.join(dir, `language-pack-${languageId}.vsix`);
  execFileSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce'),
    ['package', '--skip-license', '--allow-missing-repository', '-o', vsix],
    { cwd: root, stdio: 'pipe' },
  );
  return vsix;
}
