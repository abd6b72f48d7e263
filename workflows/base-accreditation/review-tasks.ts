// The accreditation's review tasks, pure: the certification review's machinery (a candidate pool without
// conflicts of interest, a claim, a due date with escalation to the next eligible reviewer, four-eyes, a
// panel deciding by quorum and majority) applied to a base's application and its yearly evaluations.
// The panel's majority rule and the reviewer look-up are the certification's own (imported, not copied):
// workflows/certification-review/review-tasks.ts majorityMet, activities/certification/storage.ts
// findCertificationReviewers.
import { addIsoDuration } from '../../core/iso-duration';
import { nameBasedId } from '../../core/name-based-id';
import type { Refusal } from '../../core/refusal';
import type { ReviewerInfo } from '../../core/certification-review/records';
import {
  type Actor,
  accreditationRefusals as refusals,
  type DecisionStep,
  type TaskStage,
  type TaskStep,
  type TaskView,
} from '../../core/base-accreditation/messages';
import { majorityMet } from '../certification-review/review-tasks';
import { type AccreditationState, iso, refuse, reject, scoreRectification, scoreYear, startNotice, stepResult } from './state';

/** The stage whose tasks the workflow must open now (it looks the reviewers up first), or null. */
export function stageToOpen(state: AccreditationState): { stage: TaskStage; year: number; seats: number } | null {
  const wanted: { stage: TaskStage; year: number; seats: number } | null =
    state.status === 'formal_review'
      ? { stage: 'formal', year: 0, seats: 1 }
      : state.status === 'expert_review'
        ? { stage: 'expert', year: 0, seats: state.policy.panel.size }
        : state.status === 'evaluation'
          ? { stage: 'evaluation', year: state.year, seats: 1 }
          : state.status === 'rectification_review'
            ? { stage: 'rectification_review', year: state.year, seats: 1 }
            : null;
  if (!wanted || state.tasks.some((t) => t.stage === wanted.stage && t.year === wanted.year)) return null;
  return wanted;
}

/**
 * A conflict of interest, in words, or null: the applicant who applied, a reviewer of the applying
 * organisation, or a reviewer the applicant named.
 */
export function conflictOfInterest(state: AccreditationState, reviewer: { userId: string; organizationId: string | null }): string | null {
  if (reviewer.userId === state.appliedBy) return 'the applicant does not review its own application';
  if (reviewer.organizationId !== null && reviewer.organizationId === state.application.organizationId) {
    return 'a reviewer of the applying organisation does not review it';
  }
  if (state.application.conflictsOfInterest.includes(reviewer.userId)) return 'the applicant declared a conflict of interest with this reviewer';
  return null;
}

function holder(task: TaskView): string | null {
  return task.decision?.by ?? task.assigneeUserId;
}

/**
 * Four-eyes, in words, or null. The application's review: a person holds one seat (the formal reviewer
 * does not sit on the panel, a panel member takes one seat). A year's evaluation: the rectification is
 * judged by someone other than the evaluator who asked for it.
 */
export function fourEyes(state: AccreditationState, userId: string, task: Pick<TaskView, 'taskId' | 'stage' | 'year'>): string | null {
  const review = task.stage === 'formal' || task.stage === 'expert';
  const other = state.tasks.find(
    (t) =>
      t.taskId !== task.taskId &&
      t.status !== 'cancelled' &&
      holder(t) === userId &&
      (review ? t.stage === 'formal' || t.stage === 'expert' : t.year === task.year && t.stage !== 'formal' && t.stage !== 'expert'),
  );
  if (!other) return null;
  return review ? `you hold another seat of this application's review (${other.stage})` : `you took part in year ${task.year}'s evaluation already`;
}

export function taskIdOf(state: AccreditationState, stage: TaskStage, year: number, seat: number): string {
  return nameBasedId(`base-accreditation/${state.accreditationId}/${stage}/${year}/${seat}`);
}

