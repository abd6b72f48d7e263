// The one bounded date-time schema (schemas/date-time.ts), the calendar dates and the durations:
// values PostgreSQL or a JavaScript date cannot hold are refused before anything stores them.
import { launchAgreementRequest, signingPolicy } from '../../workflows/agreement-signing/contract';
import { calendarDate } from '../../workflows/apprenticeship-placement/contract';
import { boundedDateTime } from '../../schemas/date-time';
import { isoDuration } from '../../schemas/iso-duration';

test.each([
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-00:01', // year 10000 in UTC
  '9999-12-31T20:00:00-23:59',
  '0000-01-01T00:00:00+23:59',
  '2026-13-01T00:00:00Z',
  '2026-01-01T00:00:00+99:00',
])('refused: %s', (value) => {
  expect(boundedDateTime.safeParse(value).success).toBe(false);
});

test.each(['1970-01-01T00:00:00Z', '2026-12-05T12:00:00+08:00', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59+01:00'])('accepted: %s', (value) => {
  expect(boundedDateTime.safeParse(value).success).toBe(true);
});

test('an agreement policy refuses effectiveUntil in year 0000 (it was accepted, then never stored)', () => {
  expect(signingPolicy.safeParse({ deadline: 'P5D', effectiveUntil: '0000-01-01T00:00:00Z' }).success).toBe(false);
  expect(signingPolicy.safeParse({ deadline: 'P5D', effectiveUntil: '2030-01-01T00:00:00Z' }).success).toBe(true);
  expect(launchAgreementRequest.shape.policy).toBe(signingPolicy);
});

test.each([
  ['0100-01-01', false],
  ['1899-12-31', false],
  ['1900-01-01', true],
  ['2026-02-29', false],
  ['2028-02-29', true],
  ['9999-12-31', true],
])('calendar date %s accepted: %s', (value, accepted) => {
  expect(calendarDate.safeParse(value).success).toBe(accepted);
});

test.each([
  ['P1000Y', true],
  ['P5D', true],
  ['PT2S', true],
  ['P1001Y', false],
  ['P99999999999Y', false],
  ['PT99999999999999H', false],
  ['P12001M', false],
])('duration %s accepted: %s', (value, accepted) => {
  expect(isoDuration.safeParse(value).success).toBe(accepted);
});
