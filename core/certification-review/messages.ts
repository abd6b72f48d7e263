// The CertificationReview messages: the workflow type, its Update and Query definitions, the shapes
// they carry and the refusals. Zod-free on purpose: the workflow imports this module, and a workflow's
// modules are evaluated again for every workflow instance (each gets its own module state), so building
// the API's zod schemas there would cost every application tens of milliseconds of worker CPU. The API
// and the tests import everything, schemas included, from workflows/certification-review/contract.ts,
// which re-exports this module.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { DecisionRequest, EvidenceItem, ProgrammePolicy } from './programme';
import type { CountedTrainingHours } from './records';

export type { Actor };

export const CERTIFICATION_REVIEW_WORKFLOW = 'certificationReview';

export const certificationLevels = ['junior', 'intermediate', 'senior'] as const;
export type CertificationLevel = (typeof certificationLevels)[number];

/** What an application carries of its programme. */
export interface ProgrammeSnapshot {
  id: string;
  name: string;
  certificatePrefix: string;
  secretariatOrganizationId: string;
  evaluationOrganizationIds: string[];
  policy: ProgrammePolicy;
}

export interface CertificationReviewInput {
  applicationId: string;
  programme: ProgrammeSnapshot;
  domain: string;
  level: CertificationLevel;
  trainingHours: number;
  evidence: EvidenceItem[];
  candidate: { userId: string; name: string; organizationId: string | null };
  /** The application's organisation; its reviewers have a conflict of interest. */
  organizationId: string | null;
  /** Reviewers the candidate named as conflicts. */
  conflictUserIds: string[];
  /** Who submitted: the candidate, or a training institution's coordinator. */
  appliedBy: string;
  /** Continue-as-new once the history holds this many events (default 10,000; tests lower it). */
  historyLimit?: number;
}

