// Review tasks: opening a stage's seats, claiming, deciding, and the panel's outcome. Pure.
import { addIsoDuration } from '../../core/iso-duration';
import { type Actor, type ApplicationStatus, type DecisionStep, type ReviewStage, refusals, type TaskStep } from '../../core/certification-review/messages';
import type { PanelRule } from '../../core/certification-review/programme';
import type { ReviewerInfo } from '../../core/certification-review/records';
import { startNotice } from './notice-and-certificate';
import { reject } from './resubmission-and-appeal';
import { type CertificationState, conflictOfInterest, earlierReviewers, fourEyes, iso, isSecretariat, type Refusal, refuse, type TaskRecord } from './state';
import { stepResult } from './status-view';

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

export function withTask(state: CertificationState, taskId: string, change: (task: TaskRecord) => TaskRecord): CertificationState {
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
    return {
      type: refusals.alreadyDone,
      message: 'you already hold this task',
      result: stepResult(state, 'claim', { taskId: task.taskId, alreadyDone: true }),
    };
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
    return {
      type: refusals.alreadyDone,
      message: 'the task is not assigned to anyone',
      result: stepResult(state, 'unclaim', { taskId: task.taskId, alreadyDone: true }),
    };
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
    return {
      type: refusals.alreadyDone,
      message: 'you already decided this task so',
      result: stepResult(state, 'decision', { taskId: task.taskId, alreadyDone: true }),
    };
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
