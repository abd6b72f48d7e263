// The application as the query (and launchRecorded) answer it, the step results, and the tasks that
// changed between two states (for the projection). Pure.
import type { ApplicationView, ReviewTaskView, StepName, StepResult } from '../../core/certification-review/messages';
import { findTask } from './review-tasks';
import { candidatesOf, type CertificationState, type TaskRecord } from './state';
import { nextReminderAt } from './timers';

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
