// The parties' steps on a commissioner service: the enterprise accepts the nomination; the commissioner
// logs each month's service and the enterprise confirms it; milestones; an early end by any party; the
// enterprise's rating. For each, a check (a precise refusal, or null) and a transition. Pure.
import {
  type AcceptStep,
  type ConfirmLogStep,
  type EndStep,
  type MilestoneStep,
  type RateStep,
  serviceRefusals,
  type ServiceLogStep,
} from '../../core/commissioner-service/messages';
import { bump, currentPeriod, moveTo, type ServiceState } from './state';
import { actsForEnterprise, inState, isCommissioner, mayEnd, partiesOf, type Refusal, refuse, stepResult } from './who-may-act';

/** Milestones one service records: a bound on its history and its state. */
export const MAX_MILESTONES = 100;

// ---------------------------------------------------------------------------------------------------
// The nomination's answer

export function checkAccept(state: ServiceState, step: AcceptStep): Refusal | null {
  if (!actsForEnterprise(partiesOf(state), step.actor)) return refuse(serviceRefusals.notAuthorized, 'only the enterprise accepts a nomination');
  if (state.accepted && state.status !== 'nominated') {
    return refuse(serviceRefusals.alreadyDone, 'the nomination was accepted before', stepResult(state, 'accept', { alreadyDone: true }));
  }
  return inState(state, 'accepting', ['nominated']);
}

export function accept(state: ServiceState, step: AcceptStep, now: Date): ServiceState {
  return bump({ ...moveTo(state, 'agreement_pending'), accepted: { at: now.toISOString(), by: step.actor.userId } });
}

// ---------------------------------------------------------------------------------------------------
// Monthly service logs and their confirmation

export function checkServiceLog(state: ServiceState, step: ServiceLogStep, now: Date): Refusal | null {
  if (!isCommissioner(partiesOf(state), step.actor)) return refuse(serviceRefusals.notAuthorized, 'only the commissioner submits service logs');
  const period = step.period ?? currentPeriod(state, now);
  if (period !== null && state.logs.some((l) => l.period === period)) {
    return refuse(
      serviceRefusals.alreadyDone,
      `the log for period ${period} was submitted before`,
      stepResult(state, 'service_log', { alreadyDone: true, reference: period }),
    );
  }
  const wrongState = inState(state, 'a service log', ['active', 'awaiting_rating']);
  if (wrongState) return wrongState;
  const open = state.status === 'active' ? currentPeriod(state, now)! : state.input.periods;
  if (period === null || period < 1 || period > open)
    return refuse(serviceRefusals.invalidStep, `period ${period} is not open for logs (periods 1 to ${open} are)`);
  return null;
}

export function serviceLog(state: ServiceState, step: ServiceLogStep, now: Date): { state: ServiceState; period: number } {
  const period = step.period ?? currentPeriod(state, now)!;
  const log = {
    period,
    hours: step.hours,
    activities: step.activities,
    outcomes: step.outcomes,
    submittedAt: now.toISOString(),
    late: period <= state.periodsClosed,
    confirmedAt: null,
    confirmedBy: null,
  };
  return {
    state: bump({
      ...state,
      logs: [...state.logs, log].sort((a, b) => a.period - b.period),
      // The log of the period right after a run of misses ends the run.
      missedInARow: period === state.periodsClosed + 1 ? 0 : state.missedInARow,
    }),
    period,
  };
}

export function checkConfirmLog(state: ServiceState, step: ConfirmLogStep): Refusal | null {
  if (!actsForEnterprise(partiesOf(state), step.actor)) return refuse(serviceRefusals.notAuthorized, 'only the enterprise confirms service logs');
  const log = state.logs.find((l) => l.period === step.period);
  if (log?.confirmedAt) {
    return refuse(
      serviceRefusals.alreadyDone,
      `the log for period ${step.period} was confirmed before`,
      stepResult(state, 'confirm_log', { alreadyDone: true, reference: step.period }),
    );
  }
  const wrongState = inState(state, 'confirming a log', ['active', 'awaiting_rating']);
  if (wrongState) return wrongState;
  if (!log) return refuse(serviceRefusals.invalidStep, `there is no log for period ${step.period} to confirm`);
  return null;
}

export function confirmLog(state: ServiceState, step: ConfirmLogStep, now: Date): ServiceState {
  const at = now.toISOString();
  return bump({ ...state, logs: state.logs.map((l) => (l.period === step.period ? { ...l, confirmedAt: at, confirmedBy: step.actor.userId } : l)) });
}

// ---------------------------------------------------------------------------------------------------
// Milestones

export function checkMilestone(state: ServiceState, step: MilestoneStep): Refusal | null {
  const p = partiesOf(state);
  if (!isCommissioner(p, step.actor) && !actsForEnterprise(p, step.actor)) {
    return refuse(serviceRefusals.notAuthorized, 'only the commissioner or the enterprise records milestones');
  }
  const repeat = state.milestones.find((m) => m.title === step.title && m.note === step.note);
  if (repeat)
    return refuse(
      serviceRefusals.alreadyDone,
      'this milestone was recorded before',
      stepResult(state, 'milestone', { alreadyDone: true, reference: repeat.number }),
    );
  if (state.milestones.length >= MAX_MILESTONES)
    return refuse(serviceRefusals.invalidState, `this service has ${MAX_MILESTONES} milestones, the most one service records`);
  return inState(state, 'a milestone', ['active']);
}

export function milestone(state: ServiceState, step: MilestoneStep, now: Date): { state: ServiceState; number: number } {
  const number = state.milestones.length + 1;
  const view = { number, title: step.title, note: step.note, by: step.actor.userId, at: now.toISOString() };
  return { state: bump({ ...state, milestones: [...state.milestones, view] }), number };
}

// ---------------------------------------------------------------------------------------------------
// An early end, by any of the three parties

export function checkEnd(state: ServiceState, step: EndStep): Refusal | null {
  if (!mayEnd(partiesOf(state), step.actor))
    return refuse(serviceRefusals.notAuthorized, 'only the enterprise, the commissioner or the home institution ends a service');
  if (state.status === 'ended_early')
    return refuse(serviceRefusals.alreadyDone, 'the service was ended before', stepResult(state, 'end', { alreadyDone: true }));
  return inState(state, 'ending', ['nominated', 'agreement_pending', 'active']);
}

export function end(state: ServiceState, step: EndStep, now: Date): ServiceState {
  return bump({ ...moveTo(state, 'ended_early'), outcome: { kind: 'ended_early', at: now.toISOString(), by: step.actor.userId, reason: step.reason } });
}

// ---------------------------------------------------------------------------------------------------
// The rating

export function checkRate(state: ServiceState, step: RateStep): Refusal | null {
  if (!actsForEnterprise(partiesOf(state), step.actor)) return refuse(serviceRefusals.notAuthorized, 'only the enterprise rates the service');
  if (state.rating)
    return refuse(serviceRefusals.alreadyDone, 'the service was rated before', stepResult(state, 'rate', { alreadyDone: true, reference: state.rating.score }));
  return inState(state, 'rating', ['awaiting_rating']);
}

export function rate(state: ServiceState, step: RateStep, now: Date): ServiceState {
  return bump({ ...state, rating: { score: step.score, comment: step.comment, by: step.actor.userId, at: now.toISOString() } });
}
