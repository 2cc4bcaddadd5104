// Renders the small SVG subset our icon is drawn in to a PNG, in plain JavaScript, so the build
// works offline and without native image libraries. Supported: <svg viewBox>, <rect> (with rx),
// <circle>, <path> with straight segments (M L H V Z, absolute or relative); solid #rgb/#rrggbb
// fill and stroke, stroke-width, round caps and joins. Anything else is refused by name rather
// than drawn wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodePng } from './png.mjs';

const SAMPLES = 4; // 4x4 samples per pixel: anti-aliased edges

function fail(message) {
  throw new Error(`svg: ${message}`);
}

function attributes(text, element) {
  const attrs = {};
  const re = /([\w:-]+)\s*=\s*"([^"]*)"/g;
  let m;
  while ((m = re.exec(text))) attrs[m[1]] = m[2];
  const rest = text
    .replace(re, '')
    .replace(/\/\s*$/, '')
    .trim();
  if (rest !== '') fail(`<${element}> has an attribute this renderer cannot read: ${rest}`);
  return attrs;
}

function number(attrs, name, element, fallback) {
  const v = attrs[name];
  if (v === undefined) {
    if (fallback === undefined) fail(`<${element}> needs ${name}`);
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) fail(`<${element}> ${name}="${v}" is not a number`);
  return n;
}

function colour(value, where) {
  if (value === undefined || value === 'none') return undefined;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  const hex = short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}` : value;
  if (!/^#[0-9a-f]{6}$/i.test(hex)) fail(`${where}: colour "${value}" (use #rgb, #rrggbb or none)`);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** Polylines of a path's d attribute (straight segments only), each with whether it is closed. */
export function pathPolylines(d) {
  const tokens = d.match(/[MLHVZmlhvz]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g) ?? [];
  if (tokens.join('').length !== d.replace(/[\s,]/g, '').length) fail(`path d="${d}": only M L H V Z are supported`);
  const lines = [];
  let current;
  let x = 0;
  let y = 0;
  let command;
  let i = 0;
  const next = () => {
    const t = tokens[i++];
    const n = Number(t);
    if (t === undefined || !Number.isFinite(n)) fail(`path d="${d}": a number is missing`);
    return n;
  };
  while (i < tokens.length) {
    if (/[a-z]/i.test(tokens[i])) command = tokens[i++];
    else if (!command) fail(`path d="${d}" must start with M`);
    const rel = command === command.toLowerCase();
    switch (command.toUpperCase()) {
      case 'M':
        x = (rel ? x : 0) + next();
        y = (rel ? y : 0) + next();
        current = { points: [[x, y]], closed: false };
        lines.push(current);
        command = rel ? 'l' : 'L'; // further pairs after M are line-tos
        break;
      case 'L':
        x = (rel ? x : 0) + next();
        y = (rel ? y : 0) + next();
        break;
      case 'H':
        x = (rel ? x : 0) + next();
        break;
      case 'V':
        y = (rel ? y : 0) + next();
        break;
      case 'Z':
        if (!current) fail(`path d="${d}": Z before M`);
        current.closed = true;
        [x, y] = current.points[0];
        command = undefined;
        continue;
      default:
        fail(`path d="${d}": ${command}`);
    }
    if (command.toUpperCase() !== 'M') {
      if (!current) fail(`path d="${d}" must start with M`);
      current.points.push([x, y]);
    }
  }
  return lines;
}

function segmentsOf(lines) {
  const segs = [];
  for (const { points, closed } of lines) {
    for (let k = 1; k < points.length; k++) segs.push([points[k - 1], points[k]]);
    if (closed && points.length > 1) segs.push([points[points.length - 1], points[0]]);
  }
  return segs;
}

function distanceToSegment(px, py, [[ax, ay], [bx, by]]) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

function windingInside(px, py, segs) {
  let winding = 0;
  for (const [[ax, ay], [bx, by]] of segs) {
    if (ay <= py && by > py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) > 0) winding++;
    else if (ay > py && by <= py && (bx - ax) * (py - ay) - (px - ax) * (by - ay) < 0) winding--;
  }
  return winding !== 0;
}

