// Decodes the PNGs our build writes (8-bit RGB or RGBA, filter 0), checking every chunk's CRC, so
// tests can look at pixels. Kept apart from the build's own codec, so it checks that codec.
import { crc32, inflateSync } from 'node:zlib';

export interface Png {
  /** 3 (RGB) or 4 (RGBA): what the file holds; `rgba` always has 4 bytes a pixel. */
  channels: number;
  width: number;
  height: number;
  rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): Png {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('png: no signature');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  let ended = false;
  while (at < png.length && !ended) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length))
      throw new Error(`png: bad CRC in ${type}`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || (data[9] !== 6 && data[9] !== 2))
        throw new Error(`png: depth ${data[8]} colour type ${data[9]}, want 8-bit RGB or RGBA`);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  if (!ended || width === 0) throw new Error('png: truncated');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`png: ${raw.length} bytes of pixel data`);
  const rgba = Buffer.alloc(height * width * 4, 255);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 0) throw new Error(`png: row ${y} uses filter ${raw[y * (stride + 1)]}`);
    for (let x = 0; x < width; x++) {
      const from = y * (stride + 1) + 1 + x * channels;
      raw.copy(rgba, (y * width + x) * 4, from, from + channels);
    }
  }
  return { width, height, channels, rgba };
}

export function pixel(png: Png, x: number, y: number): [number, number, number, number] {
  const o = (y * png.width + x) * 4;
  return [png.rgba[o], png.rgba[o + 1], png.rgba[o + 2], png.rgba[o + 3]];
}
