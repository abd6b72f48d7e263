// The application's process state, its start and who is who. Pure: no I/O, no clocks (the workflow
// passes time in), and every function returns a new state (objects it does not change keep their
// identity, so the workflow can tell which tasks changed). Each step has a check (a precise refusal, or
// null) and a transition: eligibility-and-exam.ts, review-tasks.ts, resubmission-and-appeal.ts,
// notice-and-certificate.ts; the clock is timers.ts, the views status-view.ts.
//
// The review rules in one place:
// - Conflict of interest: the candidate and the applicant never review; nor does a reviewer from the
//   candidate's organisation or the application's, nor one the candidate named.
// - Four-eyes: a person holds at most one seat of an application. A seat is (stage, seat number); a task
//   opened again for the same seat after a resubmission is the same seat, so the reviewer who asked for
//   changes reviews the resubmission. An appeal panel has nobody who was ever assigned a task before.
// - A panel decides as soon as `quorum` members have voted: approved when the approvals among the votes
//   cast meet the majority rule, rejected otherwise; open seats are then cancelled. One "request
//   changes" returns the application to the candidate; the stage starts a new round on resubmission.
import type {
  Actor,
  ApplicationStatus,
  ApplicationView,
  CertificationLevel,
  CertificationReviewInput,
  Decision,
  ObjectionView,
  ProgrammeSnapshot,
  RefusalType,
  ReviewStage,
  StepResult,
} from '../../core/certification-review/messages';
import type { EvidenceItem } from '../../core/certification-review/programme';
import type { Refusal as CoreRefusal } from '../../core/refusal';

export interface TaskRecord {
  taskId: string;
  stage: ReviewStage;
  round: number;
  seat: number;
  status: 'open' | 'completed' | 'cancelled';
  /** Reviewers eligible when the task opened (conflicts of interest already removed). */
  pool: string[];
  assigneeUserId: string | null;
  createdAt: string;
  /** The current assignment cycle: it restarts when the task is escalated. */
  cycleStartedAt: string;
  cycleReminders: number;
  followUpAt: string;
  dueAt: string;
  remindersSent: number;
  escalations: number;
  previousAssignees: string[];
  decision: { decision: Decision; by: string; at: string; reason: string | null; points: string[] } | null;
}

export interface ExamRecord {
  examId: string;
  theoryScore: number;
  practicalScore: number;
  passed: boolean;
  at: string;
}

export interface CertificationState {
  applicationId: string;
  programme: ProgrammeSnapshot;
  domain: string;
  level: CertificationLevel;
  trainingHours: number;
  evidence: EvidenceItem[];
  candidate: CertificationReviewInput['candidate'];
  organizationId: string | null;
  conflictUserIds: string[];
  appliedBy: string;
  submittedAt: string;
  status: ApplicationStatus;
  /** Nothing is left to happen: the workflow ends. */
  closed: boolean;
  eligibility: ApplicationView['eligibility'];
  /** Exam results that arrived while eligibility was still being checked. */
  pendingExam: Omit<ExamRecord, 'passed'> | null;
  exam: ExamRecord | null;
  stage: ReviewStage | null;
  round: number;
  tasks: TaskRecord[];
  changesRequested: ApplicationView['changesRequested'];
  resubmissions: ApplicationView['resubmissions'];
  notice: ApplicationView['notice'];
  objections: ObjectionView[];
  rejection: ApplicationView['rejection'];
  appeal: ApplicationView['appeal'];
  certificate: ApplicationView['certificate'];
  renewalReminderSent: boolean;
}

/** Why a step was refused (core/refusal.ts); for AlreadyDone with what the earlier step left. */
export type Refusal = CoreRefusal<RefusalType, StepResult>;

export const iso = (date: Date) => date.toISOString();
export const ms = (text: string) => new Date(text).getTime();

export function refuse(type: RefusalType, message: string): Refusal {
  return { type, message };
}

// ---------------------------------------------------------------------------------------------------
// Start

