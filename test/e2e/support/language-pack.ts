// A minimal language pack for the e2e run: VS Code shows a display language only when a pack for it
// is installed (code-server's `--locale` alone falls back to English). This one translates none of
// VS Code's own strings, so the workbench stays English, but it makes German the display language,
// and with it the extension's package.nls.de.json and l10n bundle. Built offline with vsce.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

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
