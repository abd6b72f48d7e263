// The one date-time and calendar-date schema every request uses (bodies, query filters, cursors).
//
// A value the API accepts must fit the database and the domain. PostgreSQL's timestamptz has no year 0
// and JavaScript dates carry years PostgreSQL rejects (an `effectiveUntil` of year 0000 was accepted,
// then its write failed with SQLSTATE 22008 on every retry and the certificate never appeared; a cursor
// of year 0000 made every paged list a 500). So an instant must lie in 1970..9999 UTC, whatever its
// offset (`9999-12-31T23:59:59-05:00` is year 10000 in UTC), and a calendar date in 1900..9999 (birth
// dates reach back before 1970). Workflow-safe: zod and pure code only.
import { z } from 'zod';

export const EARLIEST_INSTANT = '1970-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
const earliest = Date.parse(EARLIEST_INSTANT);
const latest = Date.parse(LATEST_INSTANT);

export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '9999-12-31';

/** Is `text` (an ISO 8601 date-time) an instant from 1970 to the end of 9999 UTC? */
export function instantInRange(text: string): boolean {
  const at = Date.parse(text);
  return Number.isFinite(at) && at >= earliest && at <= latest;
}

const rangeMessage = `must be an instant from ${EARLIEST_INSTANT} to ${LATEST_INSTANT}`;

/** An ISO 8601 date-time with `Z` or an offset, bounded to instants PostgreSQL and the domain accept. */
export const boundedDateTime = z.iso.datetime({ offset: true }).refine(instantInRange, { message: rangeMessage });

/** Is `text` (YYYY-MM-DD) a calendar date from 1900 to 9999? */
export function calendarDateInRange(text: string): boolean {
  return text >= EARLIEST_DATE && text <= LATEST_DATE;
}
