/** Latency summary in milliseconds, nearest-rank percentiles. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

export function summarize(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
  const rank = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: n, p50Ms: round(rank(50)), p95Ms: round(rank(95)), p99Ms: round(rank(99)), maxMs: round(sorted[n - 1]), meanMs: round(sum / n) };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Monotonic milliseconds (the same clock as process.hrtime in every process on this machine). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0;
}
