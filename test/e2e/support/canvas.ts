// Reads what a chart canvas inside the webview has drawn.
import type { FrameLocator } from 'playwright-core';

/** Fraction of the canvas's pixels that are not transparent. */
export async function canvasInk(frame: FrameLocator, selector: string): Promise<number> {
  return frame.locator(selector).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
    return inked / (canvas.width * canvas.height);
  });
}
