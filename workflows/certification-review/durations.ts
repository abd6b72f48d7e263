// ISO 8601 duration arithmetic for the workflow, without zod. The same calendar rules as
// workflows/shared/iso-duration.ts (whose module also builds a zod schema, which this workflow keeps out
// of its modules: see ./messages); test/unit/certification-state.test.ts checks that both agree.
import { parse } from 'tinyduration';

type Parts = ReturnType<typeof parse>;

export function parseDuration(text: string): Parts {
  const d = parse(text);
  if (d.negative) throw new Error(`negative durations are not allowed: ${text}`);
  return d;
}

/** The instant `duration` after `at` (calendar units in UTC). */
export function addDuration(at: Date, duration: string): Date {
  return shift(at, parseDuration(duration), 1);
}

/** The instant `duration` before `at` (calendar units counted backwards in UTC). */
export function subtractDuration(at: Date, duration: string): Date {
  return shift(at, parseDuration(duration), -1);
}

function shift(at: Date, d: Parts, sign: 1 | -1): Date {
  const result = new Date(at.getTime());
  if (d.years) result.setUTCFullYear(result.getUTCFullYear() + sign * d.years);
  if (d.months) result.setUTCMonth(result.getUTCMonth() + sign * d.months);
  const days = (d.weeks ?? 0) * 7 + (d.days ?? 0);
  if (days) result.setUTCDate(result.getUTCDate() + sign * days);
  const seconds = (d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0);
  return new Date(result.getTime() + sign * Math.round(seconds * 1000));
}
