// The ApprenticeshipPlacement contract as requests meet it: the zod schemas of a policy and of the
// parties' steps. The shapes the workflow is started and driven with are core/apprenticeship-placement
// (re-exported here, so the API and the tests import one module); the workflow imports core only.
import { z } from 'zod';
import { reminderPolicy } from '../agreement-signing/contract';
import { calendarDateInRange, EARLIEST_DATE, LATEST_DATE } from '../../schemas/date-time';
import { isoDuration } from '../../schemas/iso-duration';
import { placementPolicyDefaults } from '../../core/placement-defaults';
import { placementStatuses, type PlacementPolicy } from '../../core/apprenticeship-placement/input';
import {
  type CheckInRequest,
  evaluationKinds,
  type EvaluationRequest,
  incidentSeverities,
  type IncidentRequest,
} from '../../core/apprenticeship-placement/messages';
import { isCalendarDate } from '../../core/apprenticeship-placement/rules';

export * from '../../core/apprenticeship-placement/input';
export * from '../../core/apprenticeship-placement/messages';

export const placementStatus = z.enum(placementStatuses);

// ---------------------------------------------------------------------------------------------------
// Policy: every duration is ISO 8601 (P7D in production, PT1S in tests).

export const calendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'must be a calendar date YYYY-MM-DD' })
  .refine(calendarDateInRange, { message: `must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}` });

export const placementPolicy = z
  .object({
    /** The student answers the offer within this long. */
    offerDeadline: isoDuration,
    /** The tripartite agreement's signing deadline and reminders. */
    agreementDeadline: isoDuration,
    agreementReminders: reminderPolicy.optional(),
    /** One check-in (weekly log) per period. */
    checkInPeriod: isoDuration,
    /** A log still counts as on time this long after its period ended. */
    checkInGrace: isoDuration,
    /** The number of periods; default: the position's dates in weeks. */
    weeks: z.number().int().min(1).max(104).optional(),
    /** This many missed check-ins in a row escalate to the school mentor. */
    missedCheckInsToEscalate: z.number().int().min(1).max(20),
    /** Mid-term evaluations open once this many periods are over; default: half of them. */
    midTermWeek: z.number().int().min(1).max(104).optional(),
    /** Credits recorded on completion, when the final evaluations pass. */
    credits: z.number().min(0).max(60),
    /** The average final score that passes. */
    passingScore: z.number().int().min(0).max(100),
    /** Continue-as-new after this many periods in one run (the history stays bounded); Temporal's own suggestion always counts too. */
    continueAsNewEveryWeeks: z.number().int().min(1).max(104),
  })
  .strict() satisfies z.ZodType<PlacementPolicy>;

/** What a request may override (tests shorten the durations; a coordinator may set the credits). */
export const placementPolicyOverrides = placementPolicy.partial().strict();
export type PlacementPolicyOverrides = z.infer<typeof placementPolicyOverrides>;

export const defaultPlacementPolicy: PlacementPolicy = placementPolicyDefaults;

const text = (max: number) => z.string().trim().min(1).max(max);

export const dayLog = z
  .object({
    date: calendarDate,
    hours: z.number().min(0).max(24),
    nightHours: z.number().min(0).max(24).optional(),
    shift: z
      .object({ start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) })
      .strict()
      .optional(),
  })
  .strict();

/** POST /v1/placements/:id/check-ins */
export const checkInRequest = z
  .object({
    /** 1-based; default: the current period. */
    week: z.number().int().min(1).max(104).optional(),
    days: z
      .array(dayLog)
      .min(1)
      .max(7)
      .refine((days) => new Set(days.map((d) => d.date)).size === days.length, { message: 'one entry per date' }),
    tasks: text(5000),
    reflections: z.string().trim().max(5000).default(''),
  })
  .strict() satisfies z.ZodType<CheckInRequest, unknown>;

/** POST /v1/placements/:id/incidents */
export const incidentRequest = z.object({ severity: z.enum(incidentSeverities), description: text(5000) }).strict() satisfies z.ZodType<IncidentRequest>;

export const resolveIncidentRequest = z.object({ resolution: text(5000) }).strict();

/** POST /v1/placements/:id/evaluations */
export const evaluationRequest = z
  .object({ kind: z.enum(evaluationKinds), score: z.number().int().min(0).max(100), comments: text(5000) })
  .strict() satisfies z.ZodType<EvaluationRequest>;

export const insuranceRequest = z
  .object({ policyNumber: text(100), insurer: text(200).optional(), coverageStart: calendarDate.optional(), coverageEnd: calendarDate.optional() })
  .strict()
  .refine((i) => !i.coverageStart || !i.coverageEnd || i.coverageStart <= i.coverageEnd, { message: 'coverageStart after coverageEnd', path: ['coverageEnd'] });

export const reasonRequest = z.object({ reason: text(2000) }).strict();
