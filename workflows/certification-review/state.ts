// The application's process state and the pure rules over it. No I/O, no clocks: the workflow passes
// time in, and every function returns a new state (objects it does not change keep their identity, so
// the workflow can tell which tasks changed). Each step has a check (a precise refusal, or null) and a
// transition.
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
import { addIsoDuration, subtractIsoDuration } from '../../core/iso-duration';
import {
  type Actor,
  type AppealStep,
  type ApplicationStatus,
  type ApplicationView,
  type CertificationLevel,
  type CertificationReviewInput,
  type Decision,
  type DecisionStep,
  type ExamResultsStep,
  type ObjectionStep,
  type ObjectionView,
  type ProgrammeSnapshot,
  type RefusalType,
  type RejectionKind,
  type ResolveObjectionStep,
  type ResubmitStep,
  type ReviewStage,
  type ReviewTaskView,
  type RevokeStep,
  refusals,
  type StepName,
  type StepResult,
  type TaskStep,
} from './messages';
import type { EvidenceItem, PanelRule } from './contract';

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

export interface Refusal {
  type: RefusalType;
  message: string;
  /** For AlreadyDone: what the earlier step left. */
  result?: StepResult;
}

/** One reviewer as the reviewer look-up activity finds them. */
export interface ReviewerInfo {
  userId: string;
  organizationId: string | null;
  /** Open tasks assigned to them now (the load escalation balances). */
  openTasks: number;
}

export interface EligibilityResult {
  eligible: boolean;
  reasons: string[];
  prerequisiteCertificate: string | null;
}

const iso = (date: Date) => date.toISOString();
const ms = (text: string) => new Date(text).getTime();

