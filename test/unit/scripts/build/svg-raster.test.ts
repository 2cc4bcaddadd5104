import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../support/paths';
import { decodePng, pixel, type Png } from '../../../support/png';

const RASTER = path.join(REPO_ROOT, 'scripts', 'build', 'svg-raster.mjs');

describe('scripts/build/svg-raster (the icon renderer)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-svg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function render(svg: string, size: number): { png?: Png; status: number | null; stderr: string } {
    const input = path.join(dir, 'in.svg');
    const output = path.join(dir, 'out.png');
    writeFileSync(input, svg);
    const r = spawnSync(process.execPath, [RASTER, input, output, String(size)], { encoding: 'utf8' });
    return { status: r.status, stderr: r.stderr, png: r.status === 0 ? decodePng(readFileSync(output)) : undefined };
  }

  it('paints shapes in order, scaled from the viewBox, with transparent gaps', () => {
    const { png, stderr } = render(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
         <rect x="0" y="0" width="5" height="10" fill="#f00"/>
         <circle cx="5" cy="5" r="2" fill="#0000ff"/>
         <path d="M6 0 h4 v2 h-4 Z" fill="#00ff00"/>
       </svg>`,
      20,
    );
    assert.ok(png, stderr);
    assert.equal(png.width, 20);
    assert.equal(png.height, 20);
    assert.deepEqual(pixel(png, 1, 18), [255, 0, 0, 255]); // the rect
    assert.deepEqual(pixel(png, 10, 10), [0, 0, 255, 255]); // the circle, drawn over the rect's edge
    assert.deepEqual(pixel(png, 16, 1), [0, 255, 0, 255]); // the closed relative path, filled
    assert.deepEqual(pixel(png, 16, 18), [0, 0, 0, 0]); // nothing drawn there
    // The rect ends at x = 5, exactly between pixels 9 and 10: the scale is exact.
    assert.deepEqual(pixel(png, 9, 1), [255, 0, 0, 255]);
    assert.deepEqual(pixel(png, 10, 1), [0, 0, 0, 0]);
    // The circle's edge crosses this pixel (x 6..6.5, y 3.5..4): blue, partly covered.
    const edge = pixel(png, 12, 7);
    assert.deepEqual(edge.slice(0, 3), [0, 0, 255]);
    assert.ok(edge[3] > 0 && edge[3] < 255, `anti-aliased edge alpha ${edge[3]}`);
  });

  it('strokes open paths with round caps and leaves their inside empty', () => {
    const { png, stderr } = render(
      `<svg viewBox="0 0 100 100"><path d="M20 50 L80 50" fill="none" stroke="#ffffff" stroke-width="10" stroke-linecap="round"/></svg>`,
      100,
    );
    assert.ok(png, stderr);
    assert.deepEqual(pixel(png, 50, 50), [255, 255, 255, 255]);
    assert.deepEqual(pixel(png, 16, 50), [255, 255, 255, 255]); // the round cap reaches 5 past the end
    assert.deepEqual(pixel(png, 50, 60), [0, 0, 0, 0]);
    assert.deepEqual(pixel(png, 12, 50), [0, 0, 0, 0]);
  });

  it("draws the extension's icon: 128x128, rounded corners, the pulse across the middle", () => {
    const { png, stderr } = render(readFileSync(path.join(REPO_ROOT, 'assets', 'icon.svg'), 'utf8'), 128);
    assert.ok(png, stderr);
    assert.equal(png.width, 128);
    assert.equal(pixel(png, 0, 0)[3], 0, 'the corner outside the rounded square is transparent');
    assert.deepEqual(pixel(png, 64, 5), [0x12, 0x26, 0x3a, 255]);
    assert.deepEqual(pixel(png, 40, 64), [255, 255, 255, 255]);
  });

  for (const [what, svg, named] of [
    ['an element it cannot draw', '<svg viewBox="0 0 4 4"><ellipse cx="1" cy="1" rx="1" ry="1"/></svg>', '<ellipse>'],
    ['a curve', '<svg viewBox="0 0 4 4"><path d="M0 0 C1 1 2 2 3 3"/></svg>', 'only M L H V Z'],
    ['a square cap', '<svg viewBox="0 0 4 4"><path d="M0 0 L3 3" stroke="#fff" stroke-linecap="butt"/></svg>', 'butt'],
    ['a named colour', '<svg viewBox="0 0 4 4"><rect width="4" height="4" fill="red"/></svg>', '"red"'],
    ['a transform', '<svg viewBox="0 0 4 4"><rect width="4" height="4" transform="scale(2)"/></svg>', 'transform'],
    ['no viewBox', '<svg><rect width="4" height="4"/></svg>', 'viewBox'],
    ['a truncated file', '<svg viewBox="0 0 4 4"><rect width="4" hei', 'text outside tags'],
  ] as const) {
    it(`refuses ${what} by name instead of drawing it wrong`, () => {
      const { status, stderr } = render(svg, 8);
      assert.equal(status, 1, stderr);
      assert.match(stderr, new RegExp(named.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.doesNotMatch(stderr, /\n\s+at /, 'a message, not a stack trace');
    });
  }

  it('explains its usage when the size is missing or absurd', () => {
    const r = spawnSync(process.execPath, [RASTER, 'in.svg', 'out.png', '99999'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: .*SIZE \(1 to 4096\)/);
  });
});
