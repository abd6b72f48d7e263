// What the placement rules speak of: their ids and violations, and the facts they look at (a student, a
// position, insurance, a week's log). Zod-free, workflow-safe: the rules (workflows/apprenticeship-
// placement/rules.ts), the workflow's messages, the records and the API share these shapes.

export const ruleIds = [
  'student.year_of_study',
  'student.minimum_age',
  'student.guardian_for_minor',
  'capacity.enterprise_share',
  'capacity.position_share',
  'hours.no_night_shift',
  'hours.daily_limit',
  'hours.weekly_limit',
  'hours.no_statutory_holiday',
  'insurance.liability_before_start',
  'stipend.minimum_share',
  'duration.maximum',
  'field.major_group',
] as const;
export type RuleId = (typeof ruleIds)[number];

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** A rule that does not hold, with what the check saw (plain JSON, for the record and the templates). */
export interface RuleViolation {
  ruleId: RuleId;
  message: LocalizedText;
  details: Record<string, string | number | boolean | null>;
}

export interface StudentFacts {
  /** YYYY-MM-DD */
  birthDate: string;
  /** 1 = first year. */
  yearOfStudy: number;
  /** The 2021 catalogue's major code (专业代码), e.g. "460104"; its first two digits are the major group. */
  majorCode: string;
}

export interface PositionFacts {
  /** Major groups (专业大类, two digits) the position is for. */
  majorGroups: string[];
  /** YYYY-MM-DD, the first and the last day. */
  startDate: string;
  endDate: string;
  dailyHours: number;
  weeklyHours: number;
  nightWork: boolean;
  /** Monthly, in fen (integers: no rounding in money). */
  stipendMonthly: number;
  regularMonthlyWage: number;
  /** Regular staff on this position, and in the whole enterprise. */
  positionStaff: number;
  enterpriseStaff: number;
}

/**
 * A student's guardian as the rules see it: none named; the student named themself (`self`); someone the
 * school has not linked to the student, or whose link the guardian has not confirmed (`unlinked`); a
 * confirmed guardian (`named`); who has also signed the tripartite agreement (`signed`).
 */
export type GuardianStatus = 'none' | 'self' | 'unlinked' | 'named' | 'signed';

export interface Insurance {
  policyNumber: string;
  insurer?: string;
  /** YYYY-MM-DD, inclusive. */
  coverageStart?: string;
  coverageEnd?: string;
}

export interface DayLog {
  /** YYYY-MM-DD */
  date: string;
  hours: number;
  /** Hours worked inside the night window, when the log gives them. */
  nightHours?: number;
  /** The shift, when the log gives it (HH:MM; an end before the start runs past midnight). */
  shift?: { start: string; end: string };
}

export interface WeeklyLogFacts {
  week: number;
  days: DayLog[];
}
