// The parties' and the secretariat's steps: for each, a check (who may do it, whose turn it is, which
// document hash, in which state: a precise refusal, or null) and a transition to the new state. Pure.
import { addIsoDuration, subtractIsoDuration } from '../../core/iso-duration';
import {
  type AmendStep,
  type ApproveStep,
  type DeclineStep,
  type DelegateStep,
  type PartyState,
  refusals,
  type SignStep,
  type StepName,
  type VoidStep,
} from '../../core/agreement-signing/messages';
import { type AgreementState, type DelegationRecord, isDone, iso, openStage, type Refusal, withParty } from './state';
import { alreadyDone, checkPartyStep, closed, hashRefusal, isSecretariat, refuse, turnRefusal } from './who-may-act';

// ---------------------------------------------------------------------------------------------------
// Steps

function checkAct(state: AgreementState, step: SignStep, role: 'signer' | 'approver'): Refusal | null {
  const name: StepName = role === 'signer' ? 'sign' : 'approve';
  const done: PartyState = role === 'signer' ? 'signed' : 'approved';
  const checked = checkPartyStep(state, name, step.partyId, step.actor, (p) => p.state === done);
  if ('refusal' in checked) return checked.refusal;
  const p = checked.party;
  if (p.role !== role) {
    return refuse(refusals.invalidStep, `party ${p.partyId} is ${p.role === 'cc' ? 'a cc' : `an ${p.role}`}: it cannot ${name}`);
  }
  return turnRefusal(state, p) ?? hashRefusal(state, step.documentSha256);
}

export function checkSign(state: AgreementState, step: SignStep): Refusal | null {
  return checkAct(state, step, 'signer');
}

export function checkApprove(state: AgreementState, step: ApproveStep): Refusal | null {
  return checkAct(state, step, 'approver');
}

function act(state: AgreementState, step: SignStep, done: 'signed' | 'approved', at: Date): AgreementState {
  const acted = withParty(state, step.partyId, (p) => ({
    ...p,
    state: done,
    action: { step: done, by: step.actor.userId, at: iso(at), documentSha256: step.documentSha256, delegated: p.delegatedTo !== null, reason: null },
  }));
  const next = openStage(acted, at);
  if (next.stage !== null) return next;
  // Everyone has acted: the agreement is effective.
  const effectiveUntil = next.policy.effectiveFor
    ? addIsoDuration(at, next.policy.effectiveFor)
    : next.policy.effectiveUntil
      ? new Date(next.policy.effectiveUntil)
      : null;
  const renewal = effectiveUntil && next.policy.renewalReminderBefore ? subtractIsoDuration(effectiveUntil, next.policy.renewalReminderBefore) : null;
  return {
    ...next,
    status: 'effective',
    effectiveAt: iso(at),
    effectiveUntil: effectiveUntil ? iso(effectiveUntil) : null,
    renewalReminderAt: renewal ? iso(renewal < at ? at : renewal) : null,
  };
}

export function sign(state: AgreementState, step: SignStep, at: Date): AgreementState {
  return act(state, step, 'signed', at);
}

export function approve(state: AgreementState, step: ApproveStep, at: Date): AgreementState {
  return act(state, step, 'approved', at);
}

export function checkDecline(state: AgreementState, step: DeclineStep): Refusal | null {
  const checked = checkPartyStep(state, 'decline', step.partyId, step.actor, (p) => p.state === 'declined');
  if ('refusal' in checked) return checked.refusal;
  const p = checked.party;
  if (p.role === 'cc') return refuse(refusals.invalidStep, `party ${p.partyId} is a cc: it has nothing to decline`);
  if (isDone(p)) return refuse(refusals.invalidStep, `party ${p.partyId} already ${p.state} version ${state.version}; it can no longer decline`);
  if (!step.reason.trim()) return refuse(refusals.invalidStep, 'a reason is required to decline');
  return null;
}

/** A decline ends the agreement at once: from this state on, every sign is refused. */
export function decline(state: AgreementState, step: DeclineStep, at: Date): AgreementState {
  const declined = withParty(state, step.partyId, (p) => ({
    ...p,
    state: 'declined',
    action: { step: 'declined', by: step.actor.userId, at: iso(at), documentSha256: null, delegated: p.delegatedTo !== null, reason: step.reason },
  }));
  return {
    ...declined,
    status: 'declined',
    stage: null,
    outcome: { step: 'declined', by: step.actor.userId, at: iso(at), reason: step.reason, partyId: step.partyId },
  };
}

