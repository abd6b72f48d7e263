// The accreditation's clock, pure: task due dates, the notice's end, the year's end, the report and
// rectification deadlines, the validity's end. The workflow sleeps until the next one.
import { type AccreditationState, currentYear, endNotice, endValidity, exit, isClosed } from './state';

export type TimerKind = 'task_due' | 'notice_end' | 'year_end' | 'report_deadline' | 'rectification_deadline' | 'validity_end';

export interface DueTimer {
  kind: TimerKind;
  at: string;
  taskId?: string;
}

/** The next timer; null when only a step can move the accreditation on. */
export function nextTimer(state: AccreditationState): DueTimer | null {
  if (isClosed(state.status)) return null;
  const candidates: DueTimer[] = [];
  for (const task of state.tasks) if (task.status === 'open') candidates.push({ kind: 'task_due', at: task.dueAt, taskId: task.taskId });
  const year = currentYear(state);
  if (state.status === 'public_notice' && state.notice && !state.notice.ended) candidates.push({ kind: 'notice_end', at: state.notice.endsAt });
  // The year's end before the validity's on a tie: the last year of a validity is reported first.
  if (state.status === 'accredited' && year) candidates.push({ kind: 'year_end', at: year.to });
  if (state.status === 'accredited' && state.accreditedUntil) candidates.push({ kind: 'validity_end', at: state.accreditedUntil });
  if (state.status === 'report_due' && year) candidates.push({ kind: 'report_deadline', at: year.reportDueBy });
  if (state.status === 'rectification' && year?.rectification) candidates.push({ kind: 'rectification_deadline', at: year.rectification.dueBy });
  if (candidates.length === 0) return null;
  // Earliest first; on a tie the first listed wins.
  return candidates.reduce((a, b) => (Date.parse(b.at) < Date.parse(a.at) ? b : a));
}

/** What a timer does (task_due aside: escalation needs the reviewers, review-tasks.ts escalate). */
export function fire(state: AccreditationState, timer: DueTimer, at: Date): AccreditationState {
  switch (timer.kind) {
    case 'notice_end':
      return endNotice(state, at);
    case 'year_end':
      return { ...state, status: 'report_due' };
    case 'report_deadline':
      return exit(state, 'report_missed', at);
    case 'rectification_deadline':
      return exit(state, 'rectification_missed', at);
    case 'validity_end':
      return endValidity(state, at);
    case 'task_due':
      return state;
  }
}
