// DERP reachability per region: HTTPS latency of /derp/latency-check, the plain DERP upgrade on
// /derp, and a WebSocket (subprotocol "derp") on /derp; each upgrade counts only once the server
// has sent its first frame (the server speaks first).
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import type { IssueFinding } from '../events';
import { l10n } from '../l10n';
import type { DerpTarget } from './derp-map';

export interface DerpProbeOptions {
  /** Extra CA certificates (PEM) to trust besides the system's, e.g. a company proxy's or a test CA. */
  ca?: string | Buffer;
  /** Latency samples per region; the smallest is reported (the first includes no handshake). */
  samples?: number;
  deadlineMs: number;
  signal: AbortSignal;
  /** How many regions to probe at once. */
  concurrency?: number;
}

export type UpgradeState = 'ok' | 'refused' | 'failed';

export interface DerpRegionResult {
  regionId: number;
  regionName: string;
  url: string;
  latencyMs: number | null;
  latencyError?: string;
  /** Plain HTTP Upgrade: DERP. */
  upgrade: UpgradeState;
  upgradeError?: string;
  websocket: UpgradeState;
  websocketError?: string;
}

/** First DERP frame: type 0x01 (server key), 4-byte length, then the magic "DERP🔑". */
const FRAME_SERVER_KEY = 0x01;
const DERP_MAGIC = Buffer.from([0x44, 0x45, 0x52, 0x50, 0xf0, 0x9f, 0x94, 0x91]);

/** 'ok' once enough bytes show a server-key frame, 'bad' when they cannot be one, 'more' to wait. */
export function checkFirstFrame(bytes: Buffer): 'ok' | 'bad' | 'more' {
  if (bytes.length === 0) return 'more';
  if (bytes[0] !== FRAME_SERVER_KEY) return 'bad';
  if (bytes.length < 5 + DERP_MAGIC.length) return 'more';
  return bytes.subarray(5, 5 + DERP_MAGIC.length).equals(DERP_MAGIC) ? 'ok' : 'bad';
}

function tlsOptions(ca: string | Buffer | undefined): { ca?: (string | Buffer)[] } {
  return ca ? { ca: [...rootCertificates, ca] } : {};
}

function clientFor(url: URL): typeof http | typeof https {
  return url.protocol === 'http:' ? http : https;
}

function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** What a stage says when the deadline or a cancel stopped it. */
function stopText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? l10n.t('no answer before the deadline')
    : l10n.t('cancelled');
}

/**
 * Runs one stage so that it always ends by the deadline or a cancel, even if it misses the signal
 * itself, and turns a throw (e.g. a URL the map made invalid) into a result instead of a crash.
 */
function bounded<T>(work: () => Promise<T>, signal: AbortSignal, fallback: (why: string) => T): Promise<T> {
  return new Promise<T>((resolve) => {
    let done = false;
    const finish = (value: T): void => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = (): void => finish(fallback(stopText(signal)));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      work().then(finish, (err: unknown) => finish(fallback(errorMessage(err))));
    } catch (err) {
      finish(fallback(errorMessage(err)));
    }
  });
}

/** One GET on a keep-alive agent; milliseconds from connected socket to response headers. */
function timedGet(url: URL, agent: http.Agent, ca: string | Buffer | undefined, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    const req = clientFor(url).request(url, { method: 'GET', agent, signal, ...tlsOptions(ca) }, (res) => {
      const ms = performance.now() - started;
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(ms);
        else reject(new Error(`HTTP ${status}`));
      });
      res.on('error', reject);
    });
    req.on('socket', (socket: Socket) => {
      const secure = url.protocol === 'https:';
      if (!socket.connecting && (!secure || (socket as Socket & { encrypted?: boolean }).encrypted)) {
        started = performance.now();
        return;
      }
      socket.once(secure ? 'secureConnect' : 'connect', () => (started = performance.now()));
    });
    // The request's own signal does not cover a body that never ends; stop that too.
    const onAbort = (): void => {
      req.destroy();
      reject(new Error(stopText(signal)));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', onAbort));
    req.on('error', reject);
    req.end();
  });
}

async function measureLatency(
  target: DerpTarget,
  options: DerpProbeOptions,
  signal: AbortSignal,
): Promise<{ ms: number } | { error: string }> {
  const url = new URL('/derp/latency-check', target.baseUrl);
  const agent = new (clientFor(url).Agent)({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < (options.samples ?? 3) && !signal.aborted; i++)
      samples.push(await timedGet(url, agent, options.ca, signal));
  } catch (err) {
    if (samples.length === 0) return { error: signal.aborted ? stopText(signal) : errorMessage(err) };
  } finally {
    agent.destroy();
  }
  if (samples.length === 0) return { error: stopText(signal) };
  return { ms: Math.round(Math.min(...samples) * 100) / 100 };
}

