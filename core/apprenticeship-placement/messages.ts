// The ApprenticeshipPlacement messages: the parties' steps (Workflow Updates, so the caller gets the result
// or a precise refusal at once), the refusals, and the live status (a Query, and the answer of
// launchRecorded). Zod-free and workflow-safe: the API, the workflow and the tests share it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { ApprenticeshipPlacementInput, CarriedOver, PlacementOrigin, PlacementPolicy, PlacementStatus } from './input';
import type { DayLog, Insurance, RuleId, RuleViolation } from './rule-facts';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps

/** A week's log (POST /v1/placements/:id/check-ins, after its schema's defaults). */
export interface CheckInRequest {
  /** 1-based; default: the current period. */
  week?: number;
  days: DayLog[];
  tasks: string;
  reflections: string;
}

export const incidentSeverities = ['low', 'medium', 'high', 'critical'] as const;
/** POST /v1/placements/:id/incidents */
export interface IncidentRequest {
  severity: (typeof incidentSeverities)[number];
  description: string;
}

export const evaluationKinds = ['mid_term', 'final'] as const;
export type EvaluationKind = (typeof evaluationKinds)[number];
export type Evaluator = 'school_mentor' | 'enterprise_mentor';
/** POST /v1/placements/:id/evaluations */
export interface EvaluationRequest {
  kind: EvaluationKind;
  score: number;
  comments: string;
}

export interface AcceptStep {
  actor: Actor;
}
export const acceptUpdate = defineUpdate<PlacementStepResult, [AcceptStep]>('accept');

export interface DeclineStep {
  actor: Actor;
  reason: string;
}
export const declineUpdate = defineUpdate<PlacementStepResult, [DeclineStep]>('decline');

export interface InsuranceStep {
  actor: Actor;
  insurance: Insurance;
}
export const insuranceUpdate = defineUpdate<PlacementStepResult, [InsuranceStep]>('insurance');

export interface CheckInStep extends CheckInRequest {
  actor: Actor;
}
export const checkInUpdate = defineUpdate<PlacementStepResult, [CheckInStep]>('checkIn');

export interface IncidentStep extends IncidentRequest {
  actor: Actor;
}
export const incidentUpdate = defineUpdate<PlacementStepResult, [IncidentStep]>('incident');

export interface ResolveIncidentStep {
  actor: Actor;
  number: number;
  resolution: string;
}
export const resolveIncidentUpdate = defineUpdate<PlacementStepResult, [ResolveIncidentStep]>('resolveIncident');

export interface EvaluationStep extends EvaluationRequest {
  actor: Actor;
}
export const evaluationUpdate = defineUpdate<PlacementStepResult, [EvaluationStep]>('evaluate');

export interface TerminateStep {
  actor: Actor;
  reason: string;
}
export const terminateUpdate = defineUpdate<PlacementStepResult, [TerminateStep]>('terminate');

export interface TransferStep {
  actor: Actor;
  reason: string;
  /** The continuation placement, as the API built it (new position, same student). */
  continuation: ApprenticeshipPlacementInput;
}
export const transferUpdate = defineUpdate<PlacementStepResult, [TransferStep]>('transfer');

export type PlacementStepName = 'accept' | 'decline' | 'insurance' | 'check_in' | 'incident' | 'resolve_incident' | 'evaluate' | 'terminate' | 'transfer';

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
