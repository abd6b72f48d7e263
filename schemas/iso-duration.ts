// The zod schema of an ISO 8601 duration in a request, a policy or the configuration; the arithmetic and
// the checks it applies are core/iso-duration.ts.
import { z } from 'zod';
import { isIsoDuration, isWithinLongestDuration, LONGEST_DURATION } from '../core/iso-duration';

/** The shape of a duration (the refinements add the range): PnYnMnWnDTnHnMnS, at least one part. */
const ISO_DURATION_PATTERN = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

/** A non-negative ISO 8601 duration such as "P5D", "PT12H" or "PT1.5S", at most P1000Y. */
export const isoDuration = z
  .string()
  .max(64)
  .refine(isIsoDuration, { message: 'must be an ISO 8601 duration such as P5D or PT2H' })
  .refine(isWithinLongestDuration, { message: `must be at most ${LONGEST_DURATION}` })
  // What the OpenAPI document says of every duration field (a field's own description replaces this one).
  .meta({
    description: 'An ISO 8601 duration, e.g. P5D (five days) or PT12H; only the seconds may have a fraction; at most P1000Y.',
    format: 'duration',
    pattern: ISO_DURATION_PATTERN,
    examples: ['P5D'],
  });