/** GET /derp with "Upgrade: DERP"; ok when 101 comes back followed by the server-key frame. */
function tryPlainUpgrade(
  target: DerpTarget,
  options: DerpProbeOptions,
  signal: AbortSignal,
): Promise<{ state: UpgradeState; error?: string }> {
  const url = new URL('/derp', target.baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    /** After a 101 the socket is ours, not the request's: the request's signal no longer reaches it. */
    let upgraded: Socket | undefined;
    const settle = (state: UpgradeState, error?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      upgraded?.destroy();
      req.destroy();
      resolve(error === undefined ? { state } : { state, error });
    };
    const onAbort = (): void => settle('failed', stopText(signal));
    const req = clientFor(url).request(url, {
      method: 'GET',
      signal,
      agent: false,
      headers: { Connection: 'Upgrade', Upgrade: 'DERP' },
      ...tlsOptions(options.ca),
    });
    req.on('upgrade', (_res, socket: Socket, head: Buffer) => {
      upgraded = socket;
      if (settled) return void socket.destroy();
      let bytes = head;
      const check = (): void => {
        const verdict = checkFirstFrame(bytes);
        if (verdict === 'ok') settle('ok');
        else if (verdict === 'bad')
          settle('failed', l10n.t('the upgraded connection did not start with a DERP server key'));
      };
      socket.on('data', (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        check();
      });
      socket.on('error', (err) => settle('failed', errorMessage(err)));
      socket.on('close', () => settle('failed', l10n.t('closed before the first DERP frame')));
      check();
    });
    req.on('response', (res) => {
      res.resume();
      settle('refused', l10n.t('HTTP {0} instead of 101 Switching Protocols', res.statusCode ?? 0));
    });
    req.on('error', (err) => settle('failed', signal.aborted ? stopText(signal) : errorMessage(err)));
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** WebSocket to /derp with subprotocol "derp"; ok on the first binary message that is a server key. */
function tryWebSocket(
  target: DerpTarget,
  options: DerpProbeOptions,
  signal: AbortSignal,
): Promise<{ state: UpgradeState; error?: string }> {
  const url = new URL('/derp', target.baseUrl);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  return new Promise((resolve) => {
    let settled = false;
    const ws = new WebSocket(url, ['derp'], {
      ...tlsOptions(options.ca),
      followRedirects: false,
      perMessageDeflate: false,
    });
    const settle = (state: UpgradeState, error?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(error === undefined ? { state } : { state, error });
    };
    const onAbort = (): void => settle('failed', stopText(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    let bytes = Buffer.alloc(0);
    ws.on('message', (data: WebSocket.RawData) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      bytes = Buffer.concat([bytes, chunk]);
      const verdict = checkFirstFrame(bytes);
      if (verdict === 'ok') settle('ok');
      else if (verdict === 'bad') settle('failed', l10n.t('the first WebSocket message was not a DERP server key'));
    });
    ws.on('unexpected-response', (_req, res) =>
      settle('refused', l10n.t('HTTP {0} instead of a WebSocket upgrade', res.statusCode ?? 0)),
    );
    ws.on('error', (err) => settle('failed', errorMessage(err)));
    ws.on('close', () => settle('failed', l10n.t('closed before the first DERP frame')));
  });
}

export async function probeDerpRegion(target: DerpTarget, options: DerpProbeOptions): Promise<DerpRegionResult> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.deadlineMs)]);
  const failed = (error: string) => ({ state: 'failed' as const, error });
  const [latency, upgrade, websocket] = await Promise.all([
    bounded(
      () => measureLatency(target, options, signal),
      signal,
      (error) => ({ error }),
    ),
    bounded(() => tryPlainUpgrade(target, options, signal), signal, failed),
    bounded(() => tryWebSocket(target, options, signal), signal, failed),
  ]);
  const result: DerpRegionResult = {
    regionId: target.regionId,
    regionName: target.regionName,
    url: target.baseUrl,
    latencyMs: 'ms' in latency ? latency.ms : null,
    upgrade: upgrade.state,
    websocket: websocket.state,
  };
  if ('error' in latency) result.latencyError = latency.error;
  if (upgrade.error) result.upgradeError = upgrade.error;
  if (websocket.error) result.websocketError = websocket.error;
  return result;
}

export async function probeDerpRegions(targets: DerpTarget[], options: DerpProbeOptions): Promise<DerpRegionResult[]> {
  const results: DerpRegionResult[] = new Array(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await probeDerpRegion(targets[i], options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 6, targets.length) }, worker));
  return results;
}

/** Pure: nearest region and the issues the results support (regions named in one finding per kind). */
export function judgeDerp(results: DerpRegionResult[]): { nearest: DerpRegionResult | null; findings: IssueFinding[] } {
  const withLatency = results.filter((r) => r.latencyMs !== null);
  const nearest = withLatency.reduce<DerpRegionResult | null>(
    (best, r) => (best === null || r.latencyMs! < best.latencyMs! ? r : best),
    null,
  );
  const wsOnly = results.filter((r) => r.upgrade !== 'ok' && r.websocket === 'ok');
  const unreachable = results.filter((r) => r.upgrade !== 'ok' && r.websocket !== 'ok');
  const findings: IssueFinding[] = [];
  if (wsOnly.length > 0)
    findings.push({
      id: 'derp-websocket-only',
      side: 'client',
      detail: { region: wsOnly.map((r) => r.regionName).join(', ') },
    });
  if (unreachable.length > 0)
    findings.push({
      id: 'derp-unreachable',
      side: 'client',
      detail: { region: unreachable.map((r) => r.regionName).join(', ') },
    });
  return { nearest, findings };
}
