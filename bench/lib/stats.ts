/** Small statistics helpers for the benchmark (pure; tested in test/bench). */

/** The q-quantile (0..1) by the nearest-rank method; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Per key, the median of the runs' values (CPU shares of each process). */
export const medianOf = (o: Record<string, number[]>): Record<string, number> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, median(v)]));

/** The median p50 and p99 over runs. */
export const medianLatency = (xs: ReadonlyArray<{ p50: number; p99: number }>) => ({
  p50: median(xs.map((x) => x.p50)),
  p99: median(xs.map((x) => x.p99)),
});

/** Median of repeated runs with their spread (min, max). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function summarize(runs: readonly number[]): Summary {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The critical path of a set of vendor calls as the vendor saw them: the heaviest chain of calls where each starts
 * after the previous ended (i.e. could depend on it), weighted by duration. Overlapping calls ran in parallel, so
 * only the longest of them counts; gaps between calls (the caller's own work) are not counted.
 */
export function criticalPath(spans: readonly Span[]): number {
  return criticalChain(spans).ms;
}

/** The critical path and the calls on it, in order. */
export function criticalChain<T extends Span>(spans: readonly T[]): { ms: number; chain: T[] } {
  const s = [...spans].sort((a, b) => a.end - b.end);
  const best: number[] = [];
  const prev: number[] = [];
  let top = -1;
  for (let i = 0; i < s.length; i++) {
    best[i] = s[i]!.end - s[i]!.start;
    prev[i] = -1;
    for (let j = 0; j < i; j++) {
      if (s[j]!.end <= s[i]!.start && best[j]! + (s[i]!.end - s[i]!.start) > best[i]!) {
        best[i] = best[j]! + (s[i]!.end - s[i]!.start);
        prev[i] = j;
      }
    }
    if (top < 0 || best[i]! > best[top]!) top = i;
  }
  const chain: T[] = [];
  for (let i = top; i >= 0; i = prev[i]!) chain.unshift(s[i]!);
  return { ms: top < 0 ? 0 : best[top]!, chain };
}

export const round = (v: number, digits = 2): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
