// A minimal PNG codec (8 bits per channel, no interlace): enough to write the extension's icon and to
// re-encode the README's screenshots smaller, without a native image library, so nothing beyond Node.
import { deflateSync, inflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * `rgba` holds width*height pixels, 4 bytes each, rows top to bottom. An image with no transparent
 * pixel is written as RGB: a quarter fewer bytes to compress. Rows are unfiltered (filter 0), which
 * measured smaller than the other filters on flat UI screenshots and the icon.
 */
export function encodePng(width, height, rgba) {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`png: bad size ${width}x${height}`);
  if (rgba.length !== width * height * 4) throw new Error(`png: ${rgba.length} bytes for ${width}x${height} RGBA`);
  let opaque = true;
  for (let i = 3; i < rgba.length && opaque; i += 4) opaque = rgba[i] === 255;
  const channels = opaque ? 3 : 4;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, opaque ? 2 : 6, 0, 0, 0], 8); // 8 bits per channel, RGB or RGBA, deflate, adaptive filters, no interlace
  const stride = width * channels;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    // Each row starts with its filter type: 0, none.
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      raw.set(rgba.subarray(from, from + channels), y * (stride + 1) + 1 + x * channels);
    }
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The predictor of filter 4 (Paeth): whichever of left, up and up-left is nearest to left + up - up-left. */
function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Decodes an 8-bit RGB or RGBA PNG without interlace (what browsers' screenshots and encodePng write),
 * any row filter, into RGBA. Anything else is refused with the reason.
 */
export function decodePng(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('png: no signature');
  let at = 8;
  let header;
  const idat = [];
  let ended = false;
  while (at + 12 <= png.length && !ended) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    if (at + 12 + length > png.length) break;
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length))
      throw new Error(`png: bad CRC in ${type}`);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  if (!header || !ended) throw new Error('png: truncated');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [depth, colourType, , , interlace] = header.subarray(8, 13);
  const channels = { 2: 3, 6: 4 }[colourType];
  if (depth !== 8 || !channels || interlace !== 0)
    throw new Error(
      `png: depth ${depth}, colour type ${colourType}, interlace ${interlace}: only 8-bit RGB(A) without interlace`,
    );
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`png: ${raw.length} bytes of pixel data`);
  const rgba = Buffer.alloc(width * height * 4, 255);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? row[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predicted === undefined) throw new Error(`png: row ${y} uses filter ${filter}`);
      row[x] = (row[x] + predicted) & 0xff;
    }
    for (let x = 0; x < width; x++) row.copy(rgba, (y * width + x) * 4, x * channels, x * channels + channels);
    prev = row;
  }
  return { width, height, rgba };
}
