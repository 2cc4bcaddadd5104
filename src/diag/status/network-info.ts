// Reads the network-info files the Coder CLI writes for a live VS Code session
// (`coder ssh --network-info-dir DIR` writes `DIR/<pid>.json` every few seconds). Reading a file
// is far cheaper than running a pinger, and it measures the very connection the editor uses.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isObject, num, optBool, optNum, optObj, optStr, parseJson } from '../validate';

export interface NetworkInfo {
  p2p: boolean;
  latencyMs: number;
  preferredDerp: string | null;
  derpLatencyMs: Record<string, number>;
  uploadBytesSec: number | null;
  downloadBytesSec: number | null;
  usingCoderConnect: boolean;
}

export function parseNetworkInfo(text: string): NetworkInfo {
  const raw = parseJson(text, 'network-info file');
  if (!isObject(raw)) throw new Error('network-info file: expected an object');
  const p2p = optBool(raw.p2p, 'p2p') ?? false;
  const latencyMs = num(raw.latency, 'latency');
  if (latencyMs < 0) throw new Error('network-info file: latency is negative');
  const derpLatencyMs: Record<string, number> = {};
  const derp = optObj(raw.derp_latency, 'derp_latency') ?? {};
  for (const [region, ms] of Object.entries(derp)) {
    if (typeof ms === 'number' && Number.isFinite(ms)) derpLatencyMs[region] = ms;
  }
  return {
    p2p,
    latencyMs,
    preferredDerp: optStr(raw.preferred_derp, 'preferred_derp') || null,
    derpLatencyMs,
    uploadBytesSec: optNum(raw.upload_bytes_sec, 'upload_bytes_sec') ?? null,
    downloadBytesSec: optNum(raw.download_bytes_sec, 'download_bytes_sec') ?? null,
    usingCoderConnect: optBool(raw.using_coder_connect, 'using_coder_connect') ?? false,
  };
}

export interface FreshNetworkInfo {
  info: NetworkInfo;
  file: string;
  mtimeMs: number;
}

const MAX_FILE_BYTES = 64 * 1024;

/**
 * The newest `<pid>.json` in `dir` written within `maxAgeMs`, or null. Files that are not valid
 * network info (half-written, foreign) are passed over; the next poll sees the finished write.
 */
export async function readFreshestNetworkInfo(
  dir: string,
  nowMs: number,
  maxAgeMs: number,
): Promise<FreshNetworkInfo | null> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return null;
  }
  const candidates: { file: string; mtimeMs: number; size: number }[] = [];
  for (const name of names) {
    if (!/^\d+\.json$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const stat = await fs.stat(file);
      if (stat.isFile() && nowMs - stat.mtimeMs <= maxAgeMs)
        candidates.push({ file, mtimeMs: stat.mtimeMs, size: stat.size });
    } catch {
      // Removed between readdir and stat: the session ended.
    }
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const c of candidates) {
    if (c.size > MAX_FILE_BYTES) continue;
    try {
      return { info: parseNetworkInfo(await fs.readFile(c.file, 'utf8')), file: c.file, mtimeMs: c.mtimeMs };
    } catch {
      continue;
    }
  }
  return null;
}
