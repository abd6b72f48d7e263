// The placement defaults that the configuration (PLACEMENT_* variables) and the workflow share: the
// thresholds of the placement rules and the default placement policy. Plain data, workflow-safe; here
// so that platform/config.ts needs no import from a process. The workflow's contract validates the
// policy with its zod schema (workflows/apprenticeship-placement/contract.ts, placementPolicy).

export interface PlacementRulesPolicy {
  /** No one younger than this (in full years on the first day) is placed. */
  minimumAge: number;
  /** Below this age the tripartite agreement needs a guardian's signature. */
  adultAge: number;
  /** First-year students are not placed: the lowest year of study admitted. */
  minimumYearOfStudy: number;
  /** Interns at most this percentage of the enterprise's staff... */
  enterpriseInternPercent: number;
  /** ...and of one position's staff. */
  positionInternPercent: number;
  maxDailyHours: number;
  maxWeeklyHours: number;
  /** Work in this window (local time, HH:MM, wrapping past midnight) is a night shift. */
  nightWindow: { from: string; to: string };
  /** The stipend at least this percentage of the same position's regular wage. */
  minimumStipendPercent: number;
  /** The longest placement, as an ISO 8601 duration from the first day (typically six months). */
  maximumDuration: string;
  /** Statutory holidays (法定节假日) as YYYY-MM-DD dates: no placement work on them. */
  statutoryHolidays: string[];
}

export const defaultRulesPolicy: PlacementRulesPolicy = {
  minimumAge: 16,
  adultAge: 18,
  minimumYearOfStudy: 2,
  enterpriseInternPercent: 10,
  positionInternPercent: 20,
  maxDailyHours: 8,
  maxWeeklyHours: 40,
  nightWindow: { from: '22:00', to: '06:00' },
  minimumStipendPercent: 80,
  maximumDuration: 'P6M',
  statutoryHolidays: [],
};

/** The default placement policy (ISO 8601 durations), as the contract's `placementPolicy` schema accepts it. */
export const placementPolicyDefaults = {
  offerDeadline: 'P7D',
  agreementDeadline: 'P14D',
  agreementReminders: { firstAfter: 'P2D', every: 'P2D', max: 5 },
  checkInPeriod: 'P7D',
  checkInGrace: 'P2D',
  missedCheckInsToEscalate: 2,
  credits: 20,
  passingScore: 60,
  continueAsNewEveryWeeks: 8,
};
export type PlacementPolicyDefaults = typeof placementPolicyDefaults;
