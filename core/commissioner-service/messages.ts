// The CommissionerService messages: the parties' steps (Workflow Updates, so the caller gets the result
// or a precise refusal at once), the refusals, and the live status (a Query, and the answer of
// launchRecorded). Zod-free and workflow-safe: the API, the workflow and the tests share it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { CommissionerServicePolicy, CommissionerServiceStatus } from './input';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps (the request bodies after their schemas, plus who asked)

/** POST /v1/commissioner-services/:id/service-logs */
export interface ServiceLogRequest {
  /** 1-based; default: the current period. */
  period?: number;
  hours: number;
  activities: string;
  outcomes: string;
}

/** POST /v1/commissioner-services/:id/milestones */
export interface MilestoneRequest {
  title: string;
  note: string;
}

/** POST /v1/commissioner-services/:id/rating */
export interface RatingRequest {
  score: number;
  comment: string;
}

export interface AcceptStep {
  actor: Actor;
}
export const acceptUpdate = defineUpdate<ServiceStepResult, [AcceptStep]>('accept');

export interface ServiceLogStep extends ServiceLogRequest {
  actor: Actor;
}
export const serviceLogUpdate = defineUpdate<ServiceStepResult, [ServiceLogStep]>('serviceLog');

export interface ConfirmLogStep {
  actor: Actor;
  period: number;
}
export const confirmLogUpdate = defineUpdate<ServiceStepResult, [ConfirmLogStep]>('confirmLog');

export interface MilestoneStep extends MilestoneRequest {
  actor: Actor;
}
export const milestoneUpdate = defineUpdate<ServiceStepResult, [MilestoneStep]>('milestone');

export interface EndStep {
  actor: Actor;
  reason: string;
}
export const endUpdate = defineUpdate<ServiceStepResult, [EndStep]>('end');

export interface RateStep extends RatingRequest {
  actor: Actor;
}
export const rateUpdate = defineUpdate<ServiceStepResult, [RateStep]>('rate');

export type ServiceStepName = 'accept' | 'service_log' | 'confirm_log' | 'milestone' | 'end' | 'rate';

export interface ServiceStepResult {
  serviceId: string;
  step: ServiceStepName;
  status: CommissionerServiceStatus;
  /** True when the step had been done before: repeating it changed nothing. */
  alreadyDone: boolean;
  /** The period a log or a confirmation was for, a milestone's number. */
  reference: number | null;
}

/** Why a step was refused: the ApplicationFailure `type` an update validator throws (api/step-gateway.ts maps them). */
export const serviceRefusals = {
  notAuthorized: 'NotAuthorized',
  invalidState: 'InvalidState',
  invalidStep: 'InvalidStep',
  alreadyDone: 'AlreadyDone',
} as const;

// ---------------------------------------------------------------------------------------------------
// Live status

export interface ServiceLogView {
  period: number;
  hours: number;
  activities: string;
  outcomes: string;
  submittedAt: string;
  late: boolean;
  confirmedAt: string | null;
  confirmedBy: string | null;
}

export interface MilestoneView {
  number: number;
  title: string;
  note: string;
  by: string;
  at: string;
}

export type ServiceOutcome =
  | { kind: 'completed'; at: string; rated: boolean }
  | { kind: 'ended_early'; at: string; by: string; reason: string }
  | { kind: 'nomination_expired' | 'agreement_failed'; at: string; by: string; reason: string | null };

export interface CommissionerServiceStatusView {
  serviceId: string;
  status: CommissionerServiceStatus;
  needId: string;
  allianceId: string;
  domain: string;
  enterpriseOrganizationId: string;
  commissionerId: string;
  commissionerUserId: string;
  institutionOrganizationId: string;
  nomination: { nominatedAt: string; nominatedBy: string; deadlineAt: string; acceptedAt: string | null; acceptedBy: string | null };
  agreement: { agreementId: string; workflowId: string; status: string | null; effectiveAt: string | null };
  startedAt: string | null;
  periods: number;
  /** Periods whose log deadline has passed and been judged. */
  periodsClosed: number;
  /** The period a log is for now (1-based), null outside the active state. */
  currentPeriod: number | null;
  nextLogDueAt: string | null;
  logs: ServiceLogView[];
  missedPeriods: number[];
  missedInARow: number;
  escalations: number;
  milestones: MilestoneView[];
  /** Hours of all logs, and of the logs the enterprise confirmed. */
  hours: number;
  confirmedHours: number;
  rating: { score: number; comment: string; by: string; at: string } | null;
  ratingDeadlineAt: string | null;
  outcome: ServiceOutcome | null;
  policy: CommissionerServicePolicy;
  revision: number;
}

export const serviceStatusQuery = defineQuery<CommissionerServiceStatusView>('status');

/**
 * Sent with the start (executeUpdateWithStart): answers once the workflow has recorded the nomination
 * (its audit entry and the service's row), with the status as it stands then.
 */
export const launchRecordedUpdate = defineUpdate<CommissionerServiceStatusView, []>('launchRecorded');
