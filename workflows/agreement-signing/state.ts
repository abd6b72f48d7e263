// The agreement's process state, its launch and its routing: pure, no I/O, no clocks (the workflow passes
// time in), and every function returns a new state. The steps over it are steps.ts, who may take them
// who-may-act.ts, its clock timers.ts, its completion completion.ts and its live view status-view.ts.
import { addIsoDuration, subtractIsoDuration } from '../../core/iso-duration';
import type { AgreementStatusView, PartyState, RefusalType, StepResult, VersionView } from '../../core/agreement-signing/messages';
import { DEFAULT_MAX_AMENDMENTS } from '../../core/agreement-defaults';
import type { AgreementKind, AgreementSigningInput, AgreementStatus, ResolvedParty, SigningPolicy } from '../../core/agreement-signing/input';
import type { Refusal as CoreRefusal } from '../../core/refusal';

export interface PartyAction {
  step: 'signed' | 'approved' | 'declined';
  /** The user who acted. */
  by: string;
  at: string;
  /** The document hash acknowledged (sign, approve). */
  documentSha256: string | null;
  /** A delegate acted for the party. */
  delegated: boolean;
  reason: string | null;
}

export interface PartyRecord extends ResolvedParty {
  state: PartyState;
  delegatedTo: { userId: string; name: string } | null;
  /** What the party did on the current version. */
  action: PartyAction | null;
  /** Whether the party was sent its invitation (or, for cc, its copy) for the current version. */
  invited: boolean;
}

export interface DelegationRecord {
  partyId: string;
  /** 1, 2... per party. */
  sequence: number;
  version: number;
  from: string;
  to: string;
  toName: string;
  reason: string | null;
  at: string;
}

export type Phase = 'approval' | 'signature';

/** Where routing stands: a group, and inside it approvers first, then signers. */
export interface Stage {
  /** "<version>/<group>/<phase>": a new key restarts the reminders. */
  key: string;
  group: number;
  phase: Phase;
  openedAt: string;
  remindersSent: number;
}

export interface AgreementState {
  agreementId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  launchedBy: string;
  title: string;
  kind: AgreementKind;
  policy: SigningPolicy;
  status: AgreementStatus;
  version: number;
  documentSha256: string;
  versions: VersionView[];
  launchedAt: string;
  deadlineAt: string;
  expiryWarningAt: string | null;
  expiryWarningSent: boolean;
  stage: Stage | null;
  parties: PartyRecord[];
  delegations: DelegationRecord[];
  outcome: AgreementStatusView['outcome'];
  effectiveAt: string | null;
  effectiveUntil: string | null;
  renewalReminderAt: string | null;
  renewalReminderSent: boolean;
  seal: string | null;
  auditHead: { sequence: number; hash: string } | null;
  /** Amendments (versions after the first) this agreement may have: a bound on its history. */
  maxAmendments: number;
}

/** Why a step was refused (core/refusal.ts); for AlreadyDone with what the earlier step left. */
export type Refusal = CoreRefusal<RefusalType, StepResult>;

// ---------------------------------------------------------------------------------------------------
// Time

export const iso = (date: Date) => date.toISOString();
export const ms = (text: string) => new Date(text).getTime();

// ---------------------------------------------------------------------------------------------------
// Launch and routing

export function initialState(input: AgreementSigningInput, launchedAt: Date): AgreementState {
  const deadlineAt = addIsoDuration(launchedAt, input.policy.deadline);
  const warningAt = input.policy.expiryWarningBefore ? subtractIsoDuration(deadlineAt, input.policy.expiryWarningBefore) : null;
  const state: AgreementState = {
    agreementId: input.agreementId,
    allianceId: input.allianceId,
    secretariatOrganizationId: input.secretariatOrganizationId,
    launchedBy: input.launchedBy,
    title: input.title,
    kind: input.kind,
    policy: input.policy,
    status: 'in_progress',
    version: 1,
    documentSha256: input.documentSha256,
    versions: [
      {
        version: 1,
        documentSha256: input.documentSha256,
        reference: 'reference' in input.document ? input.document.reference : null,
        createdAt: iso(launchedAt),
        createdBy: input.launchedBy,
        note: null,
      },
    ],
    launchedAt: iso(launchedAt),
    deadlineAt: iso(deadlineAt),
    // A warning due at or before the launch, or at the deadline itself, would tell nobody anything.
    expiryWarningAt: warningAt && warningAt > launchedAt && warningAt < deadlineAt ? iso(warningAt) : null,
    expiryWarningSent: false,
    stage: null,
    parties: input.parties.map((p) => ({ ...p, state: 'waiting', delegatedTo: null, action: null, invited: false })),
    delegations: [],
    outcome: null,
    effectiveAt: null,
    effectiveUntil: null,
    renewalReminderAt: null,
    renewalReminderSent: false,
    seal: null,
    auditHead: null,
    maxAmendments: input.maxAmendments ?? DEFAULT_MAX_AMENDMENTS,
  };
  return openStage(state, launchedAt);
}

