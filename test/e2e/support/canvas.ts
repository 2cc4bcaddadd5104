// Reads what a chart canvas inside the webview has drawn. Axes, grid and labels are drawn on an empty
// chart too, so "not blank" is judged by a data series' own colour, never by any ink at all.
import type { FrameLocator } from 'playwright-core';

/** How many of the canvas's pixels are, opaquely, the colour the CSS variable `cssVar` names now. */
export async function seriesInk(frame: FrameLocator, selector: string, cssVar: string): Promise<number> {
  return frame.locator(selector).evaluate((el, name) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    // The theme's value of the variable, as rgb(), through a probe element.
    const probe = document.createElement('span');
    probe.style.color = `var(${name})`;
    document.body.append(probe);
    const m = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(probe).color);
    probe.remove();
    if (!ctx || !m || canvas.width === 0 || canvas.height === 0) return 0;
    const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const near = Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24;
      if (data[i + 3] > 200 && near) n++;
    }
    return n;
  }, cssVar);
}

/** Waits until the series in `cssVar`'s colour has more than `min` pixels (charts draw after layout). */
export async function waitForSeriesInk(
  frame: FrameLocator,
  selector: string,
  cssVar: string,
  min = 100,
  ms = 20_000,
): Promise<number> {
  const until = Date.now() + ms;
  let ink = await seriesInk(frame, selector, cssVar);
  while (ink <= min && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    ink = await seriesInk(frame, selector, cssVar);
  }
  return ink;
}
