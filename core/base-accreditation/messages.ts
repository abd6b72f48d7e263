// The BaseAccreditation messages: the applicant's, the reviewers' and the authority's steps (Workflow
// Updates, so the caller gets the result or a precise refusal at once), the refusals, the live status
// (a Query, and the answer of launchRecorded), and what the annual report's figures are. Zod-free and
// workflow-safe.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { AccreditationPolicy, AccreditationStatus, BaseApplication } from './input';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps

/** A reviewer takes a task of their pool. */
export interface TaskStep {
  actor: Actor;
  taskId: string;
}
export const claimTaskUpdate = defineUpdate<AccreditationStepResult, [TaskStep]>('claimTask');

/**
 * The assignee decides: a review task (formal, expert) with `approve` or `reject` (a reason); an
 * evaluation task (the annual report, the rectification) with a `score` 0..100.
 */
export interface DecisionStep {
  actor: Actor;
  taskId: string;
  decision?: 'approve' | 'reject';
  score?: number;
  reason?: string;
}
export const decideTaskUpdate = defineUpdate<AccreditationStepResult, [DecisionStep]>('decideTask');

/** Anyone signed in but the applicant's staff objects during the public notice. */
export interface ObjectionStep {
  actor: Actor;
  text: string;
}
export const objectUpdate = defineUpdate<AccreditationStepResult, [ObjectionStep]>('object');

export interface ResolveObjectionStep {
  actor: Actor;
  objectionId: string;
  resolution: 'upheld' | 'dismissed';
  note: string;
}
export const resolveObjectionUpdate = defineUpdate<AccreditationStepResult, [ResolveObjectionStep]>('resolveObjection');

/** What the base declares in its annual report; the workflow adds what it computes from the records. */
export interface DeclaredFigures {
  peopleTrained: number;
  hoursDelivered: number;
  /** 0..1 */
  completionRate: number;
  /** Trainees' satisfaction from their surveys, 0..100. */
  satisfaction: number;
}
export interface AnnualReportStep {
  actor: Actor;
  /** The year reported (1, 2, ...): a report for another year is refused. */
  year: number;
  declared: DeclaredFigures;
  summary: string;
}
export const annualReportUpdate = defineUpdate<AccreditationStepResult, [AnnualReportStep]>('fileAnnualReport');

export interface RectificationStep {
  actor: Actor;
  measures: string;
}
export const rectificationUpdate = defineUpdate<AccreditationStepResult, [RectificationStep]>('reportRectification');

/** The base asks for its accreditation to be renewed at the end of its validity. */
export interface RenewalStep {
  actor: Actor;
}
export const renewalUpdate = defineUpdate<AccreditationStepResult, [RenewalStep]>('requestRenewal');

// ---------------------------------------------------------------------------------------------------
// Results and refusals

export interface AccreditationStepResult {
  accreditationId: string;
  status: AccreditationStatus;
  /** The task, objection or year the step concerned, when there is one. */
  taskId?: string;
  objectionId?: string;
  year?: number;
  alreadyDone: boolean;
}

/** Why a step was refused: the ApplicationFailure `type` an update validator throws (api/step-gateway.ts maps them). */
export const accreditationRefusals = {
  notAuthorized: 'NotAuthorized',
  conflictOfInterest: 'ConflictOfInterest',
  fourEyes: 'FourEyes',
  notCandidate: 'NotCandidate',
  notAssignee: 'NotAssignee',
  taskTaken: 'TaskTaken',
  unknownTask: 'UnknownTask',
  unknownObjection: 'UnknownObjection',
  wrongState: 'WrongState',
  windowClosed: 'WindowClosed',
  invalidStep: 'InvalidStep',
  alreadyDone: 'AlreadyDone',
} as const;

// ---------------------------------------------------------------------------------------------------
// The annual report's figures, computed from the records (the hours ledger and the training records)

export interface AnnualFiguresRequest {
  organizationId: string;
  /** The year's window, ISO instants: [from, to). */
  from: string;
  to: string;
}

export interface AnnualFigures {
  from: string;
  to: string;
  /** Cohorts of the base with an outcome decided in the window. */
  cohorts: number;
  /** People who completed a cohort of the base in the window. */
  peopleTrained: number;
  completed: number;
  incomplete: number;
  /** completed / (completed + incomplete); null when nobody was assessed. */
  completionRate: number | null;
  /** Class hours the base's cohorts put in people's ledgers in the window (net of compensations). */
  hoursDelivered: number;
}

// ---------------------------------------------------------------------------------------------------
// Status

export type TaskStage = 'formal' | 'expert' | 'evaluation' | 'rectification_review';

export interface TaskView {
  taskId: string;
  stage: TaskStage;
  /** The accreditation's year for evaluation tasks; 0 for the application's review. */
  year: number;
  seat: number;
  status: 'open' | 'completed' | 'cancelled';
  pool: string[];
  assigneeUserId: string | null;
  createdAt: string;
  dueAt: string;
  escalations: number;
  previousAssignees: string[];
  decision: { decision: 'approve' | 'reject' | null; score: number | null; reason: string | null; by: string; at: string } | null;
}

export interface ObjectionView {
  objectionId: string;
  by: string;
  text: string;
  at: string;
  resolution: 'upheld' | 'dismissed' | null;
  note: string | null;
  resolvedBy: string | null;
}

export type YearOutcome = 'pass' | 'rectification' | 'exit';

export interface YearView {
  year: number;
  /** The year's window. */
  from: string;
  to: string;
  reportDueBy: string;
  report: { declared: DeclaredFigures; computed: AnnualFigures; summary: string; filedBy: string; filedAt: string } | null;
  score: number | null;
  outcome: YearOutcome | null;
  rectification: { dueBy: string; measures: string | null; reportedAt: string | null; score: number | null; passed: boolean | null } | null;
  /** Why the base exited this year, if it did. */
  exitReason: 'report_missed' | 'evaluation_failed' | 'rectification_missed' | 'rectification_failed' | null;
  decidedAt: string | null;
}

export interface AccreditationView {
  accreditationId: string;
  status: AccreditationStatus;
  application: BaseApplication;
  policy: AccreditationPolicy;
  appliedBy: string;
  submittedAt: string;
  tasks: TaskView[];
  objections: ObjectionView[];
  notice: { startsAt: string; endsAt: string; ended: boolean } | null;
  rejection: { reasons: string[]; by: string; at: string } | null;
  accreditedAt: string | null;
  accreditedUntil: string | null;
  renewals: number;
  renewalRequested: boolean;
  /** The year under way (0 before accreditation). */
  year: number;
  years: YearView[];
  closedAt: string | null;
}

export const accreditationStatusQuery = defineQuery<AccreditationView>('accreditationStatus');

/** Sent with the start (Update-with-Start): answers once the application is recorded (audit entry and row). */
export const launchRecordedUpdate = defineUpdate<AccreditationView, []>('launchRecorded');