export function initialState(input: CertificationReviewInput, submittedAt: Date): CertificationState {
  return {
    applicationId: input.applicationId,
    programme: input.programme,
    domain: input.domain,
    level: input.level,
    trainingHours: input.trainingHours,
    evidence: input.evidence,
    candidate: input.candidate,
    organizationId: input.organizationId,
    conflictUserIds: input.conflictUserIds,
    appliedBy: input.appliedBy,
    submittedAt: iso(submittedAt),
    status: 'eligibility_check',
    closed: false,
    eligibility: null,
    pendingExam: null,
    exam: null,
    stage: null,
    round: 0,
    tasks: [],
    changesRequested: null,
    resubmissions: [],
    notice: null,
    objections: [],
    rejection: null,
    appeal: null,
    certificate: null,
    renewalReminderSent: false,
  };
}

export function requirementsOf(state: CertificationState) {
  const requirements = state.programme.policy.levels[state.level];
  if (!requirements) throw new Error(`programme ${state.programme.id} has no level ${state.level}`);
  return requirements;
}

// ---------------------------------------------------------------------------------------------------
// Who is who

export const isAdmin = (actor: Actor) => actor.roles.includes('admin');

export function isApplicant(state: CertificationState, actor: Actor): boolean {
  return actor.userId === state.candidate.userId || actor.userId === state.appliedBy;
}

/** The programme's secretariat: a secretariat user of its organisation (or an admin). */
export function isSecretariat(state: CertificationState, actor: Actor): boolean {
  return isAdmin(actor) || (actor.roles.includes('secretariat') && actor.organizationId === state.programme.secretariatOrganizationId);
}

/** Why a reviewer may not review this application at all, or null. */
export function conflictOfInterest(state: CertificationState, reviewer: { userId: string; organizationId: string | null }): string | null {
  if (reviewer.userId === state.candidate.userId) return 'a candidate cannot review their own application';
  if (reviewer.userId === state.appliedBy) return 'the applicant cannot review the application they submitted';
  if (reviewer.organizationId !== null) {
    if (reviewer.organizationId === state.candidate.organizationId) {
      return `conflict of interest: the reviewer belongs to organisation ${reviewer.organizationId}, the candidate's organisation`;
    }
    if (reviewer.organizationId === state.organizationId) {
      return `conflict of interest: the reviewer belongs to organisation ${reviewer.organizationId}, the organisation of the application`;
    }
  }
  if (state.conflictUserIds.includes(reviewer.userId)) return 'conflict of interest: the candidate declared a conflict of interest with this reviewer';
  return null;
}

const sameSeat = (a: TaskRecord, b: { stage: ReviewStage; seat: number }) => a.stage === b.stage && a.seat === b.seat;

function describeTask(task: Pick<TaskRecord, 'stage' | 'seat'>): string {
  return task.stage === 'formal' ? 'the formal reviewer' : `${task.stage === 'panel' ? 'expert panel' : 'appeal panel'} member (seat ${task.seat})`;
}

/** Everyone who was ever assigned a task of the application, or decided one, before the appeal. */
export function earlierReviewers(state: CertificationState): Set<string> {
  const people = new Set<string>();
  for (const task of state.tasks) {
    if (task.stage === 'appeal_panel') continue;
    if (task.assigneeUserId) people.add(task.assigneeUserId);
    if (task.decision) people.add(task.decision.by);
    for (const previous of task.previousAssignees) people.add(previous);
  }
  return people;
}

/** Why a person may not take this seat, or null (four-eyes; on appeal, the earlier reviewers too). */
export function fourEyes(state: CertificationState, userId: string, seat: { stage: ReviewStage; seat: number }): string | null {
  if (seat.stage === 'appeal_panel' && earlierReviewers(state).has(userId)) {
    return 'four-eyes: an appeal is heard by a panel with none of the earlier reviewers, and this reviewer took part in the review appealed against';
  }
  for (const task of state.tasks) {
    if (sameSeat(task, seat)) continue;
    const holds = (task.status === 'open' && task.assigneeUserId === userId) || task.decision?.by === userId;
    if (holds) {
      return `four-eyes: this reviewer already acts on this application as ${describeTask(task)}, and one person acts on one task of an application only`;
    }
  }
  return null;
}

/** The reviewers who may claim the task now: its pool without those four-eyes rules out. */
export function candidatesOf(state: CertificationState, task: TaskRecord): string[] {
  if (task.status !== 'open') return [];
  return task.pool.filter((userId) => fourEyes(state, userId, task) === null);
}
