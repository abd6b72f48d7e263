// The public notice and its objections, then the certificate: issue, revocation, renewal reminder and
// expiry. Pure.
import { addIsoDuration, subtractIsoDuration } from '../../core/iso-duration';
import { type ObjectionStep, type ObjectionView, type ResolveObjectionStep, type RevokeStep, refusals } from '../../core/certification-review/messages';
import { reject } from './resubmission-and-appeal';
import { type CertificationState, iso, isSecretariat, ms, type Refusal, refuse, requirementsOf } from './state';
import { stepResult } from './status-view';

// ---------------------------------------------------------------------------------------------------
// Public notice and objections

export function startNotice(state: CertificationState, at: Date): CertificationState {
  return {
    ...state,
    status: 'public_notice',
    notice: { startedAt: iso(at), endsAt: iso(addIsoDuration(at, state.programme.policy.durations.noticePeriod)), ended: false },
  };
}

export function checkObjection(state: CertificationState, step: ObjectionStep, now: Date): Refusal | null {
  const existing = state.objections.find((o) => o.objectionId === step.objectionId);
  if (existing) {
    return {
      type: refusals.alreadyDone,
      message: 'the objection is already filed',
      result: stepResult(state, 'objection', { objectionId: existing.objectionId, alreadyDone: true }),
    };
  }
  if (step.actor.userId === state.candidate.userId) return refuse(refusals.notAuthorized, 'a candidate cannot object to their own application');
  if (state.status !== 'public_notice' || !state.notice) {
    return refuse(refusals.wrongState, `the application is ${state.status}: objections are taken during its public notice only`);
  }
  if (state.notice.ended || now.getTime() >= ms(state.notice.endsAt)) {
    return refuse(refusals.windowClosed, `the public notice ended at ${state.notice.endsAt}`);
  }
  // Anyone may object, so the number is bounded: each objection's text enters the history and the state
  // carried across continue-as-new. Per objector too, so that one user cannot use up the others' share.
  if (state.objections.length >= MAX_OBJECTIONS) {
    return refuse(refusals.wrongState, `this application has ${state.objections.length} objections, the most it takes (${MAX_OBJECTIONS})`);
  }
  if (state.objections.filter((o) => o.by === step.actor.userId).length >= MAX_OBJECTIONS_PER_USER) {
    return refuse(refusals.wrongState, `you have filed ${MAX_OBJECTIONS_PER_USER} objections to this application, the most one person may`);
  }
  return null;
}

/** Objections one application takes, and one person may file to it (a bound on its history). */
export const MAX_OBJECTIONS = 100;
export const MAX_OBJECTIONS_PER_USER = 3;

export function fileObjection(state: CertificationState, step: ObjectionStep, at: Date): CertificationState {
  const objection: ObjectionView = { objectionId: step.objectionId, by: step.actor.userId, at: iso(at), reason: step.reason, status: 'open', resolution: null };
  return { ...state, objections: [...state.objections, objection] };
}

export function openObjections(state: CertificationState): ObjectionView[] {
  return state.objections.filter((o) => o.status === 'open');
}

export function checkResolveObjection(state: CertificationState, step: ResolveObjectionStep): Refusal | null {
  const objection = state.objections.find((o) => o.objectionId === step.objectionId);
  if (!objection) return refuse(refusals.unknownObjection, `no objection ${step.objectionId} to this application`);
  if (!isSecretariat(state, step.actor)) return refuse(refusals.notAuthorized, "only the programme's secretariat resolves objections");
  if (objection.status === step.outcome) {
    return {
      type: refusals.alreadyDone,
      message: `the objection is already ${step.outcome}`,
      result: stepResult(state, 'resolve_objection', { objectionId: objection.objectionId, alreadyDone: true }),
    };
  }
  if (objection.status !== 'open') return refuse(refusals.wrongState, `the objection is already ${objection.status}`);
  if (state.status !== 'public_notice') return refuse(refusals.wrongState, `the application is ${state.status}: there is nothing left to resolve`);
  return null;
}

export function resolveObjection(state: CertificationState, step: ResolveObjectionStep, at: Date): CertificationState {
  const next: CertificationState = {
    ...state,
    objections: state.objections.map((o) =>
      o.objectionId === step.objectionId ? { ...o, status: step.outcome, resolution: { by: step.actor.userId, at: iso(at), reason: step.reason } } : o,
    ),
  };
  if (step.outcome === 'dismissed') return next;
  return reject(next, { kind: 'objection_upheld', reasons: [step.reason], by: step.actor.userId, stage: null }, at);
}

export function endNotice(state: CertificationState): CertificationState {
  return state.notice ? { ...state, notice: { ...state.notice, ended: true } } : state;
}

/** The notice is over and every objection resolved: the certificate may be issued. */
export function readyToIssue(state: CertificationState): boolean {
  return state.status === 'public_notice' && state.notice !== null && state.notice.ended && openObjections(state).length === 0;
}

// ---------------------------------------------------------------------------------------------------
// The certificate

export interface IssuedCertificate {
  number: string;
  validFrom: string;
  validUntil: string;
}

export function issue(state: CertificationState, certificate: IssuedCertificate): CertificationState {
  const until = new Date(certificate.validUntil);
  const reminder = subtractIsoDuration(until, state.programme.policy.durations.renewalReminderBefore);
  const from = new Date(certificate.validFrom);
  return {
    ...state,
    status: 'issued',
    stage: null,
    certificate: { ...certificate, renewalReminderAt: iso(reminder < from ? from : reminder), revokedAt: null },
  };
}

export function checkRevoke(state: CertificationState, step: RevokeStep): Refusal | null {
  if (!isSecretariat(state, step.actor)) return refuse(refusals.notAuthorized, "only the programme's secretariat revokes its certificates");
  if (state.status === 'revoked') {
    return { type: refusals.alreadyDone, message: 'the certificate is already revoked', result: stepResult(state, 'revoke', { alreadyDone: true }) };
  }
  if (state.status !== 'issued') return refuse(refusals.wrongState, `the application is ${state.status}: there is no valid certificate to revoke`);
  return null;
}

export function revoke(state: CertificationState, at: Date): CertificationState {
  return { ...state, status: 'revoked', closed: true, certificate: state.certificate ? { ...state.certificate, revokedAt: iso(at) } : null };
}

export function recordRenewalReminder(state: CertificationState): CertificationState {
  return { ...state, renewalReminderSent: true };
}

export function expire(state: CertificationState): CertificationState {
  return { ...state, status: 'expired', closed: true };
}

/** The criteria a certificate states it was issued on. */
export function criteriaOf(state: CertificationState): string {
  const r = requirementsOf(state);
  return (
    `At least ${r.trainingHours} hours of standardised training; a theory exam score of at least ${r.theoryPassMark} and a practical exam score of at least ${r.practicalPassMark}` +
    (r.prerequisiteLevel ? `; a valid ${r.prerequisiteLevel} certificate in the same domain` : '') +
    '; a formal review, an expert panel review and a public notice without upheld objections.'
  );
}