/** Opens the stage's tasks, one per seat, to the reviewers without a conflict of interest. */
export function openTasks(state: AccreditationState, reviewers: ReviewerInfo[], at: Date): AccreditationState {
  const opening = stageToOpen(state);
  if (!opening) return state;
  const tasks: TaskView[] = [];
  for (let seat = 1; seat <= opening.seats; seat++) {
    const taskId = taskIdOf(state, opening.stage, opening.year, seat);
    const pool = reviewers
      .filter((r) => conflictOfInterest(state, r) === null && fourEyes(state, r.userId, { taskId, stage: opening.stage, year: opening.year }) === null)
      .map((r) => r.userId);
    tasks.push({
      taskId,
      stage: opening.stage,
      year: opening.year,
      seat,
      status: 'open',
      pool,
      assigneeUserId: null,
      createdAt: iso(at),
      dueAt: iso(addIsoDuration(at, state.policy.taskDue)),
      escalations: 0,
      previousAssignees: [],
      decision: null,
    });
  }
  return { ...state, tasks: [...state.tasks, ...tasks] };
}

function findTask(state: AccreditationState, taskId: string): TaskView | undefined {
  return state.tasks.find((t) => t.taskId === taskId);
}

function withTask(state: AccreditationState, taskId: string, change: (task: TaskView) => TaskView): AccreditationState {
  return { ...state, tasks: state.tasks.map((t) => (t.taskId === taskId ? change(t) : t)) };
}

/** Who the caller is, before what state the task is in: someone with no business on it learns only that. */
function checkReviewer(state: AccreditationState, task: TaskView, actor: Actor): Refusal | null {
  if (!actor.roles.includes('reviewer')) return refuse(refusals.notAuthorized, 'only reviewers work on review tasks');
  const conflict = conflictOfInterest(state, actor);
  if (conflict) return refuse(refusals.conflictOfInterest, conflict);
  const eyes = fourEyes(state, actor.userId, task);
  if (eyes) return refuse(refusals.fourEyes, eyes);
  return null;
}

export function checkClaim(state: AccreditationState, step: TaskStep): Refusal | null {
  const task = findTask(state, step.taskId);
  if (!task) return refuse(refusals.unknownTask, `no review task ${step.taskId} in this accreditation`);
  if (task.status === 'open' && task.assigneeUserId === step.actor.userId) {
    return { type: refusals.alreadyDone, message: 'you already hold this task', result: stepResult(state, { taskId: task.taskId, alreadyDone: true }) };
  }
  const refusal = checkReviewer(state, task, step.actor);
  if (refusal) return refusal;
  if (!task.pool.includes(step.actor.userId)) return refuse(refusals.notCandidate, "you are not in this task's candidate pool");
  if (task.status !== 'open') return refuse(refusals.wrongState, `review task ${task.taskId} is ${task.status}`);
  if (task.assigneeUserId !== null) return refuse(refusals.taskTaken, 'another reviewer has claimed this task');
  return null;
}

export function claim(state: AccreditationState, step: TaskStep): AccreditationState {
  return withTask(state, step.taskId, (t) => ({ ...t, assigneeUserId: step.actor.userId }));
}

function isScored(stage: TaskStage): boolean {
  return stage === 'evaluation' || stage === 'rectification_review';
}

