// The agreement's process state and the pure rules over it. No I/O, no clocks: the workflow passes time in.
import type { AgreementKind, AgreementSigningInput, AgreementStatus, AgreementStatusView, PartyState } from './contract';

export interface PartyRecord {
  partyId: string;
  displayName: string;
  role: 'signer' | 'approver' | 'cc';
  routingGroup: number;
  state: PartyState;
}

export interface AgreementState {
  agreementId: string;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
  version: number;
  documentSha256: string;
  deadlineAt: string;
  parties: PartyRecord[];
}

export function initialState(input: AgreementSigningInput, deadlineAt: Date): AgreementState {
  const state: AgreementState = {
    agreementId: input.agreementId,
    title: input.title,
    kind: input.kind,
    status: 'in_progress',
    version: 1,
    documentSha256: input.documentSha256,
    deadlineAt: deadlineAt.toISOString(),
    parties: input.parties.map((p) => ({ ...p, state: 'waiting' })),
  };
  return openCurrentGroup(state);
}

/** The lowest routing group that still has a party who must act; null when everyone has. */
export function currentRoutingGroup(state: AgreementState): number | null {
  const open = state.parties.filter((p) => p.role !== 'cc' && !isDone(p.state)).map((p) => p.routingGroup);
  return open.length ? Math.min(...open) : null;
}

function isDone(s: PartyState): boolean {
  return s === 'signed' || s === 'approved' || s === 'notified';
}

/** Parties of the current group become pending; everyone else keeps their state. */
export function openCurrentGroup(state: AgreementState): AgreementState {
  const group = currentRoutingGroup(state);
  return {
    ...state,
    parties: state.parties.map((p) =>
      p.routingGroup === group && p.state === 'waiting' && p.role !== 'cc' ? { ...p, state: 'pending' } : p,
    ),
  };
}

export function expire(state: AgreementState): AgreementState {
  return state.status === 'in_progress' ? { ...state, status: 'expired' } : state;
}

export function toStatusView(state: AgreementState): AgreementStatusView {
  return {
    agreementId: state.agreementId,
    title: state.title,
    kind: state.kind,
    status: state.status,
    version: state.version,
    documentSha256: state.documentSha256,
    currentRoutingGroup: state.status === 'in_progress' ? currentRoutingGroup(state) : null,
    deadlineAt: state.deadlineAt,
    parties: state.parties.map((p) => ({ ...p })),
  };
}
