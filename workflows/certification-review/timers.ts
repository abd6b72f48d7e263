// The application's clock: task reminders and due dates, the notice's end, the resubmission and appeal
// windows, the renewal reminder and the expiry. Pure: the workflow sleeps until the next one.
import { addIsoDuration } from '../../core/iso-duration';
import type { ReviewerInfo } from '../../core/certification-review/records';
import { findTask, withTask } from './review-tasks';
import { type CertificationState, conflictOfInterest, earlierReviewers, fourEyes, iso, ms, type TaskRecord } from './state';

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
export function escalate(
  state: CertificationState,
  taskId: string,
  reviewers: ReviewerInfo[],
  at: Date,
): { state: CertificationState; from: string | null; to: string | null } {
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
