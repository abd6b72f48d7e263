// Exponential backoff with jitter for webhook retries. Pure (workflow-safe): the workflow passes its
// own deterministic Math.random(), so a replay computes the same waits.

export interface Backoff {
  initialMs: number;
  maximumMs: number;
}

/**
 * The wait after failed attempt `attempt` (1-based): the exponential step min(max, initial * 2^(n-1)),
 * with "equal jitter" (uniform in its upper half) so that many deliveries failing together spread
 * out without any wait collapsing to nothing.
 */
export function backoffMs(attempt: number, backoff: Backoff, random: number): number {
  const step = Math.min(backoff.maximumMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(step / 2 + (random * step) / 2));
}
