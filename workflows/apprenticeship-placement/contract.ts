// The ApprenticeshipPlacement contract, defined once: the API, the worker and the tests import it from
// here. Workflow-safe (zod, @temporalio/workflow's message definitions and pure modules only).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { reminderPolicy } from '../agreement-signing/contract';
import { calendarDateInRange, EARLIEST_DATE, LATEST_DATE } from '../shared/date-time';
import { isoDuration } from '../../schemas/iso-duration';
import { placementPolicyDefaults } from '../../core/placement-defaults';
import { type Insurance, isCalendarDate, type PlacementRulesPolicy, type PositionFacts, type RuleId, type RuleViolation } from './rules';

export const APPRENTICESHIP_PLACEMENT_WORKFLOW = 'apprenticeshipPlacement';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function placementWorkflowId(placementId: string): string {
  return `placement-${placementId}`;
}

// ---------------------------------------------------------------------------------------------------
// States. Guarded like the UK apprenticeship service's commitments: every transition is listed in
// state.ts `transitions`, and a step outside its states is refused.

export const placementStatuses = [
  /** An offer is out; the student accepts or declines before the deadline. */
  'offered',
  'declined',
  'offer_expired',
  /** The tripartite agreement (a child AgreementSigning) is being signed. */
  'agreement_pending',
  /** The agreement was declined, voided or expired: no placement. */
  'agreement_failed',
  /** Signed; waiting for the first day and the start gate (insurance; a minor's guardian signature). */
  'awaiting_start',
  /** Weekly check-ins, incidents, mid-term evaluations. */
  'active',
  /** The last week is over: waiting for the mentors' evaluations. */
  'final_evaluation',
  'completed',
  /** Ended early by the school or the enterprise. */
  'terminated',
  /** Stopped here and continued at another position (a linked continuation placement). */
  'transferred',
] as const;
export const placementStatus = z.enum(placementStatuses);
export type PlacementStatus = (typeof placementStatuses)[number];

export const closedStatuses: readonly PlacementStatus[] = ['declined', 'offer_expired', 'agreement_failed', 'completed', 'terminated', 'transferred'];
/** Statuses that hold a seat at the position (count against capacity and the staff shares). */
export const seatHoldingStatuses: readonly PlacementStatus[] = ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation'];

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
  .strict();
export type PlacementPolicy = z.infer<typeof placementPolicy>;

/** What a request may override (tests shorten the durations; a coordinator may set the credits). */
export const placementPolicyOverrides = placementPolicy.partial().strict();
export type PlacementPolicyOverrides = z.infer<typeof placementPolicyOverrides>;

export const defaultPlacementPolicy: PlacementPolicy = placementPolicyDefaults;

// ---------------------------------------------------------------------------------------------------
// The workflow's input, as the API builds it (it resolved the people and the position).

export interface PersonRef {
  userId: string;
  name: string;
}

export interface OrganizationRef {
  organizationId: string;
  name: string;
}

export interface PlacementStudent extends PersonRef {
  /** YYYY-MM-DD */
  birthDate: string;
  yearOfStudy: number;
  majorCode: string;
}

export interface PlacementPosition {
  positionId: string;
  title: string;
  location: string;
  /** The alliance the position was published in, if any (the tripartite agreement is filed there). */
  allianceId: string | null;
  facts: PositionFacts;
}

export type PlacementOrigin =
  | { kind: 'direct_offer' }
  | { kind: 'matching_round'; roundId: string }
  | { kind: 'transfer'; previousPlacementId: string; reason: string };

/** What a continuation carries over from the placement it continues. */
export interface CarriedOver {
  weeksCompleted: number;
  checkInsSubmitted: number;
  creditsEarnedElsewhere: number;
}

