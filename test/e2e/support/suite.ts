// What every e2e suite does around its tests: the packaged extension opened in code-server and
// Chromium, a picture of the browser when a step fails, and everything closed afterwards.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ensureCodeServer, packageExtension, startCodeServer } from './code-server';
import type { CodeServer, StartOptions } from './code-server';
import { E2E_ARTIFACTS } from './docs-images';
import { openWorkbench } from './workbench';
import type { Workbench } from './workbench';

/** Saves `<title>.failed.png` under test-artifacts/e2e; a failed screenshot never hides the test's failure. */
export async function failureShot(page: Page | undefined, title: string | undefined): Promise<void> {
  const name = ((title ?? '').replace(/[^\w]+/g, '-').slice(0, 60) || 'failed') + '.failed.png';
  await page?.screenshot({ path: path.join(E2E_ARTIFACTS, name) }).catch(() => undefined);
}

/** Closes what a suite opened, whichever of it got started. */
export async function closeSuite(
  bench: Workbench | undefined,
  server: CodeServer | undefined,
  work: string | undefined,
): Promise<void> {
  await bench?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}

/** What a suite's tests use; set once the suite's `before` hook has run. */
export interface WorkbenchSuite {
  server: CodeServer;
  bench: Workbench;
  page: Page;
  /** The suite's own folder: the packaged extension, and files the suite keeps there. */
  work: string;
}

/**
 * Registers, on the describe() it is called in, what every e2e suite does around its tests: before
 * the first, package the extension into a fresh folder and open it in code-server and Chromium
 * (`options` is given that folder, for files of the suite's own); a picture after a failed test;
 * everything closed after the last.
 */
export function workbenchSuite(
  options: (work: string) => Omit<StartOptions, 'vsix'> | Promise<Omit<StartOptions, 'vsix'>>,
): WorkbenchSuite {
  const suite: Partial<WorkbenchSuite> = {};
  before(async function () {
    this.timeout(600_000);
    ensureCodeServer();
    const work = mkdtempSync(path.join(tmpdir(), 'wsd-vsix-'));
    suite.work = work;
    const vsix = packageExtension(work);
    suite.server = await startCodeServer({ ...(await options(work)), vsix });
    suite.bench = await openWorkbench(suite.server.url);
    suite.page = suite.bench.page;
    mkdirSync(E2E_ARTIFACTS, { recursive: true });
  });
  afterEach(async function () {
    // A failing step leaves a picture of what the browser showed.
    if (this.currentTest?.state === 'failed') await failureShot(suite.page, this.currentTest.title);
  });
  after(async function () {
    this.timeout(60_000);
    await closeSuite(suite.bench, suite.server, suite.work);
  });
  return suite as WorkbenchSuite;
}
