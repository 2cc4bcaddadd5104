// The packaged extension in a real VS Code (code-server) driven by headless Chromium, pointed at
// the fake `coder`: the check panel, the status bar indicator, hostile names, screenshots.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { STATUS_ITEM, alertsSeen, pickItem, runCommand, setTheme, webview } from './support/workbench';
import { waitForSeriesInk } from './support/canvas';
import { docsImage, panelElement, E2E_ARTIFACTS } from './support/docs-images';
import { coderExtensionLogin, E2E_DEPLOYMENT } from './support/coder-extension-store';
import { waitForLogLine } from './support/logs';
import { loggedInvocations } from '../support/processes';
import { TEST_TOKEN } from '../support/coder-login';
import { workbenchSuite } from './support/suite';

const HOSTILE = '<img src=x onerror=alert(1)>';

const DERP_LINE = '--vscode-charts-orange';
const P2P_LINE = '--vscode-charts-green';

/** Asserts the latency chart has drawn the series in `colour` (it draws after the canvas gets its size). */
async function assertLine(frame: FrameLocator, colour: string, what: string): Promise<void> {
  const ink = await waitForSeriesInk(frame, '#latency-chart', colour, 40);
  assert.ok(ink > 40, `${what}: the latency chart has no line in ${colour} (${ink} pixels)`);
}

async function checkWorkspace(page: Page, workspace: string): Promise<FrameLocator> {
  await runCommand(page, 'Workspace Connection: Check workspace connection');
  await pickItem(page, workspace);
  const frame = webview(page);
  await frame.locator('#workspace', { hasText: workspace }).waitFor({ timeout: 30_000 });
  // The run is over when the run state says when it was checked.
  await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 60_000 });
  return frame;
}

/** A screenshot tall enough to show the whole panel, then the usual window size again. */
async function tallScreenshot(page: Page, frame: FrameLocator, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1400, height: 1000 };
  const height = await frame.locator('body').evaluate((b) => b.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(3000, Math.max(size.height, height + 120)) });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(E2E_ARTIFACTS, name) });
  await page.setViewportSize(size);
}

async function statusText(page: Page, pattern: RegExp): Promise<string> {
  const item = page.locator(STATUS_ITEM);
  await page.waitForFunction(
    ([selector, source]) =>
      new RegExp(source).test((document.querySelector(selector) as HTMLElement | null)?.innerText ?? ''),
    [STATUS_ITEM, pattern.source] as const,
    { timeout: 60_000 },
  );
  return (await item.innerText()).trim();
}

