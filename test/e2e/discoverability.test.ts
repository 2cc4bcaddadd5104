// Finding the extension's commands in a real VS Code (code-server): Restricted Mode, the remote
// indicator menu, the panels' title-bar buttons, and the walkthrough in a second display language.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { coderExtensionLogin } from './support/coder-extension-store';
import { E2E_ARTIFACTS } from './support/docs-images';
import { buildLanguagePack, registerLanguagePack } from './support/language-pack';
import { STATUS_ITEM, pickItem, runCommand, webview } from './support/workbench';
import { workbenchSuite } from './support/suite';

const QUICK_PICK_ROWS = '.quick-input-widget .monaco-list-row';

/** A title-bar button of the active editor, by the start of its label. */
function titleButton(page: Page, label: string) {
  return page.locator(`.editor-actions .action-label[aria-label^="${label}"]`);
}

describe('e2e: discoverability in Restricted Mode', function () {
  const suite = workbenchSuite(() => ({
    restricted: true,
    // Trust is on and the folder was never trusted; no prompt, so it stays restricted.
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'wsdoctor.pingCount': 3,
      'wsdoctor.statusBar.refreshSeconds': 1,
    },
    env: { FAKE_CODER_LINE_MS: '60' },
    prepareUserData: (userData) => void coderExtensionLogin(userData),
  }));

  it('runs in a folder opened in Restricted Mode: the check runs and the status bar shows', async () => {
    // VS Code says the window is restricted (status bar or banner).
    await suite.page
      .locator('.statusbar-item, .monaco-banner, .workspace-trust-banner', { hasText: 'Restricted Mode' })
      .first()
      .waitFor({ timeout: 60_000 });
    await runCommand(suite.page, 'Workspace Connection: Check workspace connection');
    await pickItem(suite.page, 'relayed');
    const frame = webview(suite.page);
    await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#badge').innerText(), /Relayed via DERP\s+Frankfurt/);
    await suite.page.waitForFunction(
      (selector) => /\d+ ms · DERP/.test((document.querySelector(selector) as HTMLElement | null)?.innerText ?? ''),
      STATUS_ITEM,
      { timeout: 60_000 },
    );
  });

  it("the connection panel's title bar has Check again, Copy report and the speed test", async () => {
    for (const label of ['Check again', 'Copy connection report', 'Run speed test on this workspace']) {
      await titleButton(suite.page, label).waitFor({ timeout: 15_000 });
    }
    // Check again re-runs the panel's own workspace, with no picker.
    await titleButton(suite.page, 'Check again').click();
    const frame = webview(suite.page);
    await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await suite.page.locator('.quick-input-widget').isVisible(), false, 'a picker opened');
    await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#workspace').innerText(), /^relayed$/);
  });

  it('the remote indicator menu lists the check and the speed test', async () => {
    const indicator = suite.page.locator('[id="workbench.parts.statusbar"] .statusbar-item.remote-kind').first();
    await indicator.click({ timeout: 30_000 });
    const rows = suite.page.locator(QUICK_PICK_ROWS);
    await rows.first().waitFor({ timeout: 15_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.trim());
    assert.ok(
      labels.some((t) => /Check workspace connection/.test(t)),
      `remote menu: ${JSON.stringify(labels)}`,
    );
    assert.ok(
      labels.some((t) => /Run speed test/.test(t)),
      `remote menu: ${JSON.stringify(labels)}`,
    );
    await suite.page.keyboard.press('Escape');
  });
});

describe('e2e: the walkthrough in German', function () {
  const suite = workbenchSuite((work) => ({
    extraExtensions: [buildLanguagePack(work, 'de')],
    locale: 'de',
    afterInstall: (userData, extensionsDir) => registerLanguagePack(userData, extensionsDir, 'de'),
    settings: {},
    prepareUserData: (userData) => void coderExtensionLogin(userData),
  }));

  it('shows the three steps with their German titles and buttons', async () => {
    await runCommand(suite.page, 'Welcome: Open Walkthrough...');
    await pickItem(suite.page, 'Erste Schritte mit Workspace Connection Doctor');
    const walkthrough = suite.page.locator('.gettingStartedContainer');
    await walkthrough.locator('h2', { hasText: 'Erste Schritte mit Workspace Connection Doctor' }).waitFor({
      timeout: 30_000,
    });
    for (const step of [
      'Die Verbindung eines Arbeitsbereichs prüfen',
      'Ein Problem und den nächsten Schritt lesen',
      'Einen Geschwindigkeitstest ausführen',
    ]) {
      await walkthrough.getByText(step, { exact: true }).first().waitFor({ timeout: 15_000 });
    }
    await walkthrough
      .getByRole('button', { name: 'Verbindung zum Arbeitsbereich prüfen' })
      .first()
      .waitFor({ timeout: 15_000 });
    // A step's Markdown comes from its `.nls.de.md` sibling.
    await walkthrough.getByText('Ein Problem und den nächsten Schritt lesen', { exact: true }).first().click();
    await webview(suite.page).getByText('Jedes Problem hat').waitFor({ timeout: 30_000 });
    // A test artifact only: the README shows the English panels.
    await walkthrough.screenshot({ path: path.join(E2E_ARTIFACTS, 'walkthrough-de.png') });
  });

  it("shows a check in German, the engine's texts too", async () => {
    await runCommand(suite.page, 'Arbeitsbereichsverbindung: Verbindung zum Arbeitsbereich prüfen');
    await pickItem(suite.page, 'relayed');
    const frame = webview(suite.page);
    await frame.locator('#run-state', { hasText: 'Geprüft um' }).waitFor({ timeout: 60_000 });
    // The panel's own texts come from the host's bundle, the from the engine's translator.
    await frame.locator('h2', { hasText: 'Probleme' }).waitFor({ timeout: 15_000 });
    // The region stands where German puts it, inside the sentence.
    assert.match(await frame.locator('#badge').innerText(), /^Über DERP\s+Frankfurt\s+weitergeleitet$/);
    const titles = await frame.locator('.issue .issue-title').allInnerTexts();
    assert.ok(titles.includes('Über DERP weitergeleitet'), `issue titles: ${JSON.stringify(titles)}`);
    const next = await frame.locator('.issue .issue-next').allInnerTexts();
    assert.ok(
      next.some((t) => t.startsWith('Nächster Schritt:')),
      `next steps: ${JSON.stringify(next)}`,
    );
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'panel-relayed-de.png') });
    // The copied report speaks the same language.
    await runCommand(suite.page, 'Arbeitsbereichsverbindung: Verbindungsbericht kopieren');
    let markdown = '';
    for (let i = 0; i < 50 && !markdown.startsWith('# Verbindungsbericht'); i++) {
      await suite.page.waitForTimeout(200);
      markdown = await suite.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    }
    assert.match(markdown, /^# Verbindungsbericht: relayed$/m);
    assert.match(markdown, /\*\*Über DERP Frankfurt weitergeleitet\*\*/);
    assert.match(markdown, /^## Probleme$/m);
    assert.match(markdown, /^### Ihr Rechner$/m);
  });
});
