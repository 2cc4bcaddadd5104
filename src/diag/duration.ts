// Parses Go `time.Duration` strings ("850µs", "1m2.5s", "-1.5h") into milliseconds.
// A hand-written scanner rather than a regex, so hostile input stays linear.

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3, // U+00B5 micro sign, what Go prints
  μs: 1e-3, // U+03BC Greek mu, which Go also accepts
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// Longest Go duration string is ~25 chars; anything much longer is not one.
const MAX_LENGTH = 64;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Milliseconds, or null when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | null {
  const s = text.trim();
  if (s.length === 0 || s.length > MAX_LENGTH) return null;
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (i >= s.length) return null;
  // Go accepts a bare zero without a unit.
  if (s.slice(i) === '0') return 0;

  let total = 0;
  while (i < s.length) {
    const numStart = i;
    while (i < s.length && isDigit(s[i])) i++;
    const intDigits = i - numStart;
    let fracDigits = 0;
    if (s[i] === '.') {
      i++;
      const fracStart = i;
      while (i < s.length && isDigit(s[i])) i++;
      fracDigits = i - fracStart;
    }
    if (intDigits === 0 && fracDigits === 0) return null;
    const value = Number(s.slice(numStart, i));
    const unitStart = i;
    while (i < s.length && !isDigit(s[i]) && s[i] !== '.') i++;
    const factor = UNIT_MS[s.slice(unitStart, i)];
    if (factor === undefined || !Number.isFinite(value)) return null;
    total += value * factor;
  }
  // Round away float noise from unit factors like 1e-3 without losing microseconds.
  const ms = Math.round(total * 1e6) / 1e6;
  return ms === 0 ? 0 : sign * ms;
}