/** Each shape as paint layers: a colour and a test of whether a point (in viewBox units) is covered. */
function shapesOf(svgText) {
  const body = svgText
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(title|desc)>[^<]*<\/\1>/g, ''); // text for people, not pixels
  const tags = [...body.matchAll(/<\s*(\/?)\s*([\w:-]+)([^>]*)>/g)];
  const leftover = body.replace(/<[^>]*>/g, '').trim();
  if (leftover !== '') fail(`text outside tags: ${leftover.slice(0, 40)}`);
  const root = tags.find((t) => t[1] === '' && t[2] === 'svg');
  if (!root) fail('no <svg> element');
  const rootAttrs = attributes(root[3], 'svg');
  const box = (rootAttrs.viewBox ?? `0 0 ${rootAttrs.width} ${rootAttrs.height}`).split(/[\s,]+/).map(Number);
  if (box.length !== 4 || !box.every(Number.isFinite) || box[2] <= 0 || box[3] <= 0) fail('<svg> needs a viewBox');
  const layers = [];
  for (const [, closing, name, rest] of tags) {
    if (closing || name === 'svg') continue;
    const a = attributes(rest, name);
    for (const key of Object.keys(a))
      if (!/^(x|y|width|height|rx|cx|cy|r|d|fill|stroke|stroke-width|stroke-linecap|stroke-linejoin|id)$/.test(key))
        fail(`<${name}> attribute ${key} is not supported`);
    for (const key of ['stroke-linecap', 'stroke-linejoin'])
      if (a[key] !== undefined && a[key] !== 'round') fail(`<${name}> ${key}="${a[key]}": only round is drawn`);
    const fill = colour(a.fill ?? '#000000', `<${name}> fill`);
    const stroke = colour(a.stroke, `<${name}> stroke`);
    const half = number(a, 'stroke-width', name, 1) / 2;
    if (name === 'rect') {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) =>
        number(a, k, name, k === 'x' || k === 'y' ? 0 : undefined),
      );
      const r = Math.min(number(a, 'rx', name, 0), w / 2, h / 2);
      const inside = (px, py, grow) => {
        const dx = Math.max(Math.abs(px - (x + w / 2)) - (w / 2 - r), 0);
        const dy = Math.max(Math.abs(py - (y + h / 2)) - (h / 2 - r), 0);
        return (
          Math.hypot(dx, dy) <= r + grow &&
          Math.abs(px - (x + w / 2)) <= w / 2 + grow &&
          Math.abs(py - (y + h / 2)) <= h / 2 + grow
        );
      };
      if (fill) layers.push({ colour: fill, covers: (px, py) => inside(px, py, 0) });
      if (stroke) layers.push({ colour: stroke, covers: (px, py) => inside(px, py, half) && !inside(px, py, -half) });
    } else if (name === 'circle') {
      const [cx, cy, r] = [number(a, 'cx', name, 0), number(a, 'cy', name, 0), number(a, 'r', name)];
      if (fill) layers.push({ colour: fill, covers: (px, py) => Math.hypot(px - cx, py - cy) <= r });
      if (stroke)
        layers.push({ colour: stroke, covers: (px, py) => Math.abs(Math.hypot(px - cx, py - cy) - r) <= half });
    } else if (name === 'path') {
      if (a.d === undefined) fail('<path> needs d');
      const lines = pathPolylines(a.d);
      const segs = segmentsOf(lines);
      const fillSegs = segmentsOf(lines.map((l) => ({ ...l, closed: true })));
      if (fill) layers.push({ colour: fill, covers: (px, py) => windingInside(px, py, fillSegs) });
      if (stroke)
        layers.push({ colour: stroke, covers: (px, py) => segs.some((s) => distanceToSegment(px, py, s) <= half) });
    } else {
      fail(`<${name}> is not supported (rect, circle and path are)`);
    }
  }
  return { box, layers };
}

/** RGBA pixels (size x size) of the SVG, each shape painted over the ones before it. */
export function rasterize(svgText, size) {
  const { box, layers } = shapesOf(svgText);
  const [bx, by, bw, bh] = box;
  const rgba = new Uint8Array(size * size * 4);
  const n = SAMPLES * SAMPLES;
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      // Average the straight (not premultiplied) colour of each sample, weighted by its alpha.
      let r = 0;
      let g = 0;
      let b = 0;
      let alpha = 0;
      for (let s = 0; s < n; s++) {
        const x = bx + ((px + ((s % SAMPLES) + 0.5) / SAMPLES) * bw) / size;
        const y = by + ((py + (Math.floor(s / SAMPLES) + 0.5) / SAMPLES) * bh) / size;
        let top;
        for (const layer of layers) if (layer.covers(x, y)) top = layer.colour;
        if (!top) continue;
        r += top[0];
        g += top[1];
        b += top[2];
        alpha++;
      }
      const o = (py * size + px) * 4;
      if (alpha === 0) continue;
      rgba.set([Math.round(r / alpha), Math.round(g / alpha), Math.round(b / alpha), Math.round((alpha / n) * 255)], o);
    }
  return rgba;
}

export function svgFileToPng(svgFile, pngFile, size) {
  writeFileSync(pngFile, encodePng(size, size, rasterize(readFileSync(svgFile, 'utf8'), size)));
}

// `node svg-raster.mjs IN.svg OUT.png SIZE`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [input, output, size] = process.argv.slice(2);
  const px = Number(size);
  if (!input || !output || !Number.isInteger(px) || px < 1 || px > 4096) {
    console.error('usage: node scripts/build/svg-raster.mjs IN.svg OUT.png SIZE (1 to 4096)');
    process.exit(2);
  }
  try {
    svgFileToPng(input, output, px);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
