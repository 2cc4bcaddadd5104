// The Workspaces view of the packaged extension in code-server, over the fake `coder` listing a
// dozen workspaces: the rows and the top line, Refresh picking up what changed (one ping per
// workspace even when asked twice), and Check on a row opening the check panel for it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { fixture } from '../support/paths';
import { loggedInvocations, subcommandArgv, waitAllDead } from '../support/processes';
import { coderExtensionLogin } from './support/coder-extension-store';
import { docsImage, sideBar, E2E_ARTIFACTS } from './support/docs-images';
import { runCommand, webview } from './support/workbench';
import { workbenchSuite } from './support/suite';

const VIEW_CONTAINER = '[id="workbench.view.extension.wsdoctor-connections"]';

interface Scenarios {
  workspaces: Record<
    string,
    { owner: string; status?: string; ping: string; pingMode?: string; pingExit?: number; lineMs?: number }
  >;
}

/** The tree row of one workspace; its aria-label is "<name>: <description>". */
function row(page: Page, name: string): Locator {
  return page.locator(`${VIEW_CONTAINER} .monaco-list-row[aria-label^="${name}: "]`);
}

async function rowText(page: Page, name: string): Promise<string> {
  return (await row(page, name).getAttribute('aria-label')) ?? '';
}

/** Waits until the row's label matches, and returns it. */
async function waitForRow(page: Page, name: string, pattern: RegExp, ms = 60_000): Promise<string> {
  const until = Date.now() + ms;
  let text = '';
  while (Date.now() < until) {
    text = (await row(page, name).count()) > 0 ? await rowText(page, name) : '';
    if (pattern.test(text)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`row ${name} never matched ${pattern}: "${text}"`);
}

/** The view's top line (TreeView.message). */
async function topLine(page: Page): Promise<string> {
  return (await page.locator(`${VIEW_CONTAINER} .message`).first().innerText()).trim();
}

/** A button of the view's title bar (a lone view's buttons sit in the side bar's title). */
function titleAction(page: Page, label: string): Locator {
  return page.locator(`[id="workbench.parts.sidebar"] .action-label[aria-label="${label}"]`).filter({ visible: true });
}

/** Waits until the top line matches (the title bar can change before the tree and its message redraw). */
async function waitForTopLine(page: Page, pattern: RegExp, ms = 15_000): Promise<string> {
  const until = Date.now() + ms;
  let text = '';
  while (Date.now() < until) {
    text = await topLine(page);
    if (pattern.test(text)) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(`the top line never matched ${pattern}: "${text}"`);
}

async function waitForRefreshDone(page: Page): Promise<void> {
  // The title bar shows Refresh again once no refresh runs.
  await titleAction(page, 'Refresh workspaces').waitFor({ timeout: 60_000 });
}

function pingsOf(log: string): string[] {
  return loggedInvocations(log)
    .filter((c) => c.command === 'ping')
    .map((c) => subcommandArgv(c)[1]);
}

describe('e2e: the Workspaces view in code-server', function () {
  let scenariosFile: string;
  let callLog: string;
  const suite = workbenchSuite((work) => {
    // A copy the test can change between refreshes; its recordings stay where they are.
    scenariosFile = path.join(work, 'fleet-scenarios.json');
    writeFileSync(scenariosFile, readFileSync(fixture('fake-coder/fleet-scenarios.json')));
    callLog = path.join(work, 'coder-invocations.jsonl');
    return {
      settings: { 'wsdoctor.pingCount': 3, 'wsdoctor.localProbes.enabled': false },
      env: { FAKE_CODER_SCENARIOS: scenariosFile, FAKE_CODER_LINE_MS: '40', FAKE_CODER_LOG: callLog },
      prepareUserData: (userData) => void coderExtensionLogin(userData),
    };
  });

  it('lists every workspace with its status, path, latency and why, and sums them up on top', async function () {
    this.timeout(180_000);
    await runCommand(suite.page, 'Workspace Connections: Focus on Workspaces View');
    // Opening the view fills it; the hanging workspace ends at its 15 s deadline.
    await waitForRow(suite.page, 'dev', /^dev: running · direct · \d+ ms/);
    await waitForRow(suite.page, 'hangs', /^hangs: running · timed out/, 60_000);
    await waitForRefreshDone(suite.page);
    await waitForRow(suite.page, 'etl', /^etl: running · DERP Frankfurt · \d+ ms · (just now|\d+ s ago)$/, 5000);
    await waitForRow(suite.page, 'sydney-box', /^sydney-box: running · DERP Sydney · \d+ ms/, 5000);
    await waitForRow(suite.page, 'broken-agent', /^broken-agent: running · CLI error/, 5000);
    await waitForRow(suite.page, 'old', /^old: stopped · not pinged$/, 5000);
    await waitForRow(suite.page, 'booting', /^booting: starting · not pinged$/, 5000);
    await waitForRow(suite.page, 'bad-build', /^bad-build: failed · not pinged$/, 5000);
    assert.equal(await suite.page.locator(`${VIEW_CONTAINER} .monaco-list-row`).count(), 12, 'one row per workspace');
    await waitForTopLine(
      suite.page,
      /^8 running · 3 direct · 3 relayed \(.+\) · 2 no answer · 4 not running · slowest: ml-box \d+ ms$/,
    );
    // No workspace that is not running was pinged, and none twice.
    const pinged = pingsOf(callLog);
    assert.deepEqual([...pinged].sort(), ['api', 'broken-agent', 'dev', 'etl', 'hangs', 'ml-box', 'sydney-box', 'web']);
    // Hovering a stopped row tells why in its tooltip.
    await row(suite.page, 'old').hover();
    await suite.page
      .locator('.monaco-hover, .workbench-hover', { hasText: 'start it with' })
      .first()
      .waitFor({ timeout: 10_000 });
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'workspaces-view-tooltip.png') });
    await suite.page.mouse.move(900, 900);
    await suite.page.waitForTimeout(800);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'workspaces-view.png') });
    await docsImage(sideBar(suite.page), 'workspaces-view-light.png', 380);
    await runCommand(suite.page, 'Preferences: Toggle between Light/Dark Themes');
    await suite.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    await suite.page.waitForTimeout(500);
    await docsImage(sideBar(suite.page), 'workspaces-view-dark.png', 380);
    await runCommand(suite.page, 'Preferences: Toggle between Light/Dark Themes');
    await suite.page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
  });

  it('Refresh picks up what changed, and a second click joins the running refresh', async function () {
    this.timeout(120_000);
    const scenarios = JSON.parse(readFileSync(scenariosFile, 'utf8')) as Scenarios;
    // The stopped workspace was started, and the relayed one went direct; the hanging one is gone.
    scenarios.workspaces.old = { owner: 'alice', ping: 'fake-coder/fleet/ping-direct.txt' };
    scenarios.workspaces.etl = { owner: 'bob', ping: 'fake-coder/fleet/ping-direct.txt' };
    delete scenarios.workspaces.hangs;
    // Slow pings keep this refresh running long enough to ask for another one during it.
    for (const ws of Object.values(scenarios.workspaces)) ws.lineMs = 1500;
    writeFileSync(scenariosFile, JSON.stringify(scenarios));
    const before = pingsOf(callLog).length;
    await titleAction(suite.page, 'Refresh workspaces').click();
    // While it runs, the title bar offers Cancel; a refresh asked for now joins it.
    await titleAction(suite.page, 'Cancel refresh').waitFor({ timeout: 10_000 });
    await runCommand(suite.page, 'Workspace Connection: Refresh workspaces');
    assert.ok(
      await titleAction(suite.page, 'Cancel refresh').isVisible(),
      'the first refresh ended before the second request',
    );
    await waitForRow(suite.page, 'old', /^old: running · direct · \d+ ms/);
    await waitForRow(suite.page, 'etl', /^etl: running · direct · \d+ ms/);
    await waitForRefreshDone(suite.page);
    // Had the second request started a refresh of its own, its pings would follow now.
    await suite.page.waitForTimeout(3000);
    assert.equal(await row(suite.page, 'hangs').count(), 0, 'a workspace no longer listed is gone');
    const round = pingsOf(callLog).slice(before);
    assert.deepEqual([...round].sort(), ['api', 'broken-agent', 'dev', 'etl', 'ml-box', 'old', 'sydney-box', 'web']);
    await waitForTopLine(
      suite.page,
      /^8 running · 5 direct · 2 relayed \(Frankfurt, Sydney\) · 1 no answer · 3 not running/,
    );
  });

  it('Check on a row opens the connection panel for that workspace', async function () {
    this.timeout(120_000);
    await row(suite.page, 'ml-box').click();
    await row(suite.page, 'ml-box').locator('.action-label[aria-label="Check connection"]').click();
    const frame = webview(suite.page);
    await frame.locator('#workspace', { hasText: 'ml-box' }).waitFor({ timeout: 30_000 });
    await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('#badge').getAttribute('data-path'), 'derp');
    // A stopped row offers no speed test or check; every workspace row offers its report.
    await row(suite.page, 'archive').click();
    const actions = await row(suite.page, 'archive')
      .locator('.action-label')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(actions, ['Copy report']);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'workspaces-view-check.png') });
  });

  it('Copy report copies the row, then the last full check when it was of that workspace', async function () {
    this.timeout(60_000);
    const copied = async (name: string, starts: string): Promise<string> => {
      await row(suite.page, name).click();
      await row(suite.page, name).locator('.action-label[aria-label="Copy report"]').click();
      let text = '';
      for (let i = 0; i < 50 && !text.startsWith(starts); i++) {
        await suite.page.waitForTimeout(200);
        text = await suite.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      }
      return text;
    };
    const checked = await copied('ml-box', '### Workspace connection: alice/ml-box');
    assert.match(checked, /^\| Path \| DERP Frankfurt \|$/m);
    assert.match(checked, /^\| Latency \| \d+ ms \(/m);
    assert.match(checked, /^# Connection report: ml-box$/m, 'the panel’s full report follows');
    const stopped = await copied('archive', '### Workspace connection: bob/archive');
    assert.match(
      stopped,
      /^\| Why no figure \| not pinged: the workspace is stopped; start it with \\`coder start archive\\` \|$/m,
    );
    assert.doesNotMatch(stopped, /# Connection report/);
  });

  it('Cancel stops a refresh at once, keeps the last figures and leaves no coder process', async function () {
    this.timeout(120_000);
    const scenarios = JSON.parse(readFileSync(scenariosFile, 'utf8')) as Scenarios;
    for (const ws of Object.values(scenarios.workspaces)) ws.lineMs = 5000;
    writeFileSync(scenariosFile, JSON.stringify(scenarios));
    const before = loggedInvocations(callLog).length;
    await titleAction(suite.page, 'Refresh workspaces').click();
    await waitForRow(suite.page, 'dev', /^dev: running · direct · \d+ ms · .*checking…$/, 30_000);
    await titleAction(suite.page, 'Cancel refresh').click();
    await waitForRefreshDone(suite.page);
    await waitForTopLine(suite.page, /· refresh cancelled$/);
    // The rows keep what the previous refresh measured, with its time.
    await waitForRow(suite.page, 'dev', /^dev: running · direct · \d+ ms · (just now|\d+ s ago)$/, 5000);
    const pids = loggedInvocations(callLog)
      .slice(before)
      .filter((c) => c.command === 'ping')
      .map((c) => c.pid);
    assert.ok(pids.length > 0 && pids.length <= 4, `pings started: ${pids.length} (concurrency 4)`);
    await waitAllDead(pids, 10_000);
  });
});

describe('e2e: the Workspaces view with two deployments', function () {
  const suite = workbenchSuite((work) => {
    const scenarios: Scenarios = {
      workspaces: {
        dev: { owner: 'alice', ping: 'fake-coder/fleet/ping-direct.txt' },
        etl: { owner: 'alice', ping: 'fake-coder/fleet/ping-relayed-frankfurt.txt' },
        old: { owner: 'alice', status: 'stopped', ping: 'fake-coder/ping-stopped.txt', pingExit: 1 },
      },
    };
    const scenariosFile = path.join(work, 'scenarios.json');
    writeFileSync(scenariosFile, JSON.stringify(scenarios));
    return {
      settings: {},
      env: { FAKE_CODER_SCENARIOS: scenariosFile, FAKE_CODER_LINE_MS: '20' },
      prepareUserData: (userData) => {
        coderExtensionLogin(userData);
        coderExtensionLogin(userData, 'https://other.example.com');
      },
    };
  });

  it('groups the workspaces by deployment, each row under its own', async function () {
    this.timeout(120_000);
    await runCommand(suite.page, 'Workspace Connections: Focus on Workspaces View');
    await waitForRow(suite.page, 'coder.example.com', /^coder\.example\.com: 3 workspaces · 2 running$/);
    await waitForRow(suite.page, 'other.example.com', /^other\.example\.com: 3 workspaces · 2 running$/);
    await waitForRefreshDone(suite.page);
    await waitForTopLine(
      suite.page,
      /^4 running · 2 direct · 2 relayed \(Frankfurt\) · 2 not running · slowest: etl \d+ ms$/,
    );
    const labels = await suite.page
      .locator(`${VIEW_CONTAINER} .monaco-list-row`)
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('aria-level')} ${e.getAttribute('aria-label')}`));
    assert.deepEqual(
      labels.map((l) => l.replace(/ · (just now|\d+ s ago)$/, '').replace(/\d+ ms/, 'N ms')),
      [
        '1 coder.example.com: 3 workspaces · 2 running',
        '2 dev: running · direct · N ms',
        '2 etl: running · DERP Frankfurt · N ms',
        '2 old: stopped · not pinged',
        '1 other.example.com: 3 workspaces · 2 running',
        '2 dev: running · direct · N ms',
        '2 etl: running · DERP Frankfurt · N ms',
        '2 old: stopped · not pinged',
      ],
    );
    await suite.page.mouse.move(900, 900);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'workspaces-view-two-deployments.png') });
  });
});
