// The commissioner service's process state, its guarded transitions (the `transitions` table), its
// monthly schedule and the steps the workflow itself takes (deadlines, the agreement's end, closing a
// period, completion). Pure: no I/O, no clocks (the workflow passes time in), and every function returns
// a new state. The parties' steps are steps.ts, who may act who-may-act.ts, the views status-view.ts.
import { addIsoDuration } from '../../core/iso-duration';
import { closedServiceStatuses, type CommissionerServiceInput, type CommissionerServiceStatus } from '../../core/commissioner-service/input';
import type { CommissionerServiceStatusView, MilestoneView, ServiceLogView } from '../../core/commissioner-service/messages';

export interface ServiceState {
  input: CommissionerServiceInput;
  status: CommissionerServiceStatus;
  nominatedAt: string;
  acceptDeadlineAt: string;
  accepted: { at: string; by: string } | null;
  agreement: { status: string | null; effectiveAt: string | null };
  startedAt: string | null;
  /** Periods whose log deadline (end + grace) has passed and been judged. */
  periodsClosed: number;
  logs: ServiceLogView[];
  missedPeriods: number[];
  missedInARow: number;
  escalations: number;
  milestones: MilestoneView[];
  rating: CommissionerServiceStatusView['rating'];
  ratingDeadlineAt: string | null;
  outcome: CommissionerServiceStatusView['outcome'];
  revision: number;
}

// ---------------------------------------------------------------------------------------------------
// Guarded transitions

export const transitions: Record<CommissionerServiceStatus, readonly CommissionerServiceStatus[]> = {
  nominated: ['agreement_pending', 'nomination_expired', 'ended_early'],
  agreement_pending: ['active', 'agreement_failed', 'ended_early'],
  active: ['awaiting_rating', 'ended_early'],
  awaiting_rating: ['completed'],
  nomination_expired: [],
  agreement_failed: [],
  completed: [],
  ended_early: [],
};

export function moveTo(state: ServiceState, status: CommissionerServiceStatus): ServiceState {
  if (!transitions[state.status].includes(status)) {
    throw new Error(`commissioner service ${state.input.serviceId}: no transition from ${state.status} to ${status}`);
  }
  return { ...state, status };
}

export function bump(state: ServiceState): ServiceState {
  return { ...state, revision: state.revision + 1 };
}

export function isClosed(state: ServiceState): boolean {
  return closedServiceStatuses.includes(state.status);
}

export function initialState(input: CommissionerServiceInput, now: Date): ServiceState {
  return {
    input,
    status: 'nominated',
    nominatedAt: now.toISOString(),
    acceptDeadlineAt: addIsoDuration(now, input.policy.acceptDeadline).toISOString(),
    accepted: null,
    agreement: { status: null, effectiveAt: null },
    startedAt: null,
    periodsClosed: 0,
    logs: [],
    missedPeriods: [],
    missedInARow: 0,
    escalations: 0,
    milestones: [],
    rating: null,
    ratingDeadlineAt: null,
    outcome: null,
    revision: 1,
  };
}

// ---------------------------------------------------------------------------------------------------
// The monthly schedule. Period k (1-based) runs from the start plus k-1 periods to the start plus k
// periods; its log is due at the end plus the grace period.

export function periodStart(state: ServiceState, k: number): Date {
  let at = new Date(state.startedAt!);
  for (let i = 1; i < k; i++) at = addIsoDuration(at, state.input.policy.logPeriod);
  return at;
}

export function periodEnd(state: ServiceState, k: number): Date {
  return addIsoDuration(periodStart(state, k), state.input.policy.logPeriod);
}

export function logDueAt(state: ServiceState, k: number): Date {
  return addIsoDuration(periodEnd(state, k), state.input.policy.logGrace);
}

/** Periods that are over at `now` (or when the service ended, if it has). */
export function periodsEnded(state: ServiceState, now: Date): number {
  if (!state.startedAt) return 0;
  const until = state.outcome ? Math.min(now.getTime(), new Date(state.outcome.at).getTime()) : now.getTime();
  let k = 0;
  while (k < state.input.periods && periodEnd(state, k + 1).getTime() <= until) k++;
  return k;
}

/** The period a log is for now; null outside the active state. */
export function currentPeriod(state: ServiceState, now: Date): number | null {
  if (state.status !== 'active') return null;
  return Math.min(state.input.periods, periodsEnded(state, now) + 1);
}

/** The next deadline the workflow judges, while active. */
export function nextDuePeriod(state: ServiceState): number | null {
  return state.status === 'active' && state.periodsClosed < state.input.periods ? state.periodsClosed + 1 : null;
}

// ---------------------------------------------------------------------------------------------------
// What the workflow itself does

export function expireNomination(state: ServiceState, now: Date): ServiceState {
  const at = now.toISOString();
  return bump({ ...moveTo(state, 'nomination_expired'), outcome: { kind: 'nomination_expired', at, by: 'system', reason: null } });
}

/** The child AgreementSigning ended: effective -> the service starts; anything else -> no service. */
export function agreementEnded(state: ServiceState, result: { status: string; effectiveAt: string | null; reason: string | null }, now: Date): ServiceState {
  const agreement = { status: result.status, effectiveAt: result.effectiveAt };
  if (result.status === 'effective') return bump({ ...moveTo(state, 'active'), agreement, startedAt: now.toISOString() });
  return bump({
    ...moveTo(state, 'agreement_failed'),
    agreement,
    outcome: { kind: 'agreement_failed', at: now.toISOString(), by: 'system', reason: result.reason ?? `agreement ${result.status}` },
  });
}

export interface PeriodClosed {
  state: ServiceState;
  missed: boolean;
  /** The missed-in-a-row count reached the escalation threshold (again). */
  escalate: boolean;
}

/** Period k's deadline passed: a missing log is a miss; N in a row escalate; the last period opens the rating. */
export function closePeriod(state: ServiceState, k: number, now: Date): PeriodClosed {
  const submitted = state.logs.some((l) => l.period === k);
  const missedInARow = submitted ? 0 : state.missedInARow + 1;
  const escalate = !submitted && missedInARow >= state.input.policy.missedLogsToEscalate;
  let next: ServiceState = {
    ...state,
    periodsClosed: k,
    missedPeriods: submitted ? state.missedPeriods : [...state.missedPeriods, k],
    missedInARow,
    escalations: state.escalations + (escalate ? 1 : 0),
  };
  if (k >= state.input.periods) {
    next = { ...moveTo(next, 'awaiting_rating'), ratingDeadlineAt: addIsoDuration(now, state.input.policy.ratingDeadline).toISOString() };
  }
  return { state: bump(next), missed: !submitted, escalate };
}

/** Rated, or the rating's deadline passed: the completion record. */
export function complete(state: ServiceState, now: Date): ServiceState {
  return bump({ ...moveTo(state, 'completed'), outcome: { kind: 'completed', at: now.toISOString(), rated: state.rating !== null } });
}

export function totalHours(state: ServiceState): { hours: number; confirmedHours: number } {
  let hours = 0;
  let confirmedHours = 0;
  for (const l of state.logs) {
    hours += l.hours;
    if (l.confirmedAt) confirmedHours += l.hours;
  }
  return { hours, confirmedHours };
}
