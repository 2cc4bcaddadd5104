// Small statistics for round-trip samples.

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function roundMs(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 100) / 100;
}
