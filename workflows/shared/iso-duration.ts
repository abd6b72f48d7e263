// Policies carry ISO 8601 durations (P5D in production, PT1S in tests). Workflow-safe: pure code, and
// calendar arithmetic in UTC from a given instant, so "P1M" from 31 January lands where a person expects.
import { parse, type Duration } from 'tinyduration';
import { z } from 'zod';

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

function isValid(text: string): boolean {
  try {
    parseIsoDuration(text);
    return true;
  } catch {
    return false;
  }
}

// A duration is added to "now" to make deadlines and validity ends that are stored: one beyond a few
// centuries would land past year 9999 (what the database and workflows/shared/date-time.ts accept) or
// past what a JavaScript date can hold at all ("P99999999999Y" made an invalid date inside a workflow).
const LONGEST_DURATION = 'P1000Y';
const durationOrigin = new Date(Date.UTC(2000, 0, 1));
const longestMs = Date.UTC(3000, 0, 1) - durationOrigin.getTime();

function withinLongest(text: string): boolean {
  if (!isValid(text)) return true; // refused by the first refinement, with its own message
  const ms = isoDurationMs(text, durationOrigin);
  return Number.isFinite(ms) && ms <= longestMs;
}

/** The shape of a duration (the refinements add the range): PnYnMnWnDTnHnMnS, at least one part. */
const ISO_DURATION_PATTERN = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

/** A zod schema for a non-negative ISO 8601 duration such as "P5D", "PT12H" or "PT1.5S", at most P1000Y. */
export const isoDuration = z
  .string()
  .max(64)
  .refine(isValid, { message: 'must be an ISO 8601 duration such as P5D or PT2H' })
  .refine(withinLongest, { message: `must be at most ${LONGEST_DURATION}` })
  // What the OpenAPI document says of every duration field (a field's own description replaces this one).
  .meta({
    description: 'An ISO 8601 duration, e.g. P5D (five days) or PT12H; only the seconds may have a fraction; at most P1000Y.',
    format: 'duration',
    pattern: ISO_DURATION_PATTERN,
    examples: ['P5D'],
  });

/** The instant `duration` after `from`. */
export function addIsoDuration(from: Date, text: string): Date {
  const d = parseIsoDuration(text);
  const result = new Date(from.getTime());
  if (d.years) result.setUTCFullYear(result.getUTCFullYear() + d.years);
  if (d.months) result.setUTCMonth(result.getUTCMonth() + d.months);
  const days = (d.weeks ?? 0) * 7 + (d.days ?? 0);
  if (days) result.setUTCDate(result.getUTCDate() + days);
  const ms = ((d.hours ?? 0) * 3600 + (d.minutes ?? 0) * 60 + (d.seconds ?? 0)) * 1000;
  return new Date(result.getTime() + Math.round(ms));
}

/** Milliseconds from `from` until `duration` after it (months and years depend on the start). */
export function isoDurationMs(text: string, from: Date): number {
  return addIsoDuration(from, text).getTime() - from.getTime();
}
