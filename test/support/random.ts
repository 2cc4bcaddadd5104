// A seeded source of random test data, for property-style tests that must replay the same inputs.

/** mulberry32: small, fast, and the same sequence on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Text of 0 to 9,000 characters (mostly short), with controls, markup and astral characters. */
  text(): string;
}

export function randomSource(seed: number): Random {
  const next = prng(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pieces = ['a', 'Z', ' ', '<b>', '\u001b[31m', '\r', '\n', '😀', 'é', '\u0000', '"', '…'];
  return {
    int,
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
    text: () => {
      const length = next() < 0.7 ? int(40) : int(9000);
      let out = '';
      while (out.length < length) out += pieces[int(pieces.length)];
      return out;
    },
  };
}