export interface ApprenticeshipPlacementInput {
  placementId: string;
  cohort: string;
  applicationId: string | null;
  origin: PlacementOrigin;
  /** Who made the offer (or requested the transfer). */
  offeredBy: string;
  student: PlacementStudent;
  /** A minor's guardian: a party to the tripartite agreement. */
  guardian: PersonRef | null;
  school: OrganizationRef;
  schoolMentor: PersonRef;
  enterprise: OrganizationRef;
  enterpriseMentor: PersonRef;
  position: PlacementPosition;
  /** The tripartite agreement's id (a UUID; its workflow is `agreement-<id>`). */
  agreementId: string;
  /** Insurance known at the offer; else provided later. */
  insurance: Insurance | null;
  rules: PlacementRulesPolicy;
  policy: PlacementPolicy;
  carriedOver: CarriedOver | null;
  /** The state carried through continue-as-new (absent on the first run). */
  carried?: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Steps: every step is a Workflow Update, so the caller gets the result or a precise refusal at once.

/** Who asks, as the API authenticated them. The workflow decides what they may do. */
export interface Actor {
  userId: string;
  organizationId: string | null;
  roles: string[];
}

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
  .strict();
export type CheckInRequest = z.infer<typeof checkInRequest>;

export const incidentSeverities = ['low', 'medium', 'high', 'critical'] as const;
/** POST /v1/placements/:id/incidents */
export const incidentRequest = z.object({ severity: z.enum(incidentSeverities), description: text(5000) }).strict();
export type IncidentRequest = z.infer<typeof incidentRequest>;

export const resolveIncidentRequest = z.object({ resolution: text(5000) }).strict();

export const evaluationKinds = ['mid_term', 'final'] as const;
export type EvaluationKind = (typeof evaluationKinds)[number];
export type Evaluator = 'school_mentor' | 'enterprise_mentor';
/** POST /v1/placements/:id/evaluations */
export const evaluationRequest = z
  .object({ kind: z.enum(evaluationKinds), score: z.number().int().min(0).max(100), comments: text(5000) })
  .strict();
export type EvaluationRequest = z.infer<typeof evaluationRequest>;

export const insuranceRequest = z
  .object({ policyNumber: text(100), insurer: text(200).optional(), coverageStart: calendarDate.optional(), coverageEnd: calendarDate.optional() })
  .strict()
  .refine((i) => !i.coverageStart || !i.coverageEnd || i.coverageStart <= i.coverageEnd, { message: 'coverageStart after coverageEnd', path: ['coverageEnd'] });

export const reasonRequest = z.object({ reason: text(2000) }).strict();

export interface AcceptStep {
  actor: Actor;
}
export interface DeclineStep {
  actor: Actor;
  reason: string;
}
export interface InsuranceStep {
  actor: Actor;
  insurance: Insurance;
}
export interface CheckInStep extends CheckInRequest {
  actor: Actor;
}
export interface IncidentStep extends IncidentRequest {
  actor: Actor;
}
export interface ResolveIncidentStep {
  actor: Actor;
  number: number;
  resolution: string;
}
export interface EvaluationStep extends EvaluationRequest {
  actor: Actor;
}
export interface TerminateStep {
  actor: Actor;
  reason: string;
}
export interface TransferStep {
  actor: Actor;
  reason: string;
  /** The continuation placement, as the API built it (new position, same student). */
  continuation: ApprenticeshipPlacementInput;
}

export type PlacementStepName =
  | 'accept'
  | 'decline'
  | 'insurance'
  | 'check_in'
  | 'incident'
  | 'resolve_incident'
  | 'evaluate'
  | 'terminate'
  | 'transfer';

export interface PlacementStepResult {
  placementId: string;
  step: PlacementStepName;
  status: PlacementStatus;
  /** True when the step had been done before: repeating it changed nothing. */
  alreadyDone: boolean;
  /** The week a check-in was recorded for, an incident's number, ... */
  reference: number | null;
  /** Rules the step found broken (a check-in's hours, ...). */
  violations: RuleViolation[];
  /** A transfer's continuation placement. */
  continuationPlacementId: string | null;
}

export const acceptUpdate = defineUpdate<PlacementStepResult, [AcceptStep]>('accept');
export const declineUpdate = defineUpdate<PlacementStepResult, [DeclineStep]>('decline');
export const insuranceUpdate = defineUpdate<PlacementStepResult, [InsuranceStep]>('insurance');
export const checkInUpdate = defineUpdate<PlacementStepResult, [CheckInStep]>('checkIn');
export const incidentUpdate = defineUpdate<PlacementStepResult, [IncidentStep]>('incident');
export const resolveIncidentUpdate = defineUpdate<PlacementStepResult, [ResolveIncidentStep]>('resolveIncident');
export const evaluationUpdate = defineUpdate<PlacementStepResult, [EvaluationStep]>('evaluate');
export const terminateUpdate = defineUpdate<PlacementStepResult, [TerminateStep]>('terminate');
export const transferUpdate = defineUpdate<PlacementStepResult, [TransferStep]>('transfer');

/** Why a step was refused: the ApplicationFailure `type` an update validator throws. */
export const placementRefusals = {
  /** The caller may not take this step on this placement. */
  notAuthorized: 'NotAuthorized',
  /** Not in this state (e.g. a check-in before the start): the guarded transitions. */
  invalidState: 'InvalidState',
  /** The step itself is wrong (a week not yet begun, an unknown incident...). */
  invalidStep: 'InvalidStep',
  /** A placement rule forbids it (a minor without a guardian...). */
  ruleViolation: 'RuleViolation',
  /** Done before; the failure's first detail is the step's result. */
  alreadyDone: 'AlreadyDone',
} as const;

// ---------------------------------------------------------------------------------------------------
// Live status

export interface CheckInView {
  week: number;
  submittedAt: string;
  hours: number;
  late: boolean;
  violations: RuleId[];
}

export interface IncidentView {
  number: number;
  severity: (typeof incidentSeverities)[number];
  description: string;
  reportedBy: string;
  reportedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export interface ViolationView {
  key: string;
  ruleId: RuleId;
  /** Where it was found: "start", "check_in/3"... */
  source: string;
  message: RuleViolation['message'];
  details: RuleViolation['details'];
  at: string;
}

export interface EvaluationView {
  kind: EvaluationKind;
  evaluator: Evaluator;
  by: string;
  score: number;
  comments: string;
  at: string;
}

export interface PlacementStatusView {
  placementId: string;
  status: PlacementStatus;
  cohort: string;
  origin: PlacementOrigin;
  studentUserId: string;
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  positionId: string;
  positionTitle: string;
  schoolMentorUserId: string;
  enterpriseMentorUserId: string;
  guardianUserId: string | null;
  offer: { offeredAt: string; deadlineAt: string; answeredAt: string | null; answer: 'accepted' | 'declined' | 'expired' | null; reason: string | null };
  agreement: { agreementId: string; workflowId: string; status: string | null; guardianSigned: boolean; effectiveAt: string | null };
  insurance: Insurance | null;
  /** Why the placement has not started yet (awaiting_start). */
  startBlockers: ViolationView[];
  startedAt: string | null;
  weeks: number;
  /** Periods that are over (0 before the first ends). */
  weeksElapsed: number;
  /** The period a check-in is for now (1-based), null outside the active state. */
  currentWeek: number | null;
  nextCheckInDueAt: string | null;
  checkIns: CheckInView[];
  missedWeeks: number[];
  missedInARow: number;
  escalations: number;
  incidents: IncidentView[];
  violations: ViolationView[];
  evaluations: EvaluationView[];
  outcome:
    | { kind: 'completed'; at: string; passed: boolean; credits: number; averageFinalScore: number }
    | { kind: 'terminated'; at: string; by: string; reason: string }
    | { kind: 'transferred'; at: string; by: string; reason: string; continuationPlacementId: string }
    | { kind: 'declined' | 'offer_expired' | 'agreement_failed'; at: string; by: string; reason: string | null }
    | null;
  carriedOver: CarriedOver | null;
  /** The policy the placement runs under (a transfer's continuation inherits it). */
  policy: PlacementPolicy;
  /** How many times this placement's workflow continued as new (history kept bounded). */
  runs: number;
  revision: number;
}

export const placementStatusQuery = defineQuery<PlacementStatusView>('status');

/**
 * Sent with the start (executeUpdateWithStart): answers once the workflow has recorded the launch (the
 * offer, or a continuation's creation: its audit entry and the placement's row), with the status as it
 * stands then, so that a read right after the start finds the placement.
 */
export const launchRecordedUpdate = defineUpdate<PlacementStatusView, []>('launchRecorded');
