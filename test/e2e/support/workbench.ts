// Drives the VS Code workbench in headless Chromium with playwright-core: command palette,
// quick picks, the status bar and the webview (two iframes deep).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { CHROMIUM } from './code-server';

export interface Workbench {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Counts alert()/confirm()/prompt() calls in every frame, so a script that ran is noticed even in sandboxed iframes. */
const ALERT_TRAP = `(() => {
  window.__wsdAlerts = 0;
  for (const name of ['alert', 'confirm', 'prompt']) {
    try { window[name] = () => { window.__wsdAlerts++; }; } catch {}
  }
})();`;

export async function openWorkbench(url: string): Promise<Workbench> {
  const profile = mkdtempSync(path.join(tmpdir(), 'wsd-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await context.addInitScript(ALERT_TRAP);
  // Only loopback: the workbench must not reach out (gallery, telemetry, fonts).
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    const local =
      u.hostname === '127.0.0.1' ||
      u.hostname === 'localhost' ||
      u.protocol === 'data:' ||
      u.protocol === 'blob:' ||
      u.hostname.endsWith('.localhost');
    return local ? route.continue() : route.abort();
  });
  // Lets tests read what a command copied (VS Code for the browser uses the page's clipboard).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (dialog) => void dialog.dismiss());
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return {
    page,
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the command palette and runs the command with this exact label. */
export async function runCommand(page: Page, label: string, timeoutMs = 90_000): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.getByText(label, { exact: true }) })
    .first();
  const until = Date.now() + timeoutMs;
  // Until the extension host has registered the extension, the palette does not list its
  // commands, and an open palette does not refresh: close and reopen until the row is there.
  while (Date.now() < until) {
    for (let i = 0; i < 20 && !(await input.isVisible()); i++) {
      await page.keyboard.press('F1');
      await page.waitForTimeout(300);
    }
    await input.fill(`>${label}`);
    try {
      await row.waitFor({ timeout: 3000 });
    } catch {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
      continue;
    }
    // Click the row itself: Enter would run whichever row is highlighted (recently used first).
    await row.click();
    return;
  }
  throw new Error(`command not found in the palette: ${label}`);
}

/** Picks the quick-pick row whose label is exactly `label` (after the list has loaded). */
export async function pickItem(page: Page, label: string): Promise<void> {
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  const row = rows.filter({ has: page.locator('.label-name').getByText(label, { exact: true }) }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.click();
}

/** Switches the colour theme through the palette, as a user does. */
export async function setTheme(page: Page, theme: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget .quick-input-box input').fill(theme);
  await pickItem(page, theme);
}

export function webview(page: Page): FrameLocator {
  return page
    .locator('iframe.webview.ready')
    .filter({ visible: true })
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

export const STATUS_ITEM =
  '[id="workbench.parts.statusbar"] [id="wsdoctor.workspace-connection-doctor.wsdoctor.latency"]';

/** Alert-like calls seen in any frame of the page. */
export async function alertsSeen(page: Page): Promise<number> {
  let total = 0;
  for (const frame of page.frames()) {
    try {
      total += await frame.evaluate(() => (window as unknown as { __wsdAlerts?: number }).__wsdAlerts ?? 0);
    } catch {
      // A frame that went away while we looked.
    }
  }
  return total;
}
