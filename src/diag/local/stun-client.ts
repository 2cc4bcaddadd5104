// Sends STUN Binding requests from one UDP socket to several servers, with RFC 5389 retransmits
// under one deadline, and reports what each server said (or why it said nothing).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ipToBigInt } from '../net/ip-math';
import {
  BINDING_ERROR,
  BINDING_SUCCESS,
  decodeMessage,
  encodeBindingRequest,
  errorCode,
  fingerprintMatches,
  hasMagicCookie,
  mappedAddress,
  newTransactionId,
  type StunMessage,
  type TransportAddress,
} from './stun-codec';
import { serverLabel, type StunServer } from '../coder/stun-server';
import { errorMessage, withTimeout } from '../errors';
import { l10n } from '../l10n';

type StunServerOutcome = 'answered' | 'error-response' | 'no-answer' | 'send-blocked' | 'send-failed' | 'unresolved';

export interface StunServerResult {
  /** host:port as configured. */
  server: string;
  /** The IP the host name resolved to. */
  address?: string;
  outcome: StunServerOutcome;
  mapped?: TransportAddress;
  rttMs?: number;
  /** Requests sent (first send plus retransmits). */
  attempts: number;
  error?: string;
}

export interface StunRun {
  /** Local port of each socket family used, so callers can tell "no NAT" from "NAT". */
  localPorts: Partial<Record<'IPv4' | 'IPv6', number>>;
  results: StunServerResult[];
}

type LookupFn = (host: string) => Promise<{ address: string; family: 4 | 6 }>;

interface StunRunOptions {
  /** Whole-run budget; retransmits stop and the run ends when it is spent. */
  deadlineMs: number;
  /** Initial retransmission timeout (RFC 5389: 500 ms, doubled each time). */
  rtoMs?: number;
  /** Rc of RFC 5389: requests per server at most. */
  maxRequests?: number;
  signal?: AbortSignal;
  lookup?: LookupFn;
}

const PERMISSION_CODES = new Set(['EPERM', 'EACCES']);

/** Same address however it is spelled (`::ffff:1.2.3.4` and `1.2.3.4`, compressed IPv6, zone ids). */
function sameAddress(a: string, b: string): boolean {
  const x = ipToBigInt(a.replace(/^::ffff:(?=\d+\.)/i, ''));
  const y = ipToBigInt(b.replace(/^::ffff:(?=\d+\.)/i, ''));
  return x !== null && y !== null && x.family === y.family && x.value === y.value;
}

async function defaultLookup(host: string): Promise<{ address: string; family: 4 | 6 }> {
  const all = await dnsLookup(host, { all: true });
  const pick = all.find((a) => a.family === 4) ?? all[0];
  if (!pick) throw new Error(l10n.t('no address for {0}', host));
  return { address: pick.address, family: pick.family === 6 ? 6 : 4 };
}

type Family = 'IPv4' | 'IPv6';

interface Pending {
  result: StunServerResult;
  address: string;
  port: number;
  family: Family;
  transactionId: Buffer;
  request: Buffer;
  firstSentAt: number;
  nextRto: number;
  nextSendAt: number;
  done: boolean;
}

export async function runStunBindings(servers: StunServer[], options: StunRunOptions): Promise<StunRun> {
  const deadline = Date.now() + options.deadlineMs;
  const resolved = await resolveServers(servers, options);
  const pending = resolved.filter((r): r is Pending => 'request' in r);
  const run: StunRun = { localPorts: {}, results: resolved.map((r) => ('request' in r ? r.result : r)) };
  if (pending.length === 0 || options.signal?.aborted) return run;
  const sockets = await openSockets(pending, run);
  if (!sockets) return run;
  await exchange(pending, sockets, deadline, options);
  for (const p of pending) {
    if (!p.done && p.result.outcome === 'no-answer') {
      p.result.error = options.signal?.aborted
        ? l10n.t('cancelled before an answer came')
        : l10n.t('no answer within {0} ms', options.deadlineMs);
    }
  }
  return run;
}

/** Resolves names first, within the budget (half of it at most, so requests still get time). */
function resolveServers(servers: StunServer[], options: StunRunOptions): Promise<(Pending | StunServerResult)[]> {
  const lookup = options.lookup ?? defaultLookup;
  const resolveBudget = Math.max(1, Math.floor(options.deadlineMs / 2));
  return Promise.all(
    servers.map(async (s): Promise<Pending | StunServerResult> => {
      const label = serverLabel(s);
      try {
        const ipFamily = isIP(s.host);
        const r =
          ipFamily !== 0
            ? { address: s.host, family: ipFamily as 4 | 6 }
            : await withTimeout(lookup(s.host), resolveBudget, l10n.t('resolving {0}', s.host));
        return newPending(label, r.address, s.port, r.family, options);
      } catch (err) {
        return { server: label, outcome: 'unresolved', attempts: 0, error: errorMessage(err) };
      }
    }),
  );
}

function newPending(label: string, address: string, port: number, family: 4 | 6, options: StunRunOptions): Pending {
  const transactionId = newTransactionId();
  return {
    result: { server: label, address, outcome: 'no-answer', attempts: 0 },
    address,
    port,
    family: family === 6 ? 'IPv6' : 'IPv4',
    transactionId,
    request: encodeBindingRequest(transactionId),
    firstSentAt: 0,
    nextRto: options.rtoMs ?? 500,
    nextSendAt: 0,
    done: false,
  };
}

