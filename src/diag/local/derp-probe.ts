// DERP reachability per region: HTTPS latency of /derp/latency-check, the plain DERP upgrade on
// /derp, and a WebSocket (subprotocol "derp") on /derp; each upgrade counts only once the server
// has sent its first frame (the server speaks first). Every connection comes from the check's
// Network: the node's own address, our trust, and the proxy when one is set.
import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { IssueFinding } from '../events';
import { l10n } from '../l10n';
import { requestThrough } from '../net/agent';
import { asNetFailure, type NetFailureFacts, type NetFailureKind } from '../net/net-failure';
import type { Network, TargetOptions } from '../net/network';
import type { DerpTarget } from '../coder/derp-map';

interface DerpProbeOptions {
  network: Network;
  /** Latency samples per region; the smallest is reported (the first includes no handshake). */
  samples?: number;
  deadlineMs: number;
  signal: AbortSignal;
  /** How many regions to probe at once. */
  concurrency?: number;
}

type UpgradeState = 'ok' | 'refused' | 'failed';

export interface DerpRegionResult {
  regionId: number;
  regionName: string;
  url: string;
  /** What was dialled: the map's IPv4 or IPv6, or the HostName resolved; and the proxy in between, if any. */
  dialed: { address: string; from: 'ipv4' | 'ipv6' | 'dns'; proxy?: string };
  latencyMs: number | null;
  latencyError?: string;
  /** What stopped the latency check (a proxy, a certificate, the network), with its facts; never a secret. */
  failure?: { kind: NetFailureKind; facts: NetFailureFacts };
  /** Plain HTTP Upgrade: DERP. */
  upgrade: UpgradeState;
  upgradeError?: string;
  websocket: UpgradeState;
  websocketError?: string;
}

/** First DERP frame: type 0x01 (server key), 4-byte length, then the magic "DERP🔑". */
const FRAME_SERVER_KEY = 0x01;
const DERP_MAGIC = Buffer.from([0x44, 0x45, 0x52, 0x50, 0xf0, 0x9f, 0x94, 0x91]);
/** RFC 6455: the server proves it read our key by hashing it with this GUID. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** 'ok' once enough bytes show a server-key frame, 'bad' when they cannot be one, 'more' to wait. */
export function checkFirstFrame(bytes: Buffer): 'ok' | 'bad' | 'more' {
  if (bytes.length === 0) return 'more';
  if (bytes[0] !== FRAME_SERVER_KEY) return 'bad';
  if (bytes.length < 5 + DERP_MAGIC.length) return 'more';
  return bytes.subarray(5, 5 + DERP_MAGIC.length).equals(DERP_MAGIC) ? 'ok' : 'bad';
}

/**
 * The payload so far of the first WebSocket frame a server sent (RFC 6455 section 5.2), or 'bad'
 * when it is not an unmasked binary frame, or 'more' while its header is incomplete.
 */
function firstWebSocketPayload(bytes: Buffer): Buffer | 'bad' | 'more' {
  if (bytes.length < 2) return 'more';
  const opcode = bytes[0] & 0x0f;
  if (opcode !== 0x2 || (bytes[1] & 0x80) !== 0) return 'bad';
  const short = bytes[1] & 0x7f;
  const headerLength = short === 126 ? 4 : short === 127 ? 10 : 2;
  if (bytes.length < headerLength) return 'more';
  const length = short === 126 ? bytes.readUInt16BE(2) : short === 127 ? Number(bytes.readBigUInt64BE(2)) : short;
  return bytes.subarray(headerLength, headerLength + Math.min(length, 64));
}

/** How the network reaches a relay: its address from the map (or its name), its certificate name. */
function targetOptions(target: DerpTarget): TargetOptions {
  const options: TargetOptions = { verifyName: target.certName, insecure: target.insecure };
  if ('address' in target.dial) options.address = target.dial.address;
  else if (target.dial.family) options.family = target.dial.family;
  return options;
}

function dialedOf(target: DerpTarget, network: Network): DerpRegionResult['dialed'] {
  const dialed: DerpRegionResult['dialed'] =
    'address' in target.dial
      ? { address: target.dial.address, from: target.dial.source }
      : { address: target.dial.hostName, from: 'dns' };
  try {
    const route = network.route(new URL(target.baseUrl));
    if (route.kind === 'proxy') dialed.proxy = route.label;
  } catch {
    // A URL that cannot be built: every stage says so.
  }
  return dialed;
}

/** What a stage says when the deadline or a cancel stopped it. */
function stopText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? l10n.t('no answer before the deadline')
    : l10n.t('cancelled');
}

function failureText(err: unknown, network: Network): string {
  return asNetFailure(err, !!network.material.cert).message;
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
      work().then(finish, (err: unknown) => finish(fallback(asNetFailure(err, false).message)));
    } catch (err) {
      finish(fallback(asNetFailure(err, false).message));
    }
  });
}