describe('e2e: connection panel and status bar in code-server', function () {
  let loginDir: string;
  // No wsdoctor.coderPath: the login and the CLI copy are the ones the Coder extension keeps.
  const suite = workbenchSuite((work) => ({
    settings: { 'wsdoctor.pingCount': 6, 'wsdoctor.statusBar.refreshSeconds': 1 },
    env: { FAKE_CODER_LINE_MS: '120', FAKE_CODER_LOG: path.join(work, 'coder-invocations.jsonl') },
    prepareUserData: (userData) => void (loginDir = coderExtensionLogin(userData)),
  }));

  it('activates without running the Coder CLI while no workspace is known', async () => {
    // The extension's log channel says when it has activated; until a workspace is known, nothing runs.
    const logLine = await waitForLogLine(
      path.join(suite.server.runDir, 'user-data', 'logs'),
      'Workspace Connection',
      /activated/,
      60_000,
    );
    assert.doesNotMatch(logLine, /workspace /, 'a workspace was already known at activation');
    await suite.page.waitForTimeout(1500);
    assert.deepEqual(
      loggedInvocations(path.join(suite.work, 'coder-invocations.jsonl')),
      [],
      'the Coder CLI ran during activation',
    );
  });

  it('checks a relayed workspace: DERP badge and region, issues with next steps, a drawn chart', async () => {
    const frame = await checkWorkspace(suite.page, 'relayed');
    const badge = frame.locator('#badge');
    assert.equal(await badge.getAttribute('data-path'), 'derp');
    assert.match(await badge.innerText(), /Relayed via DERP\s+Frankfurt/);
    const issues = frame.locator('.issue');
    assert.ok((await issues.count()) >= 2, `only ${await issues.count()} issues`);
    const nextSteps = await frame.locator('.issue .issue-next').allInnerTexts();
    assert.ok(
      nextSteps.filter((t) => /^Next step: \S+/.test(t.trim())).length >= 2,
      `next steps: ${JSON.stringify(nextSteps)}`,
    );
    assert.ok(
      (await frame.locator('.issue[data-issue="low-mtu"]').count()) === 1,
      'the low-MTU issue of the recording is shown',
    );
    await assertLine(frame, DERP_LINE, 'relayed');
    assert.match(await frame.locator('#stats').innerText(), /Loss\s+\d/);
    // The picker's `coder list` and the check ran on the Coder extension's login with its CLI copy.
    const calls = loggedInvocations(path.join(suite.work, 'coder-invocations.jsonl'));
    for (const command of ['list', 'ping', 'netcheck']) {
      const call = calls.find((c) => c.command === command);
      assert.ok(call, `no coder ${command}`);
      assert.equal(call.binary, path.join(loginDir, 'bin', 'coder-linux-amd64'), command);
      assert.equal(call.configDir, loginDir, command);
      assert.ok(call.argv.includes('--url') && call.argv.includes(E2E_DEPLOYMENT), command);
      assert.ok(!call.argv.join(' ').includes(TEST_TOKEN), command);
    }
    await tallScreenshot(suite.page, frame, 'panel-relayed-light.png');
    // The automatic diagnosis's notification would cover the panel.
    await runCommand(suite.page, 'Notifications: Clear All Notifications');
    await docsImage(panelElement(suite.page), 'connection-panel-light.png');
  });

  it('shows latency and the relay in the status bar for the relayed workspace', async () => {
    const text = await statusText(suite.page, /\d+ ms · DERP Frankfurt/);
    assert.match(text, /^~?\d+ ms · DERP Frankfurt$/);
  });

  it('copies the report as Markdown, and a status bar click brings the panel back', async () => {
    await runCommand(suite.page, 'Workspace Connection: Copy connection report');
    let markdown = '';
    for (let i = 0; i < 50 && !markdown.startsWith('# Connection report'); i++) {
      await suite.page.waitForTimeout(200);
      markdown = await suite.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
    }
    assert.match(markdown, /^# Connection report: relayed$/m);
    assert.match(markdown, /Path: \*\*Relayed via DERP Frankfurt\*\*/);
    assert.match(markdown, /### Your machine[\s\S]*\*\*Low MTU\*\*/);
    await suite.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.txt' }).dblclick();
    await suite.page.locator('.tab.active', { hasText: 'README.txt' }).waitFor();
    await suite.page.locator(STATUS_ITEM).click();
    await suite.page.locator('.tab.active', { hasText: 'Connection: relayed' }).waitFor({ timeout: 15_000 });
    // Revealed, not re-run: the finished report is still there.
    await webview(suite.page).locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 15_000 });
  });

  it('keeps the panel through hide/show and a window reload', async () => {
    // Hidden: another editor takes the tab group; shown again: the panel redraws from a snapshot.
    await suite.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'README.txt' }).dblclick();
    await suite.page.locator('.tab', { hasText: 'README.txt' }).waitFor();
    await suite.page.locator('.tab', { hasText: 'Connection: relayed' }).click();
    let frame = webview(suite.page);
    await frame.locator('#badge[data-path="derp"]').waitFor({ timeout: 30_000 });
    assert.match(await frame.locator('#badge').innerText(), /Relayed via DERP\s+Frankfurt/);
    // Reload the window as a user does (it saves the window's state first): the serializer
    // revives the panel with the report it had.
    await runCommand(suite.page, 'Developer: Reload Window');
    await suite.page.waitForEvent('load', { timeout: 60_000 });
    await suite.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await suite.page.locator('.tab', { hasText: 'Connection: relayed' }).click({ timeout: 60_000 });
    frame = webview(suite.page);
    await frame.locator('#badge[data-path="derp"]').waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#badge').innerText(), /Relayed via DERP\s+Frankfurt/);
    assert.ok((await frame.locator('.issue').count()) >= 2);
    assert.match(await frame.locator('#run-state').innerText(), /Checked at/);
    await assertLine(frame, DERP_LINE, 'drawn again from the restored samples');
  });

  it('checks a workspace that upgrades to direct: p2p badge with endpoint, status bar p2p', async () => {
    const frame = await checkWorkspace(suite.page, 'direct');
    const badge = frame.locator('#badge');
    assert.equal(await badge.getAttribute('data-path'), 'p2p');
    assert.match(await badge.innerText(), /Direct \(p2p\)\s+198\.51\.100\.7:41641/);
    assert.match(await frame.locator('#path-note').innerText(), /Upgraded from a relay to direct after \d/);
    await assertLine(frame, P2P_LINE, 'direct');
    const text = await statusText(suite.page, /\d+ ms · p2p/);
    assert.match(text, /^~?\d+ ms · p2p$/);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'panel-direct-light.png') });
  });

  it('renders in the dark and high-contrast themes', async () => {
    await setTheme(suite.page, 'Dark Modern');
    await suite.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    const frame = webview(suite.page);
    await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    await frame.locator('#badge[data-path="p2p"]').waitFor({ timeout: 30_000 });
    await assertLine(frame, P2P_LINE, 'dark theme');
    await tallScreenshot(suite.page, frame, 'panel-direct-dark.png');
    await docsImage(panelElement(suite.page), 'connection-panel-dark.png');
    await setTheme(suite.page, 'Dark High Contrast');
    await frame.locator('body.vscode-high-contrast').waitFor({ timeout: 30_000 });
    await assertLine(frame, P2P_LINE, 'high-contrast theme');
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'panel-direct-high-contrast.png') });
    await setTheme(suite.page, 'Light Modern');
    await suite.page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
  });

  it('shows a workspace and DERP region named like HTML as literal text, and runs no script', async () => {
    const frame = await checkWorkspace(suite.page, HOSTILE);
    assert.equal(await frame.locator('#workspace').innerText(), HOSTILE);
    assert.equal(await frame.locator('#badge .badge-detail').innerText(), HOSTILE);
    assert.equal(await frame.locator('img').count(), 0, 'an <img> element was created from a name');
    const status = await statusText(suite.page, /ms · DERP </);
    assert.ok(status.includes('DERP <img src=x'), `status bar: ${status}`);
    assert.equal(await suite.page.locator(`${STATUS_ITEM} img`).count(), 0);
    assert.equal(await alertsSeen(suite.page), 0, 'a script from a name ran');
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'panel-hostile-light.png') });
  });
});
