// The zod schema of an ISO 8601 duration in a request, a policy or the configuration; the arithmetic and
// the checks it applies are core/iso-duration.ts.
import { z } from 'zod';
import { isIsoDuration, isWithinLongestDuration, LONGEST_DURATION } from '../core/iso-duration';

/** A non-negative ISO 8601 duration such as "P5D", "PT12H" or "PT1.5S", at most P1000Y. */
export const isoDuration = z
  .string()
  .max(64)
  .refine(isIsoDuration, { message: 'must be an ISO 8601 duration such as P5D or PT2H' })
  .refine(isWithinLongestDuration, { message: `must be at most ${LONGEST_DURATION}` });
