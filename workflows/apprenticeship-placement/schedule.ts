// The weekly schedule of an active placement: its periods, their check-in deadlines, and closing a week
// (a missed log, an escalation after N in a row). Pure.
import * as periods from '../../core/reporting-periods';
import type { ReportingPeriods } from '../../core/reporting-periods';
import { bump, moveTo, type PlacementState } from './state';

/** The placement's weeks as reporting periods (core/reporting-periods.ts). */
export function weeksOf(state: PlacementState): ReportingPeriods {
  return {
    startedAt: state.startedAt,
    period: state.input.policy.checkInPeriod,
    grace: state.input.policy.checkInGrace,
    count: state.weeks,
    endedAt: state.outcome?.at ?? null,
    active: state.status === 'active',
    closed: state.closedWeeks,
  };
}

export const periodEnd = (state: PlacementState, k: number): Date => periods.periodEnd(weeksOf(state), k);
export const checkInDueAt = (state: PlacementState, k: number): Date => periods.reportDueAt(weeksOf(state), k);
/** Weeks that are over at `now` (or when the placement ended, if it has). */
export const periodsEnded = (state: PlacementState, now: Date): number => periods.periodsEnded(weeksOf(state), now);
/** The week a check-in is for now; null outside the active state. */
export const currentWeek = (state: PlacementState, now: Date): number | null => periods.currentPeriod(weeksOf(state), now);
/** The next deadline the workflow must judge, while active. */
export const nextDueWeek = (state: PlacementState): number | null => periods.nextDuePeriod(weeksOf(state));

export interface WeekClosed {
  state: PlacementState;
  missed: boolean;
  /** The missed-in-a-row count reached the escalation threshold (again). */
  escalate: boolean;
}

/** Week k's deadline passed: a missing log is a miss; N in a row escalate; the last week ends the active state. */
export function closeWeek(state: PlacementState, k: number): WeekClosed {
  const submitted = state.checkIns.some((c) => c.week === k);
  const judged = periods.judgePeriod(
    { missed: state.missedWeeks, missedInARow: state.missedInARow, escalations: state.escalations },
    k,
    submitted,
    state.input.policy.missedCheckInsToEscalate,
  );
  const { missed: missedWeeks, missedInARow, escalations } = judged.tally;
  let next: PlacementState = { ...state, closedWeeks: k, missedWeeks, missedInARow, escalations };
  if (k >= state.weeks) next = moveTo(next, 'final_evaluation');
  return { state: bump(next), missed: judged.missed, escalate: judged.escalate };
}
