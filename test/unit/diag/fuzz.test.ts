// A bounded fuzz run with a fixed seed: random and garbage `coder ping` lines, netcheck JSON and STUN
// packets go through the parsers and the reducer. Nothing may throw (a netcheck parse may only refuse
// with its own Error), and the report may hold no NaN, Infinity or negative figure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { netcheckFindings, parseNetcheck } from '../../../src/diag/coder/netcheck';
import { createPingParser } from '../../../src/diag/coder/ping-parser';
import type { DiagEvent } from '../../../src/diag/events';
import {
  decodeMessage,
  encodeBindingRequest,
  errorCode,
  fingerprintMatches,
  formatAddress,
  mappedAddress,
} from '../../../src/diag/local/stun-codec';
import { toJsonReport } from '../../../src/diag/present/json';
import { reduceAll } from '../../../src/diag/check/report';
import { fixture } from '../../support/paths';
import { prng } from '../../support/random';

const SEED = 0x5eed1234;

const random = prng(SEED);
const int = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];

const NUMBERS = ['-5', '0', '1.5', '1e-300', '3.6e62', '-0', '99999999999999999999', '.5', '1e308', 'NaN', '12'];
const UNITS = ['ms', 's', 'µs', 'h', 'm', 'ns', '', 'x', 'e9s'];
const PING_SHAPES = [
  () =>
    `pong from dev proxied via DERP(${pick(['Frankfurt', '', ')(', '\u001b]0;x\u0007'])}) in ${pick(NUMBERS)}${pick(UNITS)}`,
  () => `pong from dev p2p via ${pick(['192.0.2.1:41641', '[::1]:1', '', 'a b'])} in ${pick(NUMBERS)}${pick(UNITS)}`,
  () => `p2p connection established in ${pick(NUMBERS)}${pick(UNITS)}`,
  () => `ping to "dev" ${pick(['timed out', 'failed', 'failed oops', ''])}`,
  () => `  ✘ Interface ${pick(['eth0', 'x'])} has MTU ${pick(NUMBERS)}, less than 1378`,
  () => `[2024-01-01T00:00:00Z] pong from dev proxied via DERP(A) in ${pick(NUMBERS)}${pick(UNITS)}`,
  () => randomText(int(200)),
];

function randomText(length: number): string {
  const alphabet = 'pong from in ms s DERP() p2p via -.:0123456789\r\n\t\u001b[\u00b5\u2714\u2718 ';
  let out = '';
  for (let i = 0; i < length; i++)
    out += random() < 0.9 ? alphabet[int(alphabet.length)] : String.fromCharCode(int(0xffff));
  return out;
}

/** Every number in a JSON value is finite and not negative; returns the paths that are not. */
function badFigures(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? [] : [`${path}=${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => badFigures(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => badFigures(v, `${path}.${k}`));
  return [];
}

/** Replaces numbers in a JSON tree at random with impossible ones, or other kinds of values. */
function mutate(value: unknown): unknown {
  if (typeof value === 'number')
    return random() < 0.4 ? pick([-1, -5e6, 3.6e68, 1e-300, 1.5, 0, 2 ** 53, -0, 1e308, '12', null, true]) : value;
  if (Array.isArray(value)) return value.map(mutate);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (random() > 0.03) out[k] = random() < 0.02 ? [] : mutate(v);
    return out;
  }
  return value;
}

describe('fuzz: parsers and reducer under random and garbage input (fixed seed)', function () {
  this.timeout(20_000);
  const tally = { tried: 0, crashes: [] as string[] };
  after(() => {
    console.log(`      fuzz seed 0x${SEED.toString(16)}: ${tally.tried} inputs tried, ${tally.crashes.length} crashes`);
    for (const c of tally.crashes.slice(0, 10)) console.log(`        crash: ${c.slice(0, 300)}`);
  });

  it('ping lines: nothing throws, the report holds only finite non-negative figures', () => {
    for (let run = 0; run < 300; run++) {
      const parser = createPingParser(() => run * 1000);
      const lines = Array.from({ length: 60 }, () => pick(PING_SHAPES)());
      const events: DiagEvent[] = [];
      for (const line of lines) {
        tally.tried += 1;
        try {
          events.push(...parser.push(line));
        } catch (err) {
          tally.crashes.push(`ping ${JSON.stringify(line)}: ${String(err)}`);
        }
      }
      events.push(...parser.end());
      const bad = badFigures(toJsonReport(reduceAll(events, 'dev')));
      if (bad.length > 0) tally.crashes.push(`ping report: ${bad.join(', ')} from ${JSON.stringify(lines)}`);
    }
    assert.deepEqual(tally.crashes, []);
  });

  it('netcheck JSON: refused with an Error or parsed into finite non-negative figures', () => {
    const seeds = ['healthy.json', 'hard-nat.json', 'low-mtu.json', 'udp-blocked.json'].map(
      (name) => JSON.parse(readFileSync(fixture(`netcheck/${name}`), 'utf8')) as unknown,
    );
    for (let i = 0; i < 1500; i++) {
      const text =
        random() < 0.1 ? JSON.stringify(pick(seeds)).slice(0, int(4000)) : JSON.stringify(mutate(pick(seeds)));
      tally.tried += 1;
      try {
        const report = parseNetcheck(text);
        const events: DiagEvent[] = netcheckFindings(report).map((finding) => ({
          type: 'issue',
          source: 'netcheck',
          finding,
        }));
        const bad = [
          ...badFigures(Object.values(report.regionLatencyMs)),
          ...badFigures(report.regions.map((r) => r.roundTripMs ?? 0)),
          ...badFigures(report.interfaces.map((f) => f.mtu)),
          ...badFigures(toJsonReport(reduceAll(events))),
        ];
        if (bad.length > 0) tally.crashes.push(`netcheck figures ${bad.join(', ')}`);
      } catch (err) {
        if (!(err instanceof Error) || err instanceof TypeError || err instanceof RangeError)
          tally.crashes.push(`netcheck threw ${String(err)} for ${text.slice(0, 200)}`);
      }
    }
    assert.deepEqual(tally.crashes, []);
  });

  it('STUN packets: decoding never throws, whatever the bytes', () => {
    const valid = encodeBindingRequest(Buffer.alloc(12, 7));
    for (let i = 0; i < 20_000; i++) {
      let packet: Buffer;
      if (random() < 0.5) {
        packet = Buffer.from(valid);
        for (let k = 0; k < 1 + int(4); k++) packet[int(packet.length)] = int(256);
        if (random() < 0.3) packet = packet.subarray(0, int(packet.length));
        if (packet.length >= 4 && random() < 0.3) packet.writeUInt16BE(int(65536), 2);
      } else {
        packet = Buffer.from(Array.from({ length: int(120) }, () => int(256)));
        if (packet.length >= 8 && random() < 0.5) packet.writeUInt32BE(0x2112a442, 4);
        if (packet.length >= 4 && random() < 0.5) packet.writeUInt16BE(0x0101, 0);
      }
      tally.tried += 1;
      try {
        const decoded = decodeMessage(packet);
        if (decoded.ok) {
          const mapped = mappedAddress(decoded.message);
          if (mapped) {
            formatAddress(mapped);
            if (!(mapped.port >= 0 && mapped.port <= 65535)) tally.crashes.push(`STUN port ${mapped.port}`);
          }
          errorCode(decoded.message);
          fingerprintMatches(decoded.message);
        }
      } catch (err) {
        tally.crashes.push(`STUN ${packet.toString('hex')}: ${String(err)}`);
      }
    }
    assert.deepEqual(tally.crashes, []);
  });
});
