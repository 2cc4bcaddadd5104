// The session timeline and the automatic diagnosis in code-server: the status bar pings a fake
// workspace that degrades after a few pings (direct, then relayed, then timeouts), a quiet check
// runs by itself, one notification offers its result, and the timeline survives a window reload.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loggedInvocations } from '../support/processes';
import { waitForSeriesInk } from './support/canvas';
import { coderExtensionLogin } from './support/coder-extension-store';
import { docsImage, E2E_ARTIFACTS } from './support/docs-images';
import { STATUS_ITEM, pickItem, runCommand, setTheme, webview } from './support/workbench';
import { workbenchSuite } from './support/suite';

const TOAST = '.notifications-toasts .notification-toast';
const WORSE = 'The connection to degrading got worse';

describe('e2e: timeline and automatic diagnosis in code-server', function () {
  const suite = workbenchSuite((work) => ({
    settings: {
      'wsdoctor.pingCount': 3,
      'wsdoctor.statusBar.refreshSeconds': 1,
      'wsdoctor.localProbes.enabled': false,
    },
    env: { FAKE_CODER_LINE_MS: '120', FAKE_CODER_LOG: path.join(work, 'coder-invocations.jsonl') },
    prepareUserData: (userData) => void coderExtensionLogin(userData),
  }));

  it('notifies once when the connection degrades, and "Show details" opens the panel on that result', async () => {
    // A check of the workspace makes it the status bar's; its pinger then records the degradation.
    await runCommand(suite.page, 'Workspace Connection: Check workspace connection');
    await pickItem(suite.page, 'degrading');
    let frame = webview(suite.page);
    await frame.locator('#run-state', { hasText: 'Checked at' }).waitFor({ timeout: 60_000 });
    const toast = suite.page.locator(TOAST, { hasText: WORSE });
    await toast.first().waitFor({ timeout: 90_000 });
    const message = await toast.first().innerText();
    assert.match(message, /switched to DERP Frankfurt: /);
    // The pinger keeps replaying the degradation (it restarts when `coder ping` exits): still one.
    await suite.page.waitForTimeout(6000);
    assert.equal(await toast.count(), 1, 'a second notification within the interval');
    // The quiet check ran the CLI (ping and netcheck) without opening anything.
    const calls = loggedInvocations(path.join(suite.work, 'coder-invocations.jsonl'));
    assert.ok(calls.filter((c) => c.command === 'netcheck').length >= 2, 'no netcheck of its own');
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'timeline-notification.png') });
    await toast.first().locator('.monaco-button', { hasText: 'Show details' }).click();
    frame = webview(suite.page);
    await frame
      .locator('#timeline-cause', { hasText: 'Last automatic diagnosis: switched to DERP Frankfurt' })
      .waitFor({
        timeout: 30_000,
      });
    assert.match(await frame.locator('#run-state').innerText(), /Checked at/);
    // The panel shows the diagnosis's own result: its issues are the cause the timeline names.
    const cause = (await frame.locator('#timeline-cause').innerText()).replace(
      /^Last automatic diagnosis: [^:]+: /,
      '',
    );
    const titles = await frame.locator('.issue .issue-title').allInnerTexts();
    if (titles.length === 0) assert.match(cause, /no cause found/);
    else
      assert.ok(
        titles.some((t) => cause.includes(t)),
        `"${cause}" names none of ${JSON.stringify(titles)}`,
      );
  });

  it('draws the timeline with an event marker, the summary line and the event list', async () => {
    const frame = webview(suite.page);
    const chart = frame.locator('#timeline-chart');
    await frame.locator('#timeline-events [data-event="diagnosed"]').first().waitFor({ timeout: 30_000 });
    assert.ok(Number(await chart.getAttribute('data-markers')) >= 2, 'no event markers');
    assert.match(
      await frame.locator('#timeline-summary').innerText(),
      /^since \d\d:\d\d: direct \d+% of the time, \d+ drops?/,
    );
    assert.ok(
      (await frame.locator('#timeline-events [data-event="path-changed"]').count()) >= 1,
      'no path change in the list',
    );
    // The recording starts direct and then goes through DERP: both stretches are drawn.
    for (const [series, colour] of [
      ['direct', '--vscode-charts-green'],
      ['DERP', '--vscode-charts-orange'],
    ]) {
      const ink = await waitForSeriesInk(frame, '#timeline-chart', colour, 20);
      assert.ok(ink > 20, `the timeline chart has no ${series} line (${ink} pixels in its colour)`);
    }
    // The range control redraws: 24 h still holds the markers.
    await frame.locator('#timeline-range-24h').click();
    await suite.page.waitForTimeout(300);
    assert.ok(Number(await chart.getAttribute('data-markers')) >= 2);
    await frame.locator('#timeline-range-10m').click();
    await frame.locator('#timeline').scrollIntoViewIfNeeded();
    await suite.page.waitForTimeout(400);
    await docsImage(frame.locator('#timeline'), 'timeline-light.png');
    await setTheme(suite.page, 'Dark Modern');
    await frame.locator('body.vscode-dark').waitFor({ timeout: 30_000 });
    // Green differs between the light and dark palettes (orange does not).
    const dark = await waitForSeriesInk(frame, '#timeline-chart', '--vscode-charts-green', 20);
    assert.ok(dark > 20, `the timeline is not redrawn in the dark theme's colours (${dark} pixels)`);
    await docsImage(frame.locator('#timeline'), 'timeline-dark.png');
    await setTheme(suite.page, 'Light Modern');
    await suite.page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
  });

  it('has the sparkline, the last events and the cause in the status bar tooltip', async () => {
    await suite.page.locator(STATUS_ITEM).hover();
    const hover = suite.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Last 10 min' });
    await hover.first().waitFor({ timeout: 15_000 });
    const text = await hover.first().innerText();
    assert.match(text, /Last 10 min: [ ▁▂▃▄▅▆▇█]*[▁▂▃▄▅▆▇█][ ▁▂▃▄▅▆▇█]*\s+\d+–\d+ ms/);
    assert.match(text, /Automatic diagnosis \(\d\d:\d\d\): switched to DERP Frankfurt: /);
    assert.ok((text.match(/^· \d\d:\d\d /gm) ?? []).length >= 1, text);
    await suite.page.screenshot({ path: path.join(E2E_ARTIFACTS, 'timeline-tooltip.png') });
    await suite.page.mouse.move(600, 400);
  });

  it('keeps the timeline over a window reload', async () => {
    await runCommand(suite.page, 'Developer: Reload Window');
    await suite.page.waitForEvent('load', { timeout: 60_000 });
    await suite.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await suite.page.locator('.tab', { hasText: 'Connection: degrading' }).click({ timeout: 60_000 });
    const frame = webview(suite.page);
    await frame.locator('#timeline-events [data-event="diagnosed"]').first().waitFor({ timeout: 60_000 });
    assert.ok(Number(await frame.locator('#timeline-chart').getAttribute('data-markers')) >= 2);
    assert.match(await frame.locator('#timeline-summary').innerText(), /^since /);
    // The interval holds over the reload: the restored diagnosis counts, so no second notification.
    await suite.page.waitForTimeout(5000);
    assert.equal(await suite.page.locator(TOAST, { hasText: WORSE }).count(), 0, 'notified again after the reload');
  });
});
