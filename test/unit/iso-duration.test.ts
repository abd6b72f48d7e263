import { addIsoDuration, isoDurationMs, subtractIsoDuration } from '../../core/iso-duration';
import { isoDuration } from '../../schemas/iso-duration';

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

  test('durations count back in calendar units', () => {
    expect(subtractIsoDuration(new Date('2026-03-31T12:00:00Z'), 'P1M').toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(subtractIsoDuration(new Date('2026-03-02T00:00:00Z'), 'P1DT1H').toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(subtractIsoDuration(new Date('2026-03-02T00:00:00Z'), 'PT1.5S').toISOString()).toBe('2026-03-01T23:59:58.500Z');
    expect(subtractIsoDuration(new Date('2029-03-01T08:00:00Z'), 'P30D').toISOString()).toBe('2029-01-30T08:00:00.000Z');
  });

  test('adding then subtracting a day-based duration comes back to the start', () => {
    for (const from of ['2026-01-31T10:00:00.000Z', '2026-02-28T23:59:59.500Z', '2024-02-29T00:00:00.000Z'].map((d) => new Date(d))) {
      for (const d of ['PT1S', 'PT0.25S', 'P5D', 'P2W', 'PT36H', 'P1DT4H5M6S']) {
        expect(subtractIsoDuration(addIsoDuration(from, d), d).toISOString()).toBe(from.toISOString());
      }
    }
  });
});
