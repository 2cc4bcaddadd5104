// Cost of hostile `coder ping` lines (runs of parentheses, spaces, " in 5ms" repeats, a 1 MB line)
// against lines of the same length made of plain letters, so a regex that backtracks shows up as a
// large ratio instead of an absolute time.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { createPingParser } = require('../../out/src/diag/coder/ping-parser.js');

const N = 8000; // just under the parser's matching limit, where regexes would run
const hostile = [
  `pong from dev proxied via DERP(${'('.repeat(N / 2)}${')'.repeat(N / 2 - 40)}) in 5ms`,
  `pong from dev proxied via${' '.repeat(N - 40)}DERP(x) in 5ms`,
  `pong from dev proxied via DERP(a${' in 5ms)'.repeat((N - 40) / 8)}) in 7ms`,
  `- network interface ${'interface '.repeat((N - 60) / 10)}has MTU 1280`,
  `ping to "${'"'.repeat(N - 20)} failed x`,
  'x'.repeat(1_000_000),
];
const plain = hostile.map((l) => 'x'.repeat(l.length));

function feed(lines) {
  return () => {
    const parser = createPingParser(() => 0);
    parser.push('Possible client-side issues with direct connection:');
    let n = 0;
    for (const line of lines) n += parser.push(line).length;
    return n + parser.end().length;
  };
}

function time(fn, rounds) {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const hostileMs = time(feed(hostile), 50);
const plainMs = time(feed(plain), 50);
console.log(`hostile lines (${hostile.length}): ${hostileMs.toFixed(3)} ms`);
console.log(`plain lines of the same lengths: ${plainMs.toFixed(3)} ms`);
console.log(`ratio hostile / plain: ${(hostileMs / plainMs).toFixed(1)}x`);
