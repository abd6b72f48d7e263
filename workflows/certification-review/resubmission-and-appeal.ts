// Changes requested and the resubmission; a rejection and its appeal. Pure.
import { addIsoDuration } from '../../core/iso-duration';
import {
  type AppealStep,
  type ApplicationStatus,
  type RejectionKind,
  type ResubmitStep,
  type ReviewStage,
  refusals,
} from '../../core/certification-review/messages';
import { type CertificationState, isApplicant, iso, ms, type Refusal, refuse } from './state';
import { stepResult } from './status-view';

// ---------------------------------------------------------------------------------------------------
// Changes requested, resubmission

export function checkResubmit(state: CertificationState, step: ResubmitStep): Refusal | null {
  if (!isApplicant(state, step.actor)) return refuse(refusals.notAuthorized, 'only the candidate or the applicant resubmits');
  if (state.status !== 'changes_requested') return refuse(refusals.wrongState, `the application is ${state.status}: no changes are requested`);
  return null;
}

export function resubmit(state: CertificationState, step: ResubmitStep, at: Date): CertificationState {
  const stage = state.changesRequested!.stage;
  const status: ApplicationStatus = stage === 'formal' ? 'formal_review' : stage === 'panel' ? 'panel_review' : 'appeal_review';
  return {
    ...state,
    status,
    stage,
    round: state.round + 1,
    evidence: step.evidence ?? state.evidence,
    changesRequested: null,
    resubmissions: [...state.resubmissions, { at: iso(at), by: step.actor.userId, note: step.note }],
  };
}

export function lapse(state: CertificationState): CertificationState {
  return { ...state, status: 'lapsed', closed: true };
}

// ---------------------------------------------------------------------------------------------------
// Rejection and appeal

export function reject(
  state: CertificationState,
  rejection: { kind: RejectionKind; reasons: string[]; by: string; stage: ReviewStage | null },
  at: Date,
): CertificationState {
  // Only a review's verdict (or an upheld objection) is appealed, once; ineligibility and a failed exam
  // are mechanical: the candidate applies again.
  const appealable = (rejection.kind === 'review' || rejection.kind === 'objection_upheld') && state.appeal === null;
  const appealableUntil = appealable ? iso(addIsoDuration(at, state.programme.policy.durations.appealWindow)) : null;
  return {
    ...state,
    status: 'rejected',
    closed: !appealable,
    rejection: { ...rejection, at: iso(at), appealableUntil },
  };
}

export function checkAppeal(state: CertificationState, step: AppealStep, now: Date): Refusal | null {
  if (!isApplicant(state, step.actor)) return refuse(refusals.notAuthorized, 'only the candidate or the applicant appeals');
  if (state.appeal && state.appeal.by === step.actor.userId && state.status === 'appeal_review') {
    return { type: refusals.alreadyDone, message: 'the appeal is already filed', result: stepResult(state, 'appeal', { alreadyDone: true }) };
  }
  if (state.status !== 'rejected') return refuse(refusals.wrongState, `the application is ${state.status}: there is no rejection to appeal`);
  if (state.appeal) return refuse(refusals.wrongState, "the application was appealed once already; the appeal panel's decision is final");
  const until = state.rejection?.appealableUntil;
  if (!until) return refuse(refusals.wrongState, `a rejection for ${state.rejection?.kind} cannot be appealed; apply again instead`);
  if (now.getTime() >= ms(until) || state.closed) return refuse(refusals.windowClosed, `the appeal window closed at ${until}`);
  return null;
}

export function fileAppeal(state: CertificationState, step: AppealStep, at: Date): CertificationState {
  return {
    ...state,
    status: 'appeal_review',
    stage: 'appeal_panel',
    round: 1,
    rejection: null,
    appeal: { by: step.actor.userId, at: iso(at), reason: step.reason },
  };
}

export function closeAppealWindow(state: CertificationState): CertificationState {
  return { ...state, closed: true };
}