export const applicationStatuses = [
  'eligibility_check',
  'awaiting_exam',
  'formal_review',
  'panel_review',
  'appeal_review',
  'changes_requested',
  'public_notice',
  'rejected',
  'lapsed',
  'issued',
  'revoked',
  'expired',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

export const reviewStages = ['formal', 'panel', 'appeal_panel'] as const;
export type ReviewStage = (typeof reviewStages)[number];

export const decisions = ['approve', 'reject', 'request_changes'] as const;
export type Decision = (typeof decisions)[number];

export type RejectionKind = 'ineligible' | 'exam_failed' | 'review' | 'objection_upheld';

// ---------------------------------------------------------------------------------------------------
// Steps: every step is a Workflow Update, so the caller gets the result or a precise refusal at once.
// The refusals (four-eyes, conflict of interest, whose turn, which window) are the workflow's: its
// Update validators refuse, whatever the API or a UI checked before.

/** Who asks, as the API authenticated them. */
export interface ExamResultsStep {
  actor: Actor;
  examId: string;
  theoryScore: number;
  practicalScore: number;
}
export const examResultsUpdate = defineUpdate<StepResult, [ExamResultsStep]>('examResults');

export interface TaskStep {
  actor: Actor;
  taskId: string;
}
export const claimTaskUpdate = defineUpdate<StepResult, [TaskStep]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<StepResult, [TaskStep]>('unclaimTask');

export type DecisionStep = TaskStep & DecisionRequest;
export const decideTaskUpdate = defineUpdate<StepResult, [DecisionStep]>('decideTask');

export interface ResubmitStep {
  actor: Actor;
  evidence?: EvidenceItem[];
  note: string;
}
export const resubmitUpdate = defineUpdate<StepResult, [ResubmitStep]>('resubmit');

export interface ObjectionStep {
  actor: Actor;
  objectionId: string;
  reason: string;
}
export const objectionUpdate = defineUpdate<StepResult, [ObjectionStep]>('fileObjection');

export interface ResolveObjectionStep {
  actor: Actor;
  objectionId: string;
  outcome: 'upheld' | 'dismissed';
  reason: string;
}
export const resolveObjectionUpdate = defineUpdate<StepResult, [ResolveObjectionStep]>('resolveObjection');

export interface AppealStep {
  actor: Actor;
  reason: string;
}
export const appealUpdate = defineUpdate<StepResult, [AppealStep]>('appeal');

export interface RevokeStep {
  actor: Actor;
  reason: string;
}
export const revokeUpdate = defineUpdate<StepResult, [RevokeStep]>('revokeCertificate');

export type StepName = 'exam_results' | 'claim' | 'unclaim' | 'decision' | 'resubmit' | 'objection' | 'resolve_objection' | 'appeal' | 'revoke';

export interface StepResult {
  applicationId: string;
  step: StepName;
  status: ApplicationStatus;
  task: ReviewTaskView | null;
  objectionId: string | null;
  /** True when the step had been done before: repeating it changed nothing. */
  alreadyDone: boolean;
}

/** The ApplicationFailure `type` a validator throws; the API maps each to an HTTP status. */
export const refusals = {
  /** The caller's role or relation to the application does not allow the step. */
  notAuthorized: 'NotAuthorized',
  /** The application is not at a point where the step applies. */
  wrongState: 'WrongState',
  /** A window (notice, appeal) has closed. */
  windowClosed: 'WindowClosed',
  unknownTask: 'UnknownTask',
  unknownObjection: 'UnknownObjection',
  /** The reviewer belongs to the candidate's organisation, or the candidate named them as a conflict. */
  conflictOfInterest: 'ConflictOfInterest',
  /** The reviewer already acts on another task of this application (or, on appeal, acted before). */
  fourEyes: 'FourEyes',
  /** The reviewer is not in the task's candidate pool. */
  notCandidate: 'NotCandidate',
  /** The task is assigned to someone else. */
  taskTaken: 'TaskTaken',
  /** Only the assignee decides; claim the task first. */
  notAssignee: 'NotAssignee',
  /** The step contradicts what was done before (other exam results for the same sitting...). */
  invalidStep: 'InvalidStep',
  alreadyDone: 'AlreadyDone',
} as const;
export type RefusalType = (typeof refusals)[keyof typeof refusals];

// ---------------------------------------------------------------------------------------------------
// Live status

export interface ReviewTaskView {
  taskId: string;
  stage: ReviewStage;
  round: number;
  seat: number;
  status: 'open' | 'completed' | 'cancelled';
  candidateUserIds: string[];
  assigneeUserId: string | null;
  createdAt: string;
  dueAt: string;
  followUpAt: string;
  nextReminderAt: string | null;
  remindersSent: number;
  escalations: number;
  /** Reviewers the task was taken from on escalation. */
  previousAssignees: string[];
  decision: { decision: Decision; by: string; at: string; reason: string | null; points: string[] } | null;
}

export interface ObjectionView {
  objectionId: string;
  by: string;
  at: string;
  reason: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: { by: string; at: string; reason: string } | null;
}

export interface ApplicationView {
  applicationId: string;
  programmeId: string;
  domain: string;
  level: CertificationLevel;
  candidateUserId: string;
  organizationId: string | null;
  appliedBy: string;
  status: ApplicationStatus;
  closed: boolean;
  submittedAt: string;
  trainingHours: number;
  evidence: EvidenceItem[];
  eligibility: {
    eligible: boolean;
    reasons: string[];
    prerequisiteCertificate: string | null;
    at: string;
    /** The hours counted and their source (absent: checked before the hours ledger). */
    trainingHours?: CountedTrainingHours;
  } | null;
  exam: { examId: string; theoryScore: number; practicalScore: number; passed: boolean; at: string } | null;
  /** The review stage in progress, or the one that asked for changes. */
  stage: ReviewStage | null;
  round: number;
  tasks: ReviewTaskView[];
  changesRequested: { stage: ReviewStage; by: string; at: string; points: string[]; resubmitBy: string } | null;
  resubmissions: { at: string; by: string; note: string }[];
  notice: { startedAt: string; endsAt: string; ended: boolean } | null;
  objections: ObjectionView[];
  rejection: { kind: RejectionKind; reasons: string[]; by: string; at: string; stage: ReviewStage | null; appealableUntil: string | null } | null;
  appeal: { by: string; at: string; reason: string } | null;
  certificate: { number: string; validFrom: string; validUntil: string; renewalReminderAt: string; revokedAt: string | null } | null;
}

export const applicationQuery = defineQuery<ApplicationView>('application');

/**
 * Sent with the start (executeUpdateWithStart): answers once the workflow has recorded the submission
 * (written together with the eligibility check's outcome: the audit entries and the application's row),
 * with the application as it stands then, so that a read right after the start finds it.
 */
export const launchRecordedUpdate = defineUpdate<ApplicationView, []>('launchRecorded');

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function certificationWorkflowId(applicationId: string): string {
  return `certification-${applicationId}`;
}