function refuse(type: RefusalType, message: string): Refusal {
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

const isAdmin = (actor: Actor) => actor.roles.includes('admin');

function isApplicant(state: CertificationState, actor: Actor): boolean {
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

// ---------------------------------------------------------------------------------------------------
// Eligibility and exam

export function recordEligibility(state: CertificationState, result: EligibilityResult, at: Date): CertificationState {
  if (state.status !== 'eligibility_check') return state;
  const eligibility = { ...result, at: iso(at) };
  if (!result.eligible) {
    return reject({ ...state, eligibility }, { kind: 'ineligible', reasons: result.reasons, by: 'system', stage: null }, at);
  }
  const next: CertificationState = { ...state, eligibility, status: 'awaiting_exam' };
  return next.pendingExam ? gradeExam(next, next.pendingExam, at) : next;
}

export function checkExamResults(state: CertificationState, step: ExamResultsStep): Refusal | null {
  if (!isAdmin(step.actor) && !step.actor.roles.includes('exam_system')) {
    return refuse(refusals.notAuthorized, 'only the exam system records exam results');
  }
  const recorded = state.exam ?? state.pendingExam;
  if (recorded) {
    if (recorded.examId === step.examId && recorded.theoryScore === step.theoryScore && recorded.practicalScore === step.practicalScore) {
      return { type: refusals.alreadyDone, message: `the results of exam ${step.examId} are already recorded`, result: stepResult(state, 'exam_results', { alreadyDone: true }) };
    }
    return refuse(refusals.invalidStep, `exam results (exam ${recorded.examId}) are already recorded for this application; they are not replaced`);
  }
  if (state.status !== 'eligibility_check' && state.status !== 'awaiting_exam') {
    return refuse(refusals.wrongState, `the application is ${state.status}: it no longer takes exam results`);
  }
  return null;
}

export function recordExamResults(state: CertificationState, step: ExamResultsStep, at: Date): CertificationState {
  const results = { examId: step.examId, theoryScore: step.theoryScore, practicalScore: step.practicalScore, at: iso(at) };
  if (state.status === 'eligibility_check') return { ...state, pendingExam: results };
  return gradeExam(state, results, at);
}

/** Why the scores fail the level's pass marks (empty: passed). */
export function examShortfalls(state: CertificationState, exam: { theoryScore: number; practicalScore: number }): string[] {
  const requirements = requirementsOf(state);
  const reasons: string[] = [];
  if (exam.theoryScore < requirements.theoryPassMark) reasons.push(`theory score ${exam.theoryScore} is below the pass mark ${requirements.theoryPassMark}`);
  if (exam.practicalScore < requirements.practicalPassMark) {
    reasons.push(`practical score ${exam.practicalScore} is below the pass mark ${requirements.practicalPassMark}`);
  }
  return reasons;
}

function gradeExam(state: CertificationState, results: Omit<ExamRecord, 'passed'>, at: Date): CertificationState {
  const shortfalls = examShortfalls(state, results);
  const exam: ExamRecord = { ...results, passed: shortfalls.length === 0 };
  const next: CertificationState = { ...state, exam, pendingExam: null };
  if (!exam.passed) return reject(next, { kind: 'exam_failed', reasons: shortfalls, by: 'system', stage: null }, at);
  return { ...next, status: 'formal_review', stage: 'formal', round: 1 };
}

// ---------------------------------------------------------------------------------------------------
// Review tasks: opening, claiming, deciding

const reviewStatuses: Partial<Record<ApplicationStatus, ReviewStage>> = {
  formal_review: 'formal',
  panel_review: 'panel',
  appeal_review: 'appeal_panel',
};

export function seatsOf(state: CertificationState, stage: ReviewStage): number {
  return stage === 'formal' ? 1 : state.programme.policy.panel.size;
}

/** The stage whose tasks must be opened now (the workflow looks the reviewers up first), or null. */
export function stageToOpen(state: CertificationState): { stage: ReviewStage; round: number; seats: number } | null {
  const stage = reviewStatuses[state.status];
  if (!stage || state.stage !== stage) return null;
  if (state.tasks.some((t) => t.stage === stage && t.round === state.round)) return null;
  return { stage, round: state.round, seats: seatsOf(state, stage) };
}

/** Opens the stage's tasks, one per seat. A seat held in the round before goes back to its holder. */
export function openTasks(state: CertificationState, reviewers: ReviewerInfo[], taskIds: string[], at: Date): CertificationState {
  const opening = stageToOpen(state);
  if (!opening) return state;
  const { stage, round, seats } = opening;
  const excluded = stage === 'appeal_panel' ? earlierReviewers(state) : new Set<string>();
  const pool = reviewers.filter((r) => conflictOfInterest(state, r) === null && !excluded.has(r.userId)).map((r) => r.userId);
  const policy = state.programme.policy.reviewTask;
  const tasks: TaskRecord[] = [];
  for (let seat = 1; seat <= seats; seat++) {
    const before = state.tasks.find((t) => t.stage === stage && t.seat === seat && t.round === round - 1);
    const holder = before?.decision?.by ?? before?.assigneeUserId ?? null;
    const keep = holder !== null && fourEyes({ ...state, tasks: [...state.tasks, ...tasks] }, holder, { stage, seat }) === null ? holder : null;
    tasks.push({
      taskId: taskIds[seat - 1]!,
      stage,
      round,
      seat,
      status: 'open',
      pool: keep && !pool.includes(keep) ? [...pool, keep] : pool,
      assigneeUserId: keep,
      createdAt: iso(at),
      cycleStartedAt: iso(at),
      cycleReminders: 0,
      followUpAt: iso(addIsoDuration(at, policy.followUp)),
      dueAt: iso(addIsoDuration(at, policy.due)),
      remindersSent: 0,
      escalations: 0,
      previousAssignees: [],
      decision: null,
    });
  }
  return { ...state, tasks: [...state.tasks, ...tasks] };
}

export function findTask(state: CertificationState, taskId: string): TaskRecord | undefined {
  return state.tasks.find((t) => t.taskId === taskId);
}

function withTask(state: CertificationState, taskId: string, change: (task: TaskRecord) => TaskRecord): CertificationState {
  return { ...state, tasks: state.tasks.map((t) => (t.taskId === taskId ? change(t) : t)) };
}

/** The checks every reviewer step shares: the task is there and open, and the reviewer may sit on it. */
function checkReviewer(state: CertificationState, task: TaskRecord, actor: Actor): Refusal | null {
  if (!actor.roles.includes('reviewer')) return refuse(refusals.notAuthorized, 'only reviewers work on review tasks');
  const conflict = conflictOfInterest(state, actor);
  if (conflict) return refuse(refusals.conflictOfInterest, conflict);
  const eyes = fourEyes(state, actor.userId, task);
  if (eyes) return refuse(refusals.fourEyes, eyes);
  return null;
}

function taskNotOpen(task: TaskRecord): Refusal {
  return refuse(refusals.wrongState, `review task ${task.taskId} is ${task.status}`);
}

// The checks of a task step answer who the caller is before what state the task is in: someone with
// no business on the task learns only that (403), not whether it is still open.

export function checkClaim(state: CertificationState, step: TaskStep): Refusal | null {
  const task = findTask(state, step.taskId);
  if (!task) return refuse(refusals.unknownTask, `no review task ${step.taskId} in this application`);
  if (task.status === 'open' && task.assigneeUserId === step.actor.userId) {
    return { type: refusals.alreadyDone, message: 'you already hold this task', result: stepResult(state, 'claim', { taskId: task.taskId, alreadyDone: true }) };
  }
  const refusal = checkReviewer(state, task, step.actor);
  if (refusal) return refusal;
  if (!task.pool.includes(step.actor.userId)) {
    return refuse(refusals.notCandidate, "you are not in this task's candidate pool (the reviewers of the programme's evaluation bodies when the task opened)");
  }
  if (task.status !== 'open') return taskNotOpen(task);
  if (task.assigneeUserId !== null) return refuse(refusals.taskTaken, 'another reviewer has claimed this task');
  return null;
}

export function claim(state: CertificationState, step: TaskStep): CertificationState {
  return withTask(state, step.taskId, (t) => ({ ...t, assigneeUserId: step.actor.userId }));
}

export function checkUnclaim(state: CertificationState, step: TaskStep): Refusal | null {
  const task = findTask(state, step.taskId);
  if (!task) return refuse(refusals.unknownTask, `no review task ${step.taskId} in this application`);
  const concerned = task.assigneeUserId === step.actor.userId || (task.assigneeUserId === null && task.pool.includes(step.actor.userId));
  if (!concerned && !isSecretariat(state, step.actor)) {
    return refuse(refusals.notAssignee, "only the assignee (or the programme's secretariat) gives a task back");
  }
  if (task.status !== 'open') return taskNotOpen(task);
  if (task.assigneeUserId === null) {
    return { type: refusals.alreadyDone, message: 'the task is not assigned to anyone', result: stepResult(state, 'unclaim', { taskId: task.taskId, alreadyDone: true }) };
  }
  return null;
}

export function unclaim(state: CertificationState, step: TaskStep): CertificationState {
  return withTask(state, step.taskId, (t) => ({ ...t, assigneeUserId: null }));
}

export function checkDecision(state: CertificationState, step: DecisionStep): Refusal | null {
  const task = findTask(state, step.taskId);
  if (!task) return refuse(refusals.unknownTask, `no review task ${step.taskId} in this application`);
  const decidedByCaller = task.decision?.by === step.actor.userId;
  if (task.status === 'completed' && decidedByCaller && task.decision!.decision === step.decision) {
    return { type: refusals.alreadyDone, message: 'you already decided this task so', result: stepResult(state, 'decision', { taskId: task.taskId, alreadyDone: true }) };
  }
  const refusal = checkReviewer(state, task, step.actor);
  if (refusal) return refusal;
  if (task.status !== 'open') {
    return decidedByCaller || task.pool.includes(step.actor.userId) ? taskNotOpen(task) : refuse(refusals.notAssignee, 'the task is not yours');
  }
  if (task.assigneeUserId === null) return refuse(refusals.notAssignee, 'claim the task before deciding it');
  if (task.assigneeUserId !== step.actor.userId) return refuse(refusals.notAssignee, 'the task is assigned to another reviewer');
  return null;
}

export function majorityMet(rule: PanelRule, approvals: number, cast: number): boolean {
  switch (rule.majority) {
    case 'simple':
      return approvals * 2 > cast;
    case 'two_thirds':
      return approvals * 3 >= cast * 2;
    case 'unanimous':
      return approvals === cast;
  }
}

/** The panel's outcome from the votes of the current round, once the quorum has voted; else null. */
export function panelOutcome(state: CertificationState, stage: ReviewStage): 'approved' | 'rejected' | null {
  const votes = state.tasks.filter((t) => t.stage === stage && t.round === state.round && t.decision && t.decision.decision !== 'request_changes');
  const rule = state.programme.policy.panel;
  if (votes.length < rule.quorum) return null;
  const approvals = votes.filter((t) => t.decision!.decision === 'approve').length;
  return majorityMet(rule, approvals, votes.length) ? 'approved' : 'rejected';
}

function cancelOpenTasks(state: CertificationState, stage: ReviewStage): CertificationState {
  return {
    ...state,
    tasks: state.tasks.map((t) => (t.stage === stage && t.status === 'open' ? { ...t, status: 'cancelled' as const } : t)),
  };
}

export function decide(state: CertificationState, step: DecisionStep, at: Date): CertificationState {
  const task = findTask(state, step.taskId)!;
  const decision = {
    decision: step.decision,
    by: step.actor.userId,
    at: iso(at),
    reason: step.decision === 'approve' ? (step.comment ?? null) : (step.reason ?? null),
    points: step.decision === 'request_changes' ? step.points : [],
  };
  let next = withTask(state, task.taskId, (t) => ({ ...t, status: 'completed', decision }));

  if (step.decision === 'request_changes') {
    next = cancelOpenTasks(next, task.stage);
    return {
      ...next,
      status: 'changes_requested',
      changesRequested: {
        stage: task.stage,
        by: step.actor.userId,
        at: iso(at),
        points: step.points,
        resubmitBy: iso(addIsoDuration(at, state.programme.policy.durations.resubmitWithin)),
      },
    };
  }
  if (task.stage === 'formal') {
    if (step.decision === 'approve') return { ...next, status: 'panel_review', stage: 'panel', round: 1 };
    return reject(next, { kind: 'review', reasons: [decision.reason ?? 'rejected'], by: step.actor.userId, stage: 'formal' }, at);
  }
  const outcome = panelOutcome(next, task.stage);
  if (outcome === null) return next;
  next = cancelOpenTasks(next, task.stage);
  if (outcome === 'approved') return startNotice(next, at);
  const reasons = next.tasks
    .filter((t) => t.stage === task.stage && t.round === next.round && t.decision?.decision === 'reject')
    .map((t) => t.decision!.reason ?? 'rejected');
  return reject(next, { kind: 'review', reasons, by: 'panel', stage: task.stage }, at);
}

// ---------------------------------------------------------------------------------------------------
// Changes requested, resubmission

export function checkResubmit(state: CertificationState, step: ResubmitStep): Refusal | null {
  if (!isApplicant(state, step.actor)) return refuse(refusals.notAuthorized, 'only the candidate or the applicant resubmits');
  if (state.status !== 'changes_requested') return refuse(refusals.wrongState, `the application is ${state.status}: no changes are requested`);
  return null;
}

export function resubmit(state: CertificationState, step: ResubmitStep, at: Date): CertificationState {
  const stage = state.changesRequested!.stage;
  const status: ApplicationStatus = stage === 'formal' ? 'formal_review' : stage === 'panel' ? 'panel_review' : 'appeal_review';
  return {
    ...state,
    status,
    stage,
    round: state.round + 1,
    evidence: step.evidence ?? state.evidence,
    changesRequested: null,
    resubmissions: [...state.resubmissions, { at: iso(at), by: step.actor.userId, note: step.note }],
  };
}

export function lapse(state: CertificationState): CertificationState {
  return { ...state, status: 'lapsed', closed: true };
}

// ---------------------------------------------------------------------------------------------------
// Rejection and appeal

function reject(
  state: CertificationState,
  rejection: { kind: RejectionKind; reasons: string[]; by: string; stage: ReviewStage | null },
  at: Date,
): CertificationState {
  // Only a review's verdict (or an upheld objection) is appealed, once; ineligibility and a failed exam
  // are mechanical: the candidate applies again.
  const appealable = (rejection.kind === 'review' || rejection.kind === 'objection_upheld') && state.appeal === null;
  const appealableUntil = appealable ? iso(addIsoDuration(at, state.programme.policy.durations.appealWindow)) : null;
  return {
    ...state,
    status: 'rejected',
    closed: !appealable,
    rejection: { ...rejection, at: iso(at), appealableUntil },
  };
}

export function checkAppeal(state: CertificationState, step: AppealStep, now: Date): Refusal | null {
  if (!isApplicant(state, step.actor)) return refuse(refusals.notAuthorized, 'only the candidate or the applicant appeals');
  if (state.appeal && state.appeal.by === step.actor.userId && state.status === 'appeal_review') {
    return { type: refusals.alreadyDone, message: 'the appeal is already filed', result: stepResult(state, 'appeal', { alreadyDone: true }) };
  }
  if (state.status !== 'rejected') return refuse(refusals.wrongState, `the application is ${state.status}: there is no rejection to appeal`);
  if (state.appeal) return refuse(refusals.wrongState, 'the application was appealed once already; the appeal panel\'s decision is final');
  const until = state.rejection?.appealableUntil;
  if (!until) return refuse(refusals.wrongState, `a rejection for ${state.rejection?.kind} cannot be appealed; apply again instead`);
  if (now.getTime() >= ms(until) || state.closed) return refuse(refusals.windowClosed, `the appeal window closed at ${until}`);
  return null;
}

export function fileAppeal(state: CertificationState, step: AppealStep, at: Date): CertificationState {
  return {
    ...state,
    status: 'appeal_review',
    stage: 'appeal_panel',
    round: 1,
    rejection: null,
    appeal: { by: step.actor.userId, at: iso(at), reason: step.reason },
  };
}

export function closeAppealWindow(state: CertificationState): CertificationState {
  return { ...state, closed: true };
}

// ---------------------------------------------------------------------------------------------------
// Public notice and objections

function startNotice(state: CertificationState, at: Date): CertificationState {
  return {
    ...state,
    status: 'public_notice',
    notice: { startedAt: iso(at), endsAt: iso(addIsoDuration(at, state.programme.policy.durations.noticePeriod)), ended: false },
  };
}

export function checkObjection(state: CertificationState, step: ObjectionStep, now: Date): Refusal | null {
  const existing = state.objections.find((o) => o.objectionId === step.objectionId);
  if (existing) {
    return { type: refusals.alreadyDone, message: 'the objection is already filed', result: stepResult(state, 'objection', { objectionId: existing.objectionId, alreadyDone: true }) };
  }
  if (step.actor.userId === state.candidate.userId) return refuse(refusals.notAuthorized, 'a candidate cannot object to their own application');
  if (state.status !== 'public_notice' || !state.notice) {
    return refuse(refusals.wrongState, `the application is ${state.status}: objections are taken during its public notice only`);
  }
  if (state.notice.ended || now.getTime() >= ms(state.notice.endsAt)) {
    return refuse(refusals.windowClosed, `the public notice ended at ${state.notice.endsAt}`);
  }
  // Anyone may object, so the number is bounded: each objection's text enters the history and the state
  // carried across continue-as-new. Per objector too, so that one user cannot use up the others' share.
  if (state.objections.length >= MAX_OBJECTIONS) {
    return refuse(refusals.wrongState, `this application has ${state.objections.length} objections, the most it takes (${MAX_OBJECTIONS})`);
  }
  if (state.objections.filter((o) => o.by === step.actor.userId).length >= MAX_OBJECTIONS_PER_USER) {
    return refuse(refusals.wrongState, `you have filed ${MAX_OBJECTIONS_PER_USER} objections to this application, the most one person may`);
  }
  return null;
}

/** Objections one application takes, and one person may file to it (a bound on its history). */
export const MAX_OBJECTIONS = 100;
export const MAX_OBJECTIONS_PER_USER = 3;

export function fileObjection(state: CertificationState, step: ObjectionStep, at: Date): CertificationState {
  const objection: ObjectionView = { objectionId: step.objectionId, by: step.actor.userId, at: iso(at), reason: step.reason, status: 'open', resolution: null };
  return { ...state, objections: [...state.objections, objection] };
}

export function openObjections(state: CertificationState): ObjectionView[] {
  return state.objections.filter((o) => o.status === 'open');
}

export function checkResolveObjection(state: CertificationState, step: ResolveObjectionStep): Refusal | null {
  const objection = state.objections.find((o) => o.objectionId === step.objectionId);
  if (!objection) return refuse(refusals.unknownObjection, `no objection ${step.objectionId} to this application`);
  if (!isSecretariat(state, step.actor)) return refuse(refusals.notAuthorized, "only the programme's secretariat resolves objections");
  if (objection.status === step.outcome) {
    return { type: refusals.alreadyDone, message: `the objection is already ${step.outcome}`, result: stepResult(state, 'resolve_objection', { objectionId: objection.objectionId, alreadyDone: true }) };
  }
  if (objection.status !== 'open') return refuse(refusals.wrongState, `the objection is already ${objection.status}`);
  if (state.status !== 'public_notice') return refuse(refusals.wrongState, `the application is ${state.status}: there is nothing left to resolve`);
  return null;
}

export function resolveObjection(state: CertificationState, step: ResolveObjectionStep, at: Date): CertificationState {
  const next: CertificationState = {
    ...state,
    objections: state.objections.map((o) =>
      o.objectionId === step.objectionId ? { ...o, status: step.outcome, resolution: { by: step.actor.userId, at: iso(at), reason: step.reason } } : o,
    ),
  };
  if (step.outcome === 'dismissed') return next;
  return reject(next, { kind: 'objection_upheld', reasons: [step.reason], by: step.actor.userId, stage: null }, at);
}

export function endNotice(state: CertificationState): CertificationState {
  return state.notice ? { ...state, notice: { ...state.notice, ended: true } } : state;
}

/** The notice is over and every objection resolved: the certificate may be issued. */
export function readyToIssue(state: CertificationState): boolean {
  return state.status === 'public_notice' && state.notice !== null && state.notice.ended && openObjections(state).length === 0;
}

// ---------------------------------------------------------------------------------------------------
// The certificate

export interface IssuedCertificate {
  number: string;
  validFrom: string;
  validUntil: string;
}

export function issue(state: CertificationState, certificate: IssuedCertificate): CertificationState {
  const until = new Date(certificate.validUntil);
  const reminder = subtractIsoDuration(until, state.programme.policy.durations.renewalReminderBefore);
  const from = new Date(certificate.validFrom);
  return {
    ...state,
    status: 'issued',
    stage: null,
    certificate: { ...certificate, renewalReminderAt: iso(reminder < from ? from : reminder), revokedAt: null },
  };
}

export function checkRevoke(state: CertificationState, step: RevokeStep): Refusal | null {
  if (!isSecretariat(state, step.actor)) return refuse(refusals.notAuthorized, "only the programme's secretariat revokes its certificates");
  if (state.status === 'revoked') {
    return { type: refusals.alreadyDone, message: 'the certificate is already revoked', result: stepResult(state, 'revoke', { alreadyDone: true }) };
  }
  if (state.status !== 'issued') return refuse(refusals.wrongState, `the application is ${state.status}: there is no valid certificate to revoke`);
  return null;
}

export function revoke(state: CertificationState, at: Date): CertificationState {
  return { ...state, status: 'revoked', closed: true, certificate: state.certificate ? { ...state.certificate, revokedAt: iso(at) } : null };
}

export function recordRenewalReminder(state: CertificationState): CertificationState {
  return { ...state, renewalReminderSent: true };
}

export function expire(state: CertificationState): CertificationState {
  return { ...state, status: 'expired', closed: true };
}


// ---------------------------------------------------------------------------------------------------
// Timers

export type TimerKind = 'task_due' | 'task_reminder' | 'notice_end' | 'resubmit_deadline' | 'appeal_deadline' | 'renewal_reminder' | 'expiry';

export interface DueTimer {
  kind: TimerKind;
  at: string;
  taskId?: string;
}

/** When the task's next reminder is due: at the follow-up date, then every reminderEvery, before the due date. */
export function nextReminderAt(state: CertificationState, task: TaskRecord): string | null {
  const policy = state.programme.policy.reviewTask;
  if (task.status !== 'open' || task.cycleReminders >= policy.maxReminders) return null;
  let at = new Date(task.followUpAt);
  for (let n = 0; n < task.cycleReminders; n++) at = addIsoDuration(at, policy.reminderEvery);
  return at.getTime() < ms(task.dueAt) ? iso(at) : null;
}

/** The next timer the workflow waits for; null when only a step can move the application on. */
export function nextTimer(state: CertificationState): DueTimer | null {
  if (state.closed) return null;
  const candidates: DueTimer[] = [];
  for (const task of state.tasks) {
    if (task.status !== 'open') continue;
    candidates.push({ kind: 'task_due', at: task.dueAt, taskId: task.taskId });
    const reminder = nextReminderAt(state, task);
    if (reminder) candidates.push({ kind: 'task_reminder', at: reminder, taskId: task.taskId });
  }
  if (state.status === 'public_notice' && state.notice && !state.notice.ended) candidates.push({ kind: 'notice_end', at: state.notice.endsAt });
  if (state.status === 'changes_requested' && state.changesRequested) candidates.push({ kind: 'resubmit_deadline', at: state.changesRequested.resubmitBy });
  if (state.status === 'rejected' && state.rejection?.appealableUntil) candidates.push({ kind: 'appeal_deadline', at: state.rejection.appealableUntil });
  if (state.status === 'issued' && state.certificate) {
    candidates.push({ kind: 'expiry', at: state.certificate.validUntil });
    if (!state.renewalReminderSent) candidates.push({ kind: 'renewal_reminder', at: state.certificate.renewalReminderAt });
  }
  if (candidates.length === 0) return null;
  // Earliest first; on a tie the first listed wins (a due date before a reminder, expiry before renewal).
  return candidates.reduce((a, b) => (ms(b.at) < ms(a.at) ? b : a));
}

export function sameTimer(a: DueTimer | null, b: DueTimer | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.at === b.at && a.taskId === b.taskId;
}

export function recordReminder(state: CertificationState, taskId: string): CertificationState {
  return withTask(state, taskId, (t) => ({ ...t, cycleReminders: t.cycleReminders + 1, remindersSent: t.remindersSent + 1 }));
}

/**
 * The due date passed: the task goes to the next eligible reviewer (the least loaded, then by id) who
 * has not held it before, and its clock starts again; with nobody left it goes back to its pool.
 */
export function escalate(state: CertificationState, taskId: string, reviewers: ReviewerInfo[], at: Date): { state: CertificationState; from: string | null; to: string | null } {
  const task = findTask(state, taskId);
  if (!task || task.status !== 'open') return { state, from: null, to: null };
  const excluded = task.stage === 'appeal_panel' ? earlierReviewers(state) : new Set<string>();
  const from = task.assigneeUserId;
  const next = [...reviewers]
    .sort((a, b) => a.openTasks - b.openTasks || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .find(
      (r) =>
        r.userId !== from &&
        !task.previousAssignees.includes(r.userId) &&
        !excluded.has(r.userId) &&
        conflictOfInterest(state, r) === null &&
        fourEyes(state, r.userId, task) === null,
    );
  const to = next?.userId ?? null;
  const policy = state.programme.policy.reviewTask;
  const escalated = withTask(state, taskId, (t) => ({
    ...t,
    assigneeUserId: to,
    pool: to && !t.pool.includes(to) ? [...t.pool, to] : t.pool,
    previousAssignees: from ? [...t.previousAssignees, from] : t.previousAssignees,
    escalations: t.escalations + 1,
    cycleStartedAt: iso(at),
    cycleReminders: 0,
    followUpAt: iso(addIsoDuration(at, policy.followUp)),
    dueAt: iso(addIsoDuration(at, policy.due)),
  }));
  return { state: escalated, from, to };
}

// ---------------------------------------------------------------------------------------------------
// Views

export function toTaskView(state: CertificationState, task: TaskRecord): ReviewTaskView {
  return {
    taskId: task.taskId,
    stage: task.stage,
    round: task.round,
    seat: task.seat,
    status: task.status,
    candidateUserIds: candidatesOf(state, task),
    assigneeUserId: task.assigneeUserId,
    createdAt: task.createdAt,
    dueAt: task.dueAt,
    followUpAt: task.followUpAt,
    nextReminderAt: nextReminderAt(state, task),
    remindersSent: task.remindersSent,
    escalations: task.escalations,
    previousAssignees: [...task.previousAssignees],
    decision: task.decision ? { ...task.decision, points: [...task.decision.points] } : null,
  };
}

export function toView(state: CertificationState): ApplicationView {
  return {
    applicationId: state.applicationId,
    programmeId: state.programme.id,
    domain: state.domain,
    level: state.level,
    candidateUserId: state.candidate.userId,
    organizationId: state.organizationId,
    appliedBy: state.appliedBy,
    status: state.status,
    closed: state.closed,
    submittedAt: state.submittedAt,
    trainingHours: state.trainingHours,
    evidence: state.evidence,
    eligibility: state.eligibility,
    exam: state.exam,
    stage: state.stage,
    round: state.round,
    tasks: state.tasks.map((t) => toTaskView(state, t)),
    changesRequested: state.changesRequested,
    resubmissions: state.resubmissions,
    notice: state.notice,
    objections: state.objections,
    rejection: state.rejection,
    appeal: state.appeal,
    certificate: state.certificate,
  };
}

export function stepResult(
  state: CertificationState,
  step: StepName,
  options: { taskId?: string; objectionId?: string; alreadyDone?: boolean } = {},
): StepResult {
  const task = options.taskId ? findTask(state, options.taskId) : undefined;
  return {
    applicationId: state.applicationId,
    step,
    status: state.status,
    task: task ? toTaskView(state, task) : null,
    objectionId: options.objectionId ?? null,
    alreadyDone: options.alreadyDone ?? false,
  };
}

/** Tasks whose record (or whose effective candidate list) differs between two states. */
export function changedTasks(before: CertificationState, after: CertificationState): TaskRecord[] {
  return after.tasks.filter((task) => {
    const old = before.tasks.find((t) => t.taskId === task.taskId);
    if (!old || old !== task) return true;
    const a = candidatesOf(before, old);
    const b = candidatesOf(after, task);
    return a.length !== b.length || a.some((u, i) => u !== b[i]);
  });
}
