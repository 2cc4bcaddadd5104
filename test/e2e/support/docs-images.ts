// The README's pictures, taken by the e2e run cropped to what they show. Every run writes them to
// test-artifacts/e2e/; with WSDOCTOR_UPDATE_DOCS_IMAGES=1 they also replace docs/images/ (a normal
// run leaves the tree alone), re-encoded smaller pixel for pixel, since they ship in the package.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/paths';

export const E2E_ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'e2e');
export const DOCS_IMAGES = path.join(REPO_ROOT, 'docs', 'images');

/** The visible panel's outer frame in the editor area: a screenshot of it is the panel alone. */
export function panelElement(page: Page): Locator {
  return page.locator('iframe.webview.ready').filter({ visible: true });
}

/** The side bar (where the Workspaces view shows). */
export function sideBar(page: Page): Locator {
  return page.locator('[id="workbench.parts.sidebar"]');
}

/**
 * `maxHeight` keeps the top of a tall target only: the pictures ship inside the package, which must
 * stay under 1 MB.
 */
export async function docsImage(target: Locator, name: string, maxHeight = 640): Promise<void> {
  mkdirSync(E2E_ARTIFACTS, { recursive: true });
  const file = path.join(E2E_ARTIFACTS, name);
  const box = await target.boundingBox();
  if (!box) throw new Error(`${name}: nothing to take a picture of`);
  const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, maxHeight) };
  await target.page().screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
  if (process.env.WSDOCTOR_UPDATE_DOCS_IMAGES === '1') {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    const docsFile = path.join(DOCS_IMAGES, name);
    copyFileSync(file, docsFile);
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'recompress-png.mjs'), docsFile]);
  }
}
