// Small statistics and load helpers for the benchmark reports.
export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN;
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  n: number;
}

export function latencySummary(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean,
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
  };
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/**
 * Runs `task(i)` for i in [0, count) with at most `concurrency` in flight (closed loop: each lane starts
 * its next task when the previous one finished). Stops taking new tasks at `deadline` (epoch ms); the
 * result says how many ran. The first error stops every lane and is thrown.
 */
export async function runConcurrently(
  count: number,
  concurrency: number,
  task: (i: number, lane: number) => Promise<void>,
  deadline = Infinity,
): Promise<{ completed: number; timedOut: boolean }> {
  let next = 0;
  let completed = 0;
  let failed: unknown;
  let timedOut = false;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async (_, lane) => {
    while (next < count && failed === undefined) {
      if (Date.now() > deadline) {
        timedOut = true;
        return;
      }
      const i = next++;
      try {
        await task(i, lane);
        completed++;
      } catch (error) {
        failed ??= error;
      }
    }
  });
  await Promise.all(lanes);
  if (failed !== undefined) throw failed;
  return { completed, timedOut };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A fixed-width number for tables: 3 significant digits, no exponent. */
export function fmt(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The promise, or an error after `ms`: a stuck workflow fails the benchmark instead of hanging it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
