// The speed test panel in a real VS Code (code-server) driven by headless Chromium: "Run speed
// test" from the command palette against the fake `coder`, whose `ssh --stdio` forwards to a real
// OpenSSH server on 127.0.0.1, so real SSH bytes are measured. Asserts the live chart gets drawn
// while the run goes on, then the interval tables, the totals and the comparison with the
// previous run; a target named like HTML stays text.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { FAKE_CODER } from '../support/paths';
import { coderExtensionLogin, E2E_DEPLOYMENT } from './support/coder-extension-store';
import { startSshd } from '../support/sshd';
import type { TestSshd } from '../support/sshd';
import { freePort } from './support/code-server';
import { alertsSeen, pickItem, runCommand, webview } from './support/workbench';
import { seriesInk, waitForSeriesInk } from './support/canvas';
import { docsImage, panelElement, E2E_ARTIFACTS } from './support/docs-images';
import { workbenchSuite } from './support/suite';

const HOSTILE = '<img src=x onerror=alert(1)>';

const CHART = '#bandwidth-chart';

/** Pids of the fake `coder ssh --stdio` processes (read from /proc; nothing is signalled). */
function coderSshProcesses(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (argv.includes(FAKE_CODER) && argv.includes('ssh') && argv.includes('--stdio')) pids.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return pids;
}

async function openPanel(page: Page, workspace: string): Promise<FrameLocator> {
  await runCommand(page, 'Workspace Connection: Run speed test');
  await pickItem(page, workspace);
  const frame = webview(page);
  await frame.locator('.target-name', { hasText: workspace }).waitFor({ timeout: 30_000 });
  return frame;
}

async function start(frame: FrameLocator, direction: 'download' | 'upload' | 'both', seconds: number): Promise<void> {
  // The controls are @vscode-elements: a click picks the radio; the drop-down opens to a listbox.
  const radio = frame.locator(`#direction-${direction}`);
  await radio.click();
  assert.equal(await radio.evaluate((el) => (el as HTMLElement & { checked: boolean }).checked), true);
  const duration = frame.locator('#duration');
  await duration.click();
  await duration.getByRole('option', { name: `${seconds} s`, exact: true }).click();
  assert.equal(await duration.evaluate((el) => (el as HTMLElement & { value: string }).value), String(seconds));
  // Keyboard, as a user without a mouse would: focus Start and press Enter.
  const startButton = frame.getByRole('button', { name: 'Start' });
  await startButton.focus();
  await startButton.press('Enter');
}