export function checkDelegate(state: AgreementState, step: DelegateStep): Refusal | null {
  const checked = checkPartyStep(state, 'delegate', step.partyId, step.actor, (p) => p.delegatedTo?.userId === step.to.userId);
  if ('refusal' in checked) return checked.refusal;
  const p = checked.party;
  if (p.role === 'cc') return refuse(refusals.invalidStep, `party ${p.partyId} is a cc: it has nothing to delegate`);
  if (isDone(p) || p.state === 'declined') {
    return refuse(refusals.invalidStep, `party ${p.partyId} already ${p.state} version ${state.version}; there is nothing left to delegate`);
  }
  if (p.organizationId === null) {
    return refuse(refusals.invalidStep, `party ${p.partyId} belongs to no organisation, so it cannot delegate within one`);
  }
  if (step.to.organizationId !== p.organizationId) {
    return refuse(refusals.invalidStep, `a delegate must belong to organisation ${p.organizationId}, the organisation of party ${p.partyId}`);
  }
  if (step.to.userId === step.actor.userId) return refuse(refusals.invalidStep, 'a user cannot delegate to themselves');
  return null;
}

export function delegate(state: AgreementState, step: DelegateStep, at: Date): AgreementState {
  const sequence = state.delegations.filter((d) => d.partyId === step.partyId).length + 1;
  const record: DelegationRecord = {
    partyId: step.partyId,
    sequence,
    version: state.version,
    from: step.actor.userId,
    to: step.to.userId,
    toName: step.to.name,
    reason: step.reason ?? null,
    at: iso(at),
  };
  const next = withParty(state, step.partyId, (p) => ({ ...p, delegatedTo: { userId: step.to.userId, name: step.to.name } }));
  return { ...next, delegations: [...state.delegations, record] };
}

export function checkVoid(state: AgreementState, step: VoidStep): Refusal | null {
  if (!isSecretariat(state, step.actor)) {
    return refuse(refusals.notAuthorized, `only the secretariat of alliance ${state.allianceId} may void this agreement`);
  }
  if (state.status === 'voided') return alreadyDone(state, 'void', null, 'the agreement is already voided');
  if (state.status !== 'in_progress') return closed(state);
  if (!step.reason.trim()) return refuse(refusals.invalidStep, 'a reason is required to void');
  return null;
}

export function voidAgreement(state: AgreementState, step: VoidStep, at: Date): AgreementState {
  return {
    ...state,
    status: 'voided',
    stage: null,
    outcome: { step: 'voided', by: step.actor.userId, at: iso(at), reason: step.reason, partyId: null },
  };
}

export function checkAmend(state: AgreementState, step: AmendStep): Refusal | null {
  if (!isSecretariat(state, step.actor)) {
    return refuse(refusals.notAuthorized, `only the secretariat of alliance ${state.allianceId} may amend this agreement`);
  }
  if (state.status === 'in_progress' && step.documentSha256 === state.documentSha256) {
    return alreadyDone(state, 'amend', null, `version ${state.version} already has this document`);
  }
  if (state.status !== 'in_progress') return closed(state);
  // Each version adds its events to the history: the limit keeps an agreement's history bounded.
  if (state.version - 1 >= state.maxAmendments) {
    return refuse(
      refusals.amendmentLimitReached,
      `this agreement has had ${state.version - 1} amendments, the most it may have (${state.maxAmendments}); void it and launch a new agreement`,
    );
  }
  return null;
}

/** A new document version: every signature and approval collected so far is reset; routing starts over. */
export function amend(state: AgreementState, step: AmendStep, at: Date): AgreementState {
  const version = state.version + 1;
  const reset: AgreementState = {
    ...state,
    version,
    documentSha256: step.documentSha256,
    versions: [
      ...state.versions,
      {
        version,
        documentSha256: step.documentSha256,
        reference: 'reference' in step.document ? step.document.reference : null,
        createdAt: iso(at),
        createdBy: step.actor.userId,
        note: step.note ?? null,
      },
    ],
    parties: state.parties.map((p) => ({ ...p, state: 'waiting', action: null, invited: false })),
  };
  return openStage(reset, at);
}
