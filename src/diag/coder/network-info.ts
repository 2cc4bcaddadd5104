// Reads the network-info files the Coder CLI writes for a live VS Code session
// (`coder ssh --network-info-dir DIR` writes `DIR/<pid>.json` every few seconds). Reading a file
// is far cheaper than running a pinger, and it measures the very connection the editor uses.
// Which pid is this window's own is found in own-network-info.ts; other windows' files sit beside it.
import { promises as fs } from 'node:fs';
import { isObject, num, optBool, optNum, optObj, optStr, parseJson } from '../wire/validate';
import { errorMessage } from '../errors';
import { l10n } from '../l10n';

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
  if (!isObject(raw)) throw new Error(l10n.t('network-info file: expected an object'));
  const p2p = optBool(raw.p2p, 'p2p') ?? false;
  const latencyMs = num(raw.latency, 'latency');
  if (latencyMs < 0) throw new Error(l10n.t('network-info file: latency is negative'));
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

type NetworkInfoRead =
  | { kind: 'fresh'; info: NetworkInfo; mtimeMs: number }
  /** Not written for a while: its process is gone or replaced. */
  | { kind: 'stale'; mtimeMs: number }
  | { kind: 'missing' }
  /** Half-written, too big or not network info; the next write may fix it. */
  | { kind: 'invalid'; reason: string };

const MAX_FILE_BYTES = 64 * 1024;

/** Reads one `<pid>.json`, saying why when it has nothing current to tell. */
export async function readNetworkInfoFile(file: string, nowMs: number, maxAgeMs: number): Promise<NetworkInfoRead> {
  let mtimeMs: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { kind: 'invalid', reason: l10n.t('not a file') };
    if (stat.size > MAX_FILE_BYTES) return { kind: 'invalid', reason: l10n.t('{0} bytes, too big', stat.size) };
    mtimeMs = stat.mtimeMs;
  } catch {
    return { kind: 'missing' };
  }
  // A file dated ahead by more than its age bound is suspect too (written before the clock went
  // back, or by a clock running ahead): taken as fresh it would stay fresh forever.
  if (Math.abs(nowMs - mtimeMs) > maxAgeMs) return { kind: 'stale', mtimeMs };
  try {
    return { kind: 'fresh', info: parseNetworkInfo(await fs.readFile(file, 'utf8')), mtimeMs };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: errorMessage(e) };
  }
}