/** One GET on a keep-alive agent; milliseconds from connected socket to response headers. */
function timedGet(url: URL, agent: http.Agent, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let started = 0;
    const req = requestThrough(url, agent, { signal });
    req.on('response', (res) => {
      const ms = performance.now() - started;
      res.resume();
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(ms);
        else reject(new Error(`HTTP ${status}`));
      });
      res.on('error', reject);
    });
    // The agent hands over a socket already connected (and through TLS): the clock starts there.
    req.on('socket', () => (started = performance.now()));
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
): Promise<{ ms: number } | { error: string; failure: NonNullable<DerpRegionResult['failure']> }> {
  const url = new URL('/derp/latency-check', target.baseUrl);
  const agent = options.network.agent(url, targetOptions(target), signal, { keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < (options.samples ?? 3) && !signal.aborted; i++)
      samples.push(await timedGet(url, agent, signal));
  } catch (err) {
    if (samples.length === 0) {
      const failure = asNetFailure(err, !!options.network.material.cert);
      return signal.aborted
        ? { error: stopText(signal), failure: { kind: 'network', facts: {} } }
        : { error: failure.message, failure: { kind: failure.kind, facts: failure.facts } };
    }
  } finally {
    agent.destroy();
  }
  if (samples.length === 0) return { error: stopText(signal), failure: { kind: 'network', facts: {} } };
  return { ms: Math.round(Math.min(...samples) * 100) / 100 };
}

type UpgradeResult = { state: UpgradeState; error?: string };

/**
 * GET /derp with upgrade headers; `check` reads the upgraded stream until it says ok or failed.
 * A non-101 answer is 'refused'; anything else that goes wrong is 'failed'.
 */
function upgradeAndRead(
  target: DerpTarget,
  options: DerpProbeOptions,
  signal: AbortSignal,
  headers: Record<string, string>,
  onUpgrade: (
    res: http.IncomingMessage,
    settle: (state: UpgradeState, error?: string) => void,
  ) => (bytes: Buffer) => void,
): Promise<UpgradeResult> {
  const url = new URL('/derp', target.baseUrl);
  const agent = options.network.agent(url, targetOptions(target), signal);
  return new Promise((resolve) => {
    let settled = false;
    /** After a 101 the socket is ours, not the request's: the request's signal no longer reaches it. */
    let upgraded: Duplex | undefined;
    const settle = (state: UpgradeState, error?: string): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      upgraded?.destroy();
      req.destroy();
      agent.destroy();
      resolve(error === undefined ? { state } : { state, error });
    };
    const onAbort = (): void => settle('failed', stopText(signal));
    const req = requestThrough(url, agent, { signal, headers });
    req.on('upgrade', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      upgraded = socket;
      if (settled) return void socket.destroy();
      const read = onUpgrade(res, settle);
      socket.on('data', read);
      socket.on('error', (err) => settle('failed', failureText(err, options.network)));
      socket.on('close', () => settle('failed', l10n.t('closed before the first DERP frame')));
      if (head.length > 0) read(head);
    });
    req.on('response', (res) => {
      res.resume();
      settle('refused', l10n.t('HTTP {0} instead of 101 Switching Protocols', res.statusCode ?? 0));
    });
    req.on('error', (err) => settle('failed', signal.aborted ? stopText(signal) : failureText(err, options.network)));
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}

/** GET /derp with "Upgrade: DERP"; ok when 101 comes back followed by the server-key frame. */
function tryPlainUpgrade(target: DerpTarget, options: DerpProbeOptions, signal: AbortSignal): Promise<UpgradeResult> {
  return upgradeAndRead(target, options, signal, { Connection: 'Upgrade', Upgrade: 'DERP' }, (_res, settle) => {
    let bytes = Buffer.alloc(0);
    return (chunk) => {
      bytes = Buffer.concat([bytes, chunk]);
      const verdict = checkFirstFrame(bytes);
      if (verdict === 'ok') settle('ok');
      else if (verdict === 'bad')
        settle('failed', l10n.t('the upgraded connection did not start with a DERP server key'));
    };
  });
}

/** A WebSocket (RFC 6455) on /derp with subprotocol "derp"; ok when its first binary message is a server key. */
function tryWebSocket(target: DerpTarget, options: DerpProbeOptions, signal: AbortSignal): Promise<UpgradeResult> {
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(`${key}${WEBSOCKET_GUID}`).digest('base64');
  const headers = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': key,
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Protocol': 'derp',
  };
  return upgradeAndRead(target, options, signal, headers, (res, settle) => {
    if (res.headers['sec-websocket-accept'] !== accept || res.headers['sec-websocket-protocol'] !== 'derp') {
      settle('failed', l10n.t('the server did not accept a WebSocket with subprotocol derp'));
      return () => undefined;
    }
    let bytes = Buffer.alloc(0);
    return (chunk) => {
      bytes = Buffer.concat([bytes, chunk]);
      const payload = firstWebSocketPayload(bytes);
      const verdict = payload === 'bad' ? 'bad' : payload === 'more' ? 'more' : checkFirstFrame(payload);
      if (verdict === 'ok') settle('ok');
      else if (verdict === 'bad') settle('failed', l10n.t('the first WebSocket message was not a DERP server key'));
    };
  });
}

export async function probeDerpRegion(target: DerpTarget, options: DerpProbeOptions): Promise<DerpRegionResult> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.deadlineMs)]);
  const failed = (error: string): UpgradeResult => ({ state: 'failed', error });
  const [latency, upgrade, websocket] = await Promise.all([
    bounded(
      () => measureLatency(target, options, signal),
      signal,
      (error) => ({ error, failure: { kind: 'network' as const, facts: {} } }),
    ),
    bounded(() => tryPlainUpgrade(target, options, signal), signal, failed),
    bounded(() => tryWebSocket(target, options, signal), signal, failed),
  ]);
  const result: DerpRegionResult = {
    regionId: target.regionId,
    regionName: target.regionName,
    url: target.baseUrl,
    dialed: dialedOf(target, options.network),
    latencyMs: 'ms' in latency ? latency.ms : null,
    upgrade: upgrade.state,
    websocket: websocket.state,
  };
  if ('error' in latency) Object.assign(result, { latencyError: latency.error, failure: latency.failure });
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