export function checkDecision(state: AccreditationState, step: DecisionStep): Refusal | null {
  const task = findTask(state, step.taskId);
  if (!task) return refuse(refusals.unknownTask, `no review task ${step.taskId} in this accreditation`);
  if (task.status === 'completed' && task.decision?.by === step.actor.userId) {
    return { type: refusals.alreadyDone, message: 'you decided this task already', result: stepResult(state, { taskId: task.taskId, alreadyDone: true }) };
  }
  const refusal = checkReviewer(state, task, step.actor);
  if (refusal) return refusal;
  if (task.status !== 'open') return refuse(refusals.wrongState, `review task ${task.taskId} is ${task.status}`);
  if (task.assigneeUserId === null) return refuse(refusals.notAssignee, 'claim the task before deciding it');
  if (task.assigneeUserId !== step.actor.userId) return refuse(refusals.notAssignee, 'the task is assigned to another reviewer');
  if (isScored(task.stage)) {
    if (step.score === undefined) return refuse(refusals.invalidStep, 'an evaluation is decided with a score (0-100)');
  } else {
    if (step.decision === undefined) return refuse(refusals.invalidStep, 'a review is decided with approve or reject');
    if (step.decision === 'reject' && !step.reason) return refuse(refusals.invalidStep, 'a rejection gives its reason');
  }
  return null;
}

/** The panel's outcome once the quorum has voted (the certification's majority rule); else null. */
function panelOutcome(state: AccreditationState): 'approved' | 'rejected' | null {
  const votes = state.tasks.filter((t) => t.stage === 'expert' && t.decision);
  if (votes.length < state.policy.panel.quorum) return null;
  const approvals = votes.filter((t) => t.decision!.decision === 'approve').length;
  return majorityMet(state.policy.panel, approvals, votes.length) ? 'approved' : 'rejected';
}

export function decide(state: AccreditationState, step: DecisionStep, at: Date): AccreditationState {
  const task = findTask(state, step.taskId)!;
  const scored = isScored(task.stage);
  const decision = {
    decision: scored ? null : step.decision!,
    score: scored ? step.score! : null,
    reason: step.reason ?? null,
    by: step.actor.userId,
    at: iso(at),
  };
  const next = withTask(state, task.taskId, (t) => ({ ...t, status: 'completed', decision }));
  switch (task.stage) {
    case 'formal':
      return step.decision === 'approve' ? { ...next, status: 'expert_review' } : reject(next, [decision.reason ?? 'rejected'], step.actor.userId, at);
    case 'expert': {
      const outcome = panelOutcome(next);
      if (outcome === null) return next;
      const closed = { ...next, tasks: next.tasks.map((t) => (t.stage === 'expert' && t.status === 'open' ? { ...t, status: 'cancelled' as const } : t)) };
      if (outcome === 'approved') return startNotice(closed, at);
      const reasons = closed.tasks.filter((t) => t.stage === 'expert' && t.decision?.decision === 'reject').map((t) => t.decision!.reason ?? 'rejected');
      return reject(closed, reasons, 'panel', at);
    }
    case 'evaluation':
      return scoreYear(next, step.score!, at);
    case 'rectification_review':
      return scoreRectification(next, step.score!, at);
  }
}

/**
 * The due date passed: the task goes to the next eligible reviewer who has not held it (the least loaded,
 * then by id) with a fresh due date; with nobody left it goes back to its pool. The pool is renewed from
 * the reviewers as they are now (one who joined the evaluation body since may take it).
 */
export function escalate(
  state: AccreditationState,
  taskId: string,
  reviewers: ReviewerInfo[],
  at: Date,
): { state: AccreditationState; from: string | null; to: string | null } {
  const task = findTask(state, taskId);
  if (!task || task.status !== 'open') return { state, from: null, to: null };
  const from = task.assigneeUserId;
  const held = from ? [...task.previousAssignees, from] : task.previousAssignees;
  const eligible = reviewers.filter((r) => conflictOfInterest(state, r) === null && fourEyes(state, r.userId, task) === null);
  const next = [...eligible]
    .sort((a, b) => a.openTasks - b.openTasks || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .find((r) => !held.includes(r.userId));
  const to = next?.userId ?? null;
  const changed = withTask(state, taskId, (t) => ({
    ...t,
    pool: eligible.map((r) => r.userId),
    assigneeUserId: to,
    previousAssignees: held,
    escalations: t.escalations + 1,
    dueAt: iso(addIsoDuration(at, state.policy.taskDue)),
  }));
  return { state: changed, from, to };
}
