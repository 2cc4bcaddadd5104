// Cost of streaming an hour of `coder ping` output (one pong a second) through the parser and the
// reducer, against a reference that only splits the same text into lines and regex-matches them.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { createPingParser } = require('../../out/src/diag/coder/ping-parser.js');
const { emptyReport, reduce } = require('../../out/src/diag/check/report.js');
const { LineSplitter } = require('../../out/src/diag/coder/lines.js');

const lines = [];
for (let i = 0; i < 3600; i++) {
  lines.push(
    i < 30
      ? `pong from dev proxied via  DERP(Frankfurt)  in ${40 + (i % 9)}ms`
      : `pong from dev p2p via  198.51.100.7:41641  in ${10 + (i % 5)}ms`,
  );
  if (i === 29) lines.push('p2p connection established in 1.204s');
}
const text = Buffer.from(lines.join('\n') + '\n');

function ours() {
  const splitter = new LineSplitter();
  const parser = createPingParser(() => 0);
  let report = emptyReport('dev', 'now');
  for (const line of [...splitter.push(text), ...splitter.end()])
    for (const e of parser.push(line)) report = reduce(report, e);
  for (const e of parser.end()) report = reduce(report, e);
  return report.pings.sent;
}

function reference() {
  let n = 0;
  for (const line of text.toString('utf8').split('\n')) if (/in (\d+)ms$/.test(line)) n++;
  return n;
}

function time(fn, rounds) {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const oursMs = time(ours, 10);
const refMs = time(reference, 50);
console.log(`parse + reduce one hour of pings (3,601 lines): ${oursMs.toFixed(2)} ms`);
console.log(`reference (split + regex only):                  ${refMs.toFixed(2)} ms`);
console.log(`ratio ours / reference: ${(oursMs / refMs).toFixed(1)}x`);

// Folding stays linear: ten hours of pings cost about ten times one hour, per ping the same. The
// report keeps its newest MAX_SAMPLES, so a per-ping cost that grew with the run would show here.
function pongText(count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(`pong from dev p2p via  198.51.100.7:41641  in ${10 + (i % 5)}ms`);
  return Buffer.from(out.join('\n') + '\n');
}
function fold(textOfPings) {
  const splitter = new LineSplitter();
  const parser = createPingParser(() => 0);
  let report = emptyReport('dev', 'now');
  // In 4 KiB chunks, as the CLI's output arrives, so ten hours are never all in memory as lines.
  const fold = (lines) => {
    for (const line of lines) for (const e of parser.push(line)) report = reduce(report, e);
  };
  for (let at = 0; at < textOfPings.length; at += 4096) fold(splitter.push(textOfPings.subarray(at, at + 4096)));
  fold(splitter.end());
  return report.pings.sent;
}
const perPing = {};
for (const hours of [1, 2, 10]) {
  const pings = hours * 3600;
  const text = pongText(pings);
  const ms = time(() => fold(text), hours === 10 ? 2 : 5);
  perPing[hours] = (ms * 1000) / pings;
  console.log(`fold ${hours} h of pings (${pings}): ${ms.toFixed(1)} ms, ${perPing[hours].toFixed(2)} µs per ping`);
}
// The first hour fills the report's sample window, whose copy per ping grows until it is full;
// from then on every ping costs the same, so 2 h and 10 h should match.
console.log(
  `cost per ping, 10 h / 1 h: ${(perPing[10] / perPing[1]).toFixed(2)}x; 10 h / 2 h: ${(perPing[10] / perPing[2]).toFixed(2)}x (linear: about 1)`,
);
