import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { REPO_ROOT } from '../../support/paths';
import { decodePng } from '../../support/png';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'recompress-png.mjs');

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A PNG as a browser writes one: each row with its own filter (0 to 4 in turn), loosely deflated. */
function browserLikePng(width: number, height: number, channels: 3 | 4, pixelAt: (x: number, y: number) => number[]) {
  const stride = width * channels;
  const rows: Buffer[] = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const row = Buffer.from(Array.from({ length: width }, (_, x) => pixelAt(x, y).slice(0, channels)).flat());
    const filter = y % 5;
    const out = Buffer.alloc(stride + 1);
    out[0] = filter;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      out[i + 1] = (row[i] - [0, a, b, (a + b) >> 1, paeth][filter]) & 0xff;
    }
    rows.push(out);
    prev = row;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// A flat UI-like picture: bands of colour with a few stray pixels, opaque unless asked.
const picture =
  (alpha = 255) =>
  (x: number, y: number): number[] =>
    (x * 7 + y * 3) % 23 === 0 ? [200, 30, 90, alpha] : [240 - (y >> 3) * 10, 240, 245 - (x >> 4) * 5, 255];

describe('scripts/recompress-png (the README pictures, smaller)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wsd-png-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(...files: string[]) {
    return spawnSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8' });
  }

  it('keeps every pixel of a filtered RGB picture and makes it smaller', () => {
    const file = path.join(dir, 'shot.png');
    const before = browserLikePng(97, 61, 3, picture());
    writeFileSync(file, before);
    const r = run(file);
    assert.equal(r.status, 0, r.stderr);
    const after = readFileSync(file);
    assert.ok(after.length < before.length, `${before.length} -> ${after.length} bytes`);
    const png = decodePng(after);
    assert.equal(png.channels, 3);
    assert.deepEqual([png.width, png.height], [97, 61]);
    for (let y = 0; y < 61; y++)
      for (let x = 0; x < 97; x++) {
        const o = (y * 97 + x) * 4;
        assert.deepEqual([...png.rgba.subarray(o, o + 4)], [...picture()(x, y).slice(0, 3), 255], `pixel ${x},${y}`);
      }
  });

  it('keeps the alpha channel of a picture with transparent pixels', () => {
    const file = path.join(dir, 'icon.png');
    writeFileSync(file, browserLikePng(40, 30, 4, picture(0)));
    assert.equal(run(file).status, 0);
    const png = decodePng(readFileSync(file));
    assert.equal(png.channels, 4);
    assert.deepEqual([...png.rgba.subarray(0, 4)], [200, 30, 90, 0]);
  });

  it('names a file it cannot read, leaves it as it was, goes on with the rest and exits 1', () => {
    const bad = path.join(dir, 'bad.png');
    const good = path.join(dir, 'good.png');
    writeFileSync(bad, 'not a picture');
    writeFileSync(good, browserLikePng(20, 20, 3, picture()));
    const cut = path.join(dir, 'cut.png');
    writeFileSync(cut, browserLikePng(20, 20, 3, picture()).subarray(0, 60));
    const r = run(bad, cut, good);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.png: png: no signature/);
    assert.match(r.stderr, /cut\.png: png: truncated/);
    assert.equal(readFileSync(bad, 'utf8'), 'not a picture');
    assert.match(r.stdout, /good\.png: \d+ -> \d+ bytes/);
  });
});