/** One bound UDP socket per address family in use; null (every server marked) when one cannot be opened. */
async function openSockets(pending: Pending[], run: StunRun): Promise<Map<Family, Socket> | null> {
  const sockets = new Map<Family, Socket>();
  try {
    for (const family of new Set(pending.map((p) => p.family))) {
      const socket = createSocket(family === 'IPv6' ? 'udp6' : 'udp4');
      socket.on('error', () => undefined); // errors reach us through send callbacks; never crash the host
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      sockets.set(family, socket);
      run.localPorts[family] = socket.address().port;
    }
    return sockets;
  } catch (err) {
    for (const s of sockets.values()) s.close();
    const reason = l10n.t('could not open a UDP socket: {0}', errorMessage(err));
    for (const p of pending) Object.assign(p.result, { outcome: 'send-failed', error: reason });
    return null;
  }
}

/** The pending request `msg` answers: a STUN message for our transaction, from the server we asked. */
function answered(pending: Pending[], msg: Buffer, from: RemoteInfo): { p: Pending; m: StunMessage } | null {
  const decoded = decodeMessage(msg);
  if (!decoded.ok) return null;
  const m = decoded.message;
  // RFC 5389: no magic cookie, not a STUN answer; and only the server we asked may answer.
  if (!hasMagicCookie(m)) return null;
  const p = pending.find(
    (x) =>
      !x.done &&
      x.transactionId.equals(m.transactionId) &&
      x.port === from.port &&
      sameAddress(x.address, from.address),
  );
  // A FINGERPRINT that does not match is a corrupted answer; none at all is fine (derper sends none).
  if (!p || fingerprintMatches(m) === false) return null; // not ours, or corrupted
  return { p, m };
}

/** Records a server's answer; false when it is neither a success nor an error response. */
function recordAnswer(p: Pending, m: StunMessage): boolean {
  if (m.type === BINDING_SUCCESS) {
    const mapped = mappedAddress(m);
    Object.assign(
      p.result,
      mapped
        ? { outcome: 'answered', mapped, rttMs: Date.now() - p.firstSentAt }
        : { outcome: 'error-response', error: l10n.t('answer carried no mapped address') },
    );
  } else if (m.type === BINDING_ERROR) {
    const code = errorCode(m);
    const error =
      code === null || code === undefined ? l10n.t('error response (no code)') : l10n.t('error response {0}', code);
    Object.assign(p.result, { outcome: 'error-response', error });
  } else {
    return false;
  }
  p.done = true;
  return true;
}

/** Sends one request; a send that fails settles the server (onSettled tells the exchange). */
function sendRequest(p: Pending, socket: Socket, onSettled: () => void): void {
  p.result.attempts += 1;
  if (p.firstSentAt === 0) p.firstSentAt = Date.now();
  socket.send(p.request, p.port, p.address, (err) => {
    if (!err || p.done) return;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    // A local firewall DROP makes send() fail with EPERM: that is "UDP blocked", not a crash.
    const blocked = PERMISSION_CODES.has(code);
    Object.assign(p.result, {
      outcome: blocked ? 'send-blocked' : 'send-failed',
      error: blocked
        ? l10n.t('sending was refused by a local firewall ({0})', code)
        : l10n.t('send failed: {0}', err.message),
    });
    p.done = true;
    onSettled();
  });
}

/** Sends, retransmits (RFC 5389 back-off) and collects answers until all are settled, the deadline, or an abort. */
function exchange(
  pending: Pending[],
  sockets: Map<Family, Socket>,
  deadline: number,
  options: StunRunOptions,
): Promise<void> {
  const maxRequests = options.maxRequests ?? 7;
  return new Promise<void>((finish) => {
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const end = (): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', end);
      for (const s of sockets.values()) s.close();
      finish();
    };
    const allDone = (): boolean => pending.every((p) => p.done);
    const endIfAllDone = (): void => {
      if (allDone()) end();
    };
    for (const s of sockets.values()) {
      s.on('message', (msg: Buffer, from: RemoteInfo) => {
        const hit = answered(pending, msg, from);
        if (hit && recordAnswer(hit.p, hit.m)) endIfAllDone();
      });
    }
    const tick = (): void => {
      if (finished) return;
      const now = Date.now();
      if (now >= deadline) return end();
      for (const p of pending) {
        const socket = sockets.get(p.family);
        if (p.done || now < p.nextSendAt || p.result.attempts >= maxRequests || !socket) continue;
        sendRequest(p, socket, endIfAllDone);
        p.nextSendAt = now + p.nextRto;
        p.nextRto *= 2;
      }
      if (allDone()) return end();
      const waiting = pending.filter((p) => !p.done && p.result.attempts < maxRequests).map((p) => p.nextSendAt);
      timer = setTimeout(tick, Math.max(0, Math.min(deadline, ...waiting) - Date.now()));
    };
    options.signal?.addEventListener('abort', end, { once: true });
    tick();
  });
}