function acts(p: PartyRecord): boolean {
  return p.role !== 'cc';
}

export function isDone(p: PartyRecord): boolean {
  return p.state === 'signed' || p.state === 'approved';
}

/** The lowest routing group that still has a party who must act; null when everyone has. */
export function currentRoutingGroup(state: Pick<AgreementState, 'parties'>): number | null {
  let group: number | null = null;
  for (const p of state.parties) {
    if (acts(p) && !isDone(p) && (group === null || p.routingGroup < group)) group = p.routingGroup;
  }
  return group;
}

/** The current group and phase: its approvers act first; its signers once every approver approved. */
export function currentStage(state: Pick<AgreementState, 'parties'>): { group: number; phase: Phase } | null {
  const group = currentRoutingGroup(state);
  if (group === null) return null;
  const approvalPending = state.parties.some((p) => p.routingGroup === group && p.role === 'approver' && !isDone(p));
  return { group, phase: approvalPending ? 'approval' : 'signature' };
}

function actsInStage(p: PartyRecord, stage: { group: number; phase: Phase }): boolean {
  return p.routingGroup === stage.group && p.role === (stage.phase === 'approval' ? 'approver' : 'signer');
}

/**
 * Brings the parties in line with the current stage: its parties become pending, cc parties whose group
 * routing has reached get their copy ("notified"), and a new stage restarts the reminder count.
 */
export function openStage(state: AgreementState, at: Date): AgreementState {
  const stage = currentStage(state);
  const reached = stage?.group ?? Number.POSITIVE_INFINITY;
  const parties = state.parties.map((p): PartyRecord => {
    if (p.role === 'cc') return p.routingGroup <= reached && p.state === 'waiting' ? { ...p, state: 'notified' } : p;
    if (stage && actsInStage(p, stage) && p.state === 'waiting') return { ...p, state: 'pending' };
    return p;
  });
  const key = stage ? `${state.version}/${stage.group}/${stage.phase}` : null;
  const next: Stage | null =
    stage && key ? (state.stage?.key === key ? state.stage : { key, group: stage.group, phase: stage.phase, openedAt: iso(at), remindersSent: 0 }) : null;
  return { ...state, parties, stage: next };
}

export function pendingParties(state: AgreementState): PartyRecord[] {
  return state.parties.filter((p) => p.state === 'pending');
}

/** Parties owed an invitation (pending) or a copy (cc, notified) that have not had it yet. */
export function partiesToInvite(state: AgreementState): PartyRecord[] {
  if (state.status !== 'in_progress') return [];
  return state.parties.filter((p) => !p.invited && (p.state === 'pending' || p.state === 'notified'));
}

export function markInvited(state: AgreementState, partyIds: readonly string[]): AgreementState {
  const ids = new Set(partyIds);
  return { ...state, parties: state.parties.map((p) => (ids.has(p.partyId) ? { ...p, invited: true } : p)) };
}

export function party(state: AgreementState, partyId: string): PartyRecord | undefined {
  return state.parties.find((p) => p.partyId === partyId);
}

export function withParty(state: AgreementState, partyId: string, change: (p: PartyRecord) => PartyRecord): AgreementState {
  return { ...state, parties: state.parties.map((p) => (p.partyId === partyId ? change(p) : p)) };
}
