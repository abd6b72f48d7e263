// The weekly schedule of an active placement: its periods, their check-in deadlines, and closing a week
// (a missed log, an escalation after N in a row). Pure.
import { addIsoDuration } from '../../core/iso-duration';
import { bump, moveTo, type PlacementState } from './state';

// ---------------------------------------------------------------------------------------------------
// The weekly schedule. Period k (1-based) runs from the start plus k-1 periods to the start plus k
// periods; its check-in is due at the end plus the grace period.

export function periodEnd(state: PlacementState, k: number): Date {
  let at = new Date(state.startedAt!);
  for (let i = 0; i < k; i++) at = addIsoDuration(at, state.input.policy.checkInPeriod);
  return at;
}

export function checkInDueAt(state: PlacementState, k: number): Date {
  return addIsoDuration(periodEnd(state, k), state.input.policy.checkInGrace);
}

/** Periods that are over at `now` (or when the placement ended, if it has). */
export function periodsEnded(state: PlacementState, now: Date): number {
  if (!state.startedAt) return 0;
  const until = state.outcome ? Math.min(now.getTime(), new Date(state.outcome.at).getTime()) : now.getTime();
  let k = 0;
  while (k < state.weeks && periodEnd(state, k + 1).getTime() <= until) k++;
  return k;
}

/** The period a check-in is for now; null outside the active state. */
export function currentWeek(state: PlacementState, now: Date): number | null {
  if (state.status !== 'active') return null;
  return Math.min(state.weeks, periodsEnded(state, now) + 1);
}

/** The next deadline the workflow must judge, while active. */
export function nextDueWeek(state: PlacementState): number | null {
  return state.status === 'active' && state.closedWeeks < state.weeks ? state.closedWeeks + 1 : null;
}

export interface WeekClosed {
  state: PlacementState;
  missed: boolean;
  /** The missed-in-a-row count reached the escalation threshold (again). */
  escalate: boolean;
}

/** Week k's deadline passed: a missing log is a miss; N in a row escalate; the last week ends the active state. */
export function closeWeek(state: PlacementState, k: number): WeekClosed {
  const submitted = state.checkIns.some((c) => c.week === k);
  const missedInARow = submitted ? 0 : state.missedInARow + 1;
  const escalate = !submitted && missedInARow >= state.input.policy.missedCheckInsToEscalate;
  let next: PlacementState = {
    ...state,
    closedWeeks: k,
    missedWeeks: submitted ? state.missedWeeks : [...state.missedWeeks, k],
    missedInARow,
    escalations: state.escalations + (escalate ? 1 : 0),
  };
  if (k >= state.weeks) next = moveTo(next, 'final_evaluation');
  return { state: bump(next), missed: !submitted, escalate };
}
