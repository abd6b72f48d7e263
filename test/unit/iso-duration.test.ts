import { addIsoDuration, isoDuration, isoDurationMs } from '../../workflows/shared/iso-duration';

describe('ISO 8601 policy durations', () => {
  const start = new Date('2026-01-31T10:00:00.000Z');

  test.each([
    ['PT1S', 1000],
    ['PT1.5S', 1500],
    ['PT2H30M', 9_000_000],
    ['P5D', 5 * 86_400_000],
    ['P1W', 7 * 86_400_000],
  ])('%s lasts %d ms', (text, ms) => {
    expect(isoDurationMs(text, start)).toBe(ms);
  });

  test('months follow the calendar from the start instant', () => {
    expect(addIsoDuration(new Date('2026-03-15T00:00:00Z'), 'P1M').toISOString()).toBe('2026-04-15T00:00:00.000Z');
    expect(addIsoDuration(new Date('2026-01-01T00:00:00Z'), 'P1Y2M3DT4H').toISOString()).toBe('2027-03-04T04:00:00.000Z');
  });

  test.each(['5 days', 'P', '-P1D', 'P1.5D', 'PT', ''])('%j is refused', (text) => {
    expect(isoDuration.safeParse(text).success).toBe(false);
  });
});
