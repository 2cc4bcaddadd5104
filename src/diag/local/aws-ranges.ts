// AWS's published IP ranges: parse, look up an address, and load them from a file, a fresh
// download (short timeout) or a dated cache, in that order; say so when none is available.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { l10n } from '../l10n';
import { arr, obj, optArr, optStr, parseJson, str } from '../wire/validate';
import { defaultFetch, errorText, readCapped, type FetchFn } from '../net/fetch-fn';
import { cidrContains, parseCidr, type Cidr } from '../net/ip-math';

export const AWS_RANGES_URL = 'https://ip-ranges.amazonaws.com/ip-ranges.json';
export const CACHE_FILE = 'aws-ip-ranges.json';
/** AWS changes the list often; a week-old copy is still good enough for "is this AWS". */
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** The list is about 2 MB; far more is not AWS's list, and must not fill the memory. */
export const MAX_RANGES_BYTES = 16 * 1024 * 1024;
/** Clocks differ a little; a cache dated further ahead than this was not written by this clock. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Fresh only when its date is in the past (give or take the skew) and within the maximum age. */
function cacheIsFresh(fetchedAt: string, now: number): boolean {
  const age = now - Date.parse(fetchedAt);
  return age >= -CLOCK_SKEW_MS && age < CACHE_MAX_AGE_MS;
}

interface AwsPrefix {
  cidr: Cidr;
  text: string;
  region: string;
  service: string;
}

interface AwsRanges {
  /** The list's own createDate, e.g. "2024-05-01-12-00-00". */
  createDate: string;
  prefixes: AwsPrefix[];
}

export type AwsRangesLoad =
  | {
      ok: true;
      ranges: AwsRanges;
      source: 'file' | 'download' | 'cache' | 'stale-cache';
      fetchedAt?: string;
      note?: string;
    }
  | { ok: false; reason: string };

export function parseAwsRanges(text: string): AwsRanges {
  const root = obj(parseJson(text, 'AWS range list'), 'AWS range list');
  const prefixes: AwsPrefix[] = [];
  const add = (items: unknown[], key: string, where: string): void => {
    items.forEach((item, i) => {
      const o = obj(item, `${where}[${i}]`);
      const text = str(o[key], `${where}[${i}].${key}`);
      const cidr = parseCidr(text);
      if (!cidr) throw new Error(`${where}[${i}].${key}: "${text}" is not a CIDR`);
      prefixes.push({
        cidr,
        text,
        region: optStr(o.region, `${where}[${i}].region`) ?? '',
        service: optStr(o.service, `${where}[${i}].service`) ?? '',
      });
    });
  };
  add(arr(root.prefixes, 'prefixes'), 'ip_prefix', 'prefixes');
  add(optArr(root.ipv6_prefixes, 'ipv6_prefixes'), 'ipv6_prefix', 'ipv6_prefixes');
  return { createDate: optStr(root.createDate, 'createDate') ?? 'unknown', prefixes };
}

export function findAwsPrefix(ranges: AwsRanges, ip: string): AwsPrefix | null {
  return ranges.prefixes.find((p) => cidrContains(p.cidr, ip)) ?? null;
}

interface AwsLoadOptions {
  /** A range file to use instead of downloading (tests, air-gapped machines). */
  file?: string;
  cacheDir?: string;
  fetch?: FetchFn;
  timeoutMs?: number;
  now?: () => number;
  signal?: AbortSignal;
}

interface CacheEnvelope {
  fetchedAt: string;
  body: string;
}

async function readCache(dir: string): Promise<{ fetchedAt: string; ranges: AwsRanges } | null> {
  try {
    const env = obj(parseJson(await readFile(join(dir, CACHE_FILE), 'utf8'), 'cached AWS ranges'), 'cache');
    const fetchedAt = str(env.fetchedAt, 'fetchedAt');
    return { fetchedAt, ranges: parseAwsRanges(str(env.body, 'body')) };
  } catch {
    return null;
  }
}

async function writeCache(dir: string, body: string, fetchedAt: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, CACHE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  const envelope: CacheEnvelope = { fetchedAt, body };
  await writeFile(temp, JSON.stringify(envelope));
  await rename(temp, target);
}

export async function loadAwsRanges(options: AwsLoadOptions): Promise<AwsRangesLoad> {
  const now = options.now ?? Date.now;
  if (options.file) {
    try {
      return { ok: true, ranges: parseAwsRanges(await readFile(options.file, 'utf8')), source: 'file' };
    } catch (err) {
      return { ok: false, reason: l10n.t('could not read the AWS range file {0}: {1}', options.file, errorText(err)) };
    }
  }
  const cached = options.cacheDir ? await readCache(options.cacheDir) : null;
  if (cached && cacheIsFresh(cached.fetchedAt, now())) {
    return { ok: true, ranges: cached.ranges, source: 'cache', fetchedAt: cached.fetchedAt };
  }
  let downloadError = l10n.t('no download was attempted');
  const fetchFn = options.fetch ?? defaultFetch();
  if (fetchFn) {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 2000);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const res = await fetchFn(AWS_RANGES_URL, { signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = await readCapped(res, MAX_RANGES_BYTES);
      const ranges = parseAwsRanges(body);
      const fetchedAt = new Date(now()).toISOString();
      let note: string | undefined;
      if (options.cacheDir) {
        try {
          await writeCache(options.cacheDir, body, fetchedAt);
        } catch (err) {
          note = l10n.t('could not cache the AWS range list: {0}', errorText(err));
        }
      }
      return note
        ? { ok: true, ranges, source: 'download', fetchedAt, note }
        : { ok: true, ranges, source: 'download', fetchedAt };
    } catch (err) {
      downloadError = timeout.aborted
        ? l10n.t('downloading {0} timed out', AWS_RANGES_URL)
        : l10n.t('downloading {0} failed: {1}', AWS_RANGES_URL, errorText(err));
    }
  }
  if (cached)
    return { ok: true, ranges: cached.ranges, source: 'stale-cache', fetchedAt: cached.fetchedAt, note: downloadError };
  return { ok: false, reason: l10n.t('{0}, and no cached copy exists', downloadError) };
}
