// What every e2e suite does around its tests: a picture of the browser when a step fails, and
// closing the browser, code-server and the run's folder afterwards.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from './code-server';
import { E2E_ARTIFACTS } from './docs-images';
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
