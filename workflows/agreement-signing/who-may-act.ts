// Who may act on an agreement, and the refusals: each check answers a precise refusal or null. Pure.
import { type Actor, type RefusalType, refusals, type StepName, type StepResult } from '../../core/agreement-signing/messages';
import { mayActFor, ORGANIZATION_PARTY_ROLE } from '../../core/agreement-signing/who-may-sign';
import { type AgreementState, currentRoutingGroup, currentStage, ms, party, type PartyRecord, pendingParties, type Refusal } from './state';

// ---------------------------------------------------------------------------------------------------
// Who may act

/** `state`: also an agreement's record, whose secretariat a legacy row may lack. */
export function isSecretariat(state: { secretariatOrganizationId: string | null }, actor: Actor): boolean {
  return actor.roles.includes('admin') || (actor.roles.includes('secretariat') && actor.organizationId === state.secretariatOrganizationId);
}

// A delegate alone; else the user of a user party; else any signatory of the party's organisation.
export { mayActFor };

function whoMayAct(p: PartyRecord): string {
  if (p.delegatedTo) return `only ${p.delegatedTo.name} (user ${p.delegatedTo.userId}), to whom it was delegated, may act for party ${p.partyId}`;
  if (p.kind === 'user') return `only user ${p.userId} may act for party ${p.partyId}`;
  return `only a ${ORGANIZATION_PARTY_ROLE} of organisation ${p.organizationId} may act for party ${p.partyId}`;
}

export function refuse(type: RefusalType, message: string): Refusal {
  return { type, message };
}

export function closed(state: AgreementState): Refusal {
  const how = state.status === 'effective' ? 'is already effective' : state.outcome ? `was ${state.status} at ${state.outcome.at}` : `is ${state.status}`;
  return refuse(refusals.agreementClosed, `the agreement ${how}; no further steps are possible`);
}

export function stepResult(state: AgreementState, step: StepName, partyId: string | null, alreadyDone = false): StepResult {
  return {
    agreementId: state.agreementId,
    step,
    partyId,
    status: state.status,
    version: state.version,
    currentRoutingGroup: state.status === 'in_progress' ? currentRoutingGroup(state) : null,
    alreadyDone,
  };
}

export function alreadyDone(state: AgreementState, step: StepName, partyId: string | null, message: string): Refusal {
  return { type: refusals.alreadyDone, message, result: stepResult(state, step, partyId, true) };
}

/** Who, repeat, state: the checks every party step shares. */
export function checkPartyStep(
  state: AgreementState,
  step: StepName,
  partyId: string,
  actor: Actor,
  isRepeat: (p: PartyRecord) => boolean,
): { refusal: Refusal } | { party: PartyRecord } {
  const p = party(state, partyId);
  if (!p) return { refusal: refuse(refusals.unknownParty, `there is no party ${partyId} in this agreement`) };
  if (!mayActFor(p, actor)) return { refusal: refuse(refusals.notAuthorized, whoMayAct(p)) };
  if (isRepeat(p)) return { refusal: alreadyDone(state, step, partyId, `party ${partyId} already did this (${p.state}, version ${state.version})`) };
  if (state.status !== 'in_progress') return { refusal: closed(state) };
  return { party: p };
}

export function turnRefusal(state: AgreementState, p: PartyRecord): Refusal | null {
  if (p.state === 'pending') return null;
  const stage = currentStage(state);
  if (!stage) return closed(state);
  const waitingFor = pendingParties(state)
    .map((q) => q.partyId)
    .join(', ');
  if (p.routingGroup > stage.group) {
    return refuse(
      refusals.notYourTurn,
      `party ${p.partyId} acts in routing group ${p.routingGroup}; group ${stage.group} has not finished (waiting for ${waitingFor})`,
    );
  }
  return refuse(refusals.notYourTurn, `the approvers of routing group ${p.routingGroup} must approve before its signers sign (waiting for ${waitingFor})`);
}

export function hashRefusal(state: AgreementState, acknowledged: string): Refusal | null {
  if (acknowledged === state.documentSha256) return null;
  return refuse(
    refusals.documentHashMismatch,
    `the acknowledged document hash ${acknowledged} is not the hash of version ${state.version} (${state.documentSha256})`,
  );
}

/**
 * Past the deadline, nothing more is accepted, even before the deadline timer has fired (a timer can
 * fire late; the deadline is the deadline). Checked after a step's own checks, so a repeat stays harmless.
 */
export function checkDeadline(state: AgreementState, now: Date): Refusal | null {
  if (state.status !== 'in_progress' || now.getTime() < ms(state.deadlineAt)) return null;
  return refuse(refusals.agreementClosed, `the deadline passed at ${state.deadlineAt}; the agreement expires`);
}
