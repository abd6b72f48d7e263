// The commissioner service's process state, its guarded transitions (the `transitions` table), its
// monthly schedule and the steps the workflow itself takes (deadlines, the agreement's end, closing a
// period, completion). Pure: no I/O, no clocks (the workflow passes time in), and every function returns
// a new state. The parties' steps are steps.ts, who may act who-may-act.ts, the views status-view.ts.
import { addIsoDuration } from '../../core/iso-duration';
import * as periods from '../../core/reporting-periods';
import type { ReportingPeriods } from '../../core/reporting-periods';
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
// The monthly schedule (core/reporting-periods.ts): period k's log is due at its end plus the grace period.

export function periodsOf(state: ServiceState): ReportingPeriods {
  return {
    startedAt: state.startedAt,
    period: state.input.policy.logPeriod,
    grace: state.input.policy.logGrace,
    count: state.input.periods,
    endedAt: state.outcome?.at ?? null,
    active: state.status === 'active',
    closed: state.periodsClosed,
  };
}

export const periodStart = (state: ServiceState, k: number): Date => periods.periodStart(periodsOf(state), k);
export const periodEnd = (state: ServiceState, k: number): Date => periods.periodEnd(periodsOf(state), k);
export const logDueAt = (state: ServiceState, k: number): Date => periods.reportDueAt(periodsOf(state), k);
/** Periods that are over at `now` (or when the service ended, if it has). */
export const periodsEnded = (state: ServiceState, now: Date): number => periods.periodsEnded(periodsOf(state), now);
/** The period a log is for now; null outside the active state. */
export const currentPeriod = (state: ServiceState, now: Date): number | null => periods.currentPeriod(periodsOf(state), now);
/** The next deadline the workflow judges, while active. */
export const nextDuePeriod = (state: ServiceState): number | null => periods.nextDuePeriod(periodsOf(state));

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
  const judged = periods.judgePeriod(
    { missed: state.missedPeriods, missedInARow: state.missedInARow, escalations: state.escalations },
    k,
    submitted,
    state.input.policy.missedLogsToEscalate,
  );
  const { missed: missedPeriods, missedInARow, escalations } = judged.tally;
  let next: ServiceState = { ...state, periodsClosed: k, missedPeriods, missedInARow, escalations };
  if (k >= state.input.periods) {
    next = { ...moveTo(next, 'awaiting_rating'), ratingDeadlineAt: addIsoDuration(now, state.input.policy.ratingDeadline).toISOString() };
  }
  return { state: bump(next), missed: judged.missed, escalate: judged.escalate };
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
