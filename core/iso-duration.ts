// ISO 8601 durations (P5D in production, PT1S in tests), the one module for them: parsing, checking and
// calendar arithmetic in UTC from a given instant, so "P1M" from 31 January lands where a person
// expects. Workflow-safe and zod-free: the workflows, the activities, the API and the configuration all
// compute with it; the zod schema that validates a duration in a request is schemas/iso-duration.ts.
import { parse, type Duration } from 'tinyduration';

export type { Duration };

/** The parts of a non-negative duration; throws on anything else (and on a fraction of a calendar unit). */
export function parseIsoDuration(text: string): Duration {
  const duration = parse(text);
  if (duration.negative) throw new Error(`negative durations are not allowed: ${text}`);
  const { seconds: _seconds, negative: _negative, ...wholeUnits } = duration;
  // Calendar units cannot be split exactly (half a month?), so only seconds may carry a fraction.
  if (Object.values(wholeUnits).some((value) => value !== undefined && !Number.isInteger(value))) {
    throw new Error(`only the seconds of a duration may have a fraction: ${text}`);
  }
  return duration;
}

/** Is `text` a non-negative ISO 8601 duration this module computes with? */
export function isIsoDuration(text: string): boolean {
  try {
    parseIsoDuration(text);
    return true;
  } catch {
    return false;
  }
}

// A duration is added to "now" to make deadlines and validity ends that are stored: one beyond a few
// centuries would land past year 9999 (what the database and schemas/date-time.ts accept) or past what a
// JavaScript date can hold at all ("P99999999999Y" made an invalid date inside a workflow).
export const LONGEST_DURATION = 'P1000Y';
const durationOrigin = new Date(Date.UTC(2000, 0, 1));
const longestMs = Date.UTC(3000, 0, 1) - durationOrigin.getTime();

/** Is a valid duration at most LONGEST_DURATION? (An invalid one answers true: that is isIsoDuration's to refuse.) */
export function isWithinLongestDuration(text: string): boolean {
  if (!isIsoDuration(text)) return true;
  const ms = isoDurationMs(text, durationOrigin);
  return Number.isFinite(ms) && ms <= longestMs;
}

/** The instant `duration` after `from`. */
export function addIsoDuration(from: Date, duration: string): Date {
  return shift(from, parseIsoDuration(duration), 1);
}

/** The instant `duration` before `at` (calendar units counted backwards in UTC). */
export function subtractIsoDuration(at: Date, duration: string): Date {
  return shift(at, parseIsoDuration(duration), -1);
}

/** Milliseconds from `from` until `duration` after it (months and years depend on the start). */
export function isoDurationMs(duration: string, from: Date): number {
  return addIsoDuration(from, duration).getTime() - from.getTime();
}

function shift(at: Date, d: Duration, sign: 1 | -1): Date {
  const result = new Date(at.getTime());
  if (d.years) result.setUTCFullYear(result.getUTCFullYear() + sign * d.years);
  if (d.months) result.setUTCMonth(result.getUTCMonth() + sign * d.months);
  const days = (d.weeks ?? 0) * 7 + (d.days ?? 0);
  if (days) result.setUTCDate(result.getUTCDate() + sign * days);
  const ms = ((d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0)) * 1000;
  return new Date(result.getTime() + sign * Math.round(ms));
}