describe('e2e: speed test panel in code-server', function () {
  let sshd: TestSshd | undefined;
  const suite = workbenchSuite(async () => {
    // The speed test logs in to a Coder workspace as the local user, as OpenSSH does with Coder's
    // ssh config; the agent accepts any user, this sshd only the one running the test.
    const started = await startSshd({ host: '127.0.0.1', port: await freePort(), allowUser: userInfo().username });
    sshd = started;
    return {
      settings: {
        'wsdoctor.coderPath': FAKE_CODER,
        'wsdoctor.speedtest.identityFile': started.clientKey,
        'wsdoctor.statusBar.enabled': false,
      },
      env: { FAKE_CODER_SSH_TARGET: `127.0.0.1:${started.port}` },
      // Signed in through the Coder extension; the CLI itself comes from wsdoctor.coderPath here.
      prepareUserData: (userData) => void coderExtensionLogin(userData, E2E_DEPLOYMENT, false),
    };
  });
  after(() => sshd?.stop());

  it('shows a target named like HTML as literal text and runs no script', async () => {
    // First: after the window reload below, code-server stopped applying wsdoctor.coderPath in our
    // runs, so the workspace list would no longer come from the fake CLI.
    const frame = await openPanel(suite.page, HOSTILE);
    assert.equal(await frame.locator('.target-name').innerText(), HOSTILE);
    assert.equal(await frame.locator('img').count(), 0, 'an <img> element was created from a name');
    assert.equal(await alertsSeen(suite.page), 0, 'a script from a name ran');
  });

  it('runs download and upload over the real SSH path: live chart, then interval tables and totals', async () => {
    const frame = await openPanel(suite.page, 'relayed');
    // Before the run only the legend shows the download colour.
    const blank = await seriesInk(frame, CHART, '--vscode-charts-blue');
    await start(frame, 'both', 3);
    // While it runs: Cancel is offered, live totals show up, and the lines get drawn.
    await frame.getByRole('button', { name: 'Cancel' }).and(frame.locator(':enabled')).waitFor({ timeout: 30_000 });
    await frame.locator('.total.download .figure', { hasText: /Mbit\/s now/ }).waitFor({ timeout: 60_000 });
    const live = await waitForSeriesInk(frame, CHART, '--vscode-charts-blue', blank + 200, 4000);
    assert.ok(live > blank + 200, `the live chart drew no download line (${blank} -> ${live} pixels in its colour)`);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'speedtest-running-light.png') });

    const down = frame.locator('vscode-table.intervals[data-direction="download"]');
    const up = frame.locator('vscode-table.intervals[data-direction="upload"]');
    await up.waitFor({ timeout: 90_000 });
    const status = (await frame.locator('.status').innerText()).trim();
    assert.match(
      status,
      /^Finished: download \d+\.\d\d Mbit\/s over DERP Frankfurt, upload \d+\.\d\d Mbit\/s over DERP Frankfurt\.$/,
    );
    for (const table of [down, up]) {
      const rows = await table.locator('vscode-table-body vscode-table-row:not(.total-row)').allInnerTexts();
      assert.ok(rows.length >= 3, `only ${rows.length} interval rows`);
      assert.match(rows[0].trim(), /^0\.00-1\.00 sec\s+\d+\.\d\d Mbit\s+\d+\.\d\d Mbit\/s$/);
      assert.match(
        (await table.locator('vscode-table-row.total-row').innerText()).trim(),
        /^0\.00-3\.\d\d sec\s+\d+\.\d\d Mbit\s+\d+\.\d\d Mbit\/s$/,
      );
    }
    assert.match(await frame.locator('.latency-summary').innerText(), /^Idle \d+\.\d ms, loaded \d+\.\d ms/);
    assert.equal(await frame.getByRole('button', { name: 'Copy as Markdown' }).isEnabled(), true);
    assert.ok((await seriesInk(frame, CHART, '--vscode-charts-orange')) > 200, 'no upload line after the run');
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'speedtest-done-light.png') });
    await docsImage(panelElement(suite.page), 'speedtest-light.png');
  });

  it('a second run is compared with the previous one', async () => {
    const frame = webview(suite.page);
    await start(frame, 'download', 3);
    const caption = frame.locator('.table-caption', { hasText: 'Compared with the previous run' });
    await caption.waitFor({ timeout: 90_000 });
    const table = frame.locator('vscode-table', { has: caption });
    assert.match((await table.getAttribute('aria-label')) ?? '', /^Compared with the previous run/);
    const row = (await table.locator('vscode-table-body vscode-table-row').first().innerText()).trim();
    assert.match(row, /^Download\s+\d+\.\d\d Mbit\/s\s+\d+\.\d\d Mbit\/s\s+(±0|[+−]\d+)%$/);
  });

  it('comes back with its last result after a window reload (serializer)', async () => {
    // The workbench's own reload, as a user does it: it shuts down cleanly, saving webview state.
    const reloaded = suite.page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(suite.page, 'Developer: Reload Window');
    await reloaded;
    await suite.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = webview(suite.page);
    await frame.locator('.target-name', { hasText: 'relayed' }).waitFor({ timeout: 60_000 });
    await frame.locator('vscode-table.intervals[data-direction="download"]').waitFor({ timeout: 30_000 });
    const restored = await waitForSeriesInk(frame, CHART, '--vscode-charts-blue', 200);
    assert.ok(restored > 200, `the restored chart has no download line (${restored} pixels)`);
    assert.equal(await frame.getByRole('button', { name: 'Start' }).isEnabled(), true);
  });

  it('renders in the dark theme', async () => {
    // Through the command palette, as a user would (the settings file watcher is slow to notice).
    // The restored result is on screen, so the screenshot shows the whole panel.
    await runCommand(suite.page, 'Preferences: Toggle between Light/Dark Themes');
    await suite.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    const frame = webview(suite.page);
    await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    const dark = await waitForSeriesInk(frame, CHART, '--vscode-charts-blue', 200);
    assert.ok(dark > 200, `the chart is not redrawn in the dark theme's colours (${dark} pixels)`);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'speedtest-done-dark.png') });
    await docsImage(panelElement(suite.page), 'speedtest-dark.png');
  });
  it('cancel stops the run at once, keeps what was measured and leaves no coder process behind', async () => {
    const frame = webview(suite.page);
    await start(frame, 'download', 30);
    await frame.locator('.total.download .figure', { hasText: /Mbit\/s now/ }).waitFor({ timeout: 60_000 });
    assert.ok(coderSshProcesses().length > 0, 'no `coder ssh --stdio` process seen during the run');
    await frame.getByRole('button', { name: 'Cancel' }).click();
    await frame.locator('.status', { hasText: /^Cancelled/ }).waitFor({ timeout: 15_000 });
    assert.match(await frame.locator('.results').innerText(), /Download \(partial\)/);
    for (let i = 0; i < 50 && coderSshProcesses().length > 0; i++) await suite.page.waitForTimeout(100);
    assert.deepEqual(coderSshProcesses(), [], 'a `coder ssh --stdio` process outlived the cancel');
  });
});
