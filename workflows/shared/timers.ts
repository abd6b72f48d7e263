// The processes keep their deadlines as ISO instants in their state; a wait takes milliseconds.

/** Milliseconds from the workflow's now until `at`, at least 1: a deadline already due fires at once rather than meaning "no timeout". */
export function untilMs(at: string): number {
  return Math.max(1, new Date(at).getTime() - Date.now());
}
