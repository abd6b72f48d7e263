// The agreement's process state and the pure rules over it. No I/O, no clocks: the workflow passes time
// in, and every function returns a new state. Each step has a check (who may do it, whose turn it is,
// which document hash, in which state: a precise refusal, or null) and a transition.
import { addIsoDuration, subtractIsoDuration } from '../../core/iso-duration';
import {
  type Actor,
  DEFAULT_MAX_AMENDMENTS,
  type AgreementKind,
  type AgreementSigningInput,
  type AgreementStatus,
  type AgreementStatusView,
  type AmendStep,
  type ApproveStep,
  type DeclineStep,
  type DelegateStep,
  type PartyState,
  type PartyStatusView,
  type RefusalType,
  type ResolvedParty,
  refusals,
  type SignStep,
  type SigningPolicy,
  type StepName,
  type StepResult,
  type VersionView,
  type VoidStep,
} from './contract';
import type { SignatureRecord } from './seal';

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

export interface Refusal {
  type: RefusalType;
  message: string;
  /** For AlreadyDone: what the earlier step left. */
  result?: StepResult;
}

// ---------------------------------------------------------------------------------------------------
// Time

const iso = (date: Date) => date.toISOString();
const ms = (text: string) => new Date(text).getTime();

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

function isDone(p: PartyRecord): boolean {
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
    stage && key
      ? state.stage?.key === key
        ? state.stage
        : { key, group: stage.group, phase: stage.phase, openedAt: iso(at), remindersSent: 0 }
      : null;
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

function party(state: AgreementState, partyId: string): PartyRecord | undefined {
  return state.parties.find((p) => p.partyId === partyId);
}

function withParty(state: AgreementState, partyId: string, change: (p: PartyRecord) => PartyRecord): AgreementState {
  return { ...state, parties: state.parties.map((p) => (p.partyId === partyId ? change(p) : p)) };
}

// ---------------------------------------------------------------------------------------------------
// Who may act

export function isSecretariat(state: AgreementState, actor: Actor): boolean {
  return (
    actor.roles.includes('admin') ||
    (actor.roles.includes('secretariat') && actor.organizationId === state.secretariatOrganizationId)
  );
}

/** A delegate alone; else the user of a user party; else any signatory of the party's organisation. */
export function mayActFor(p: PartyRecord, actor: Actor): boolean {
  if (p.delegatedTo) return actor.userId === p.delegatedTo.userId;
  if (p.kind === 'user') return actor.userId === p.userId;
  return p.organizationId !== null && actor.organizationId === p.organizationId && actor.roles.includes('signatory');
}

function whoMayAct(p: PartyRecord): string {
  if (p.delegatedTo) return `only ${p.delegatedTo.name} (user ${p.delegatedTo.userId}), to whom it was delegated, may act for party ${p.partyId}`;
  if (p.kind === 'user') return `only user ${p.userId} may act for party ${p.partyId}`;
  return `only a signatory of organisation ${p.organizationId} may act for party ${p.partyId}`;
}

function refuse(type: RefusalType, message: string): Refusal {
  return { type, message };
}

function closed(state: AgreementState): Refusal {
  const how =
    state.status === 'effective'
      ? 'is already effective'
      : state.outcome
        ? `was ${state.status} at ${state.outcome.at}`
        : `is ${state.status}`;
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

function alreadyDone(state: AgreementState, step: StepName, partyId: string | null, message: string): Refusal {
  return { type: refusals.alreadyDone, message, result: stepResult(state, step, partyId, true) };
}

/** Who, repeat, state: the checks every party step shares. */
function checkPartyStep(
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

function turnRefusal(state: AgreementState, p: PartyRecord): Refusal | null {
  if (p.state === 'pending') return null;
  const stage = currentStage(state);
  if (!stage) return closed(state);
  const waitingFor = pendingParties(state).map((q) => q.partyId).join(', ');
  if (p.routingGroup > stage.group) {
    return refuse(
      refusals.notYourTurn,
      `party ${p.partyId} acts in routing group ${p.routingGroup}; group ${stage.group} has not finished (waiting for ${waitingFor})`,
    );
  }
  return refuse(
    refusals.notYourTurn,
    `the approvers of routing group ${p.routingGroup} must approve before its signers sign (waiting for ${waitingFor})`,
  );
}

function hashRefusal(state: AgreementState, acknowledged: string): Refusal | null {
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
  const renewal =
    effectiveUntil && next.policy.renewalReminderBefore ? subtractIsoDuration(effectiveUntil, next.policy.renewalReminderBefore) : null;
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

// ---------------------------------------------------------------------------------------------------
// Timers

export type TimerKind = 'deadline' | 'expiry_warning' | 'reminder' | 'renewal_reminder';

export interface DueTimer {
  kind: TimerKind;
  at: string;
}

/** When the current stage's next reminder is due: first after, then every, at most max, before the deadline. */
export function nextReminderAt(state: AgreementState): string | null {
  const policy = state.policy.reminders;
  if (state.status !== 'in_progress' || !policy || !state.stage || state.stage.remindersSent >= policy.max) return null;
  let at = addIsoDuration(new Date(state.stage.openedAt), policy.firstAfter);
  for (let n = 0; n < state.stage.remindersSent; n++) at = addIsoDuration(at, policy.every);
  return at.getTime() < ms(state.deadlineAt) ? iso(at) : null;
}

/** The next timer the workflow must wait for; null when nothing is left to wait for. */
export function nextTimer(state: AgreementState): DueTimer | null {
  if (state.status === 'in_progress') {
    const candidates: DueTimer[] = [{ kind: 'deadline', at: state.deadlineAt }];
    if (state.expiryWarningAt && !state.expiryWarningSent) candidates.push({ kind: 'expiry_warning', at: state.expiryWarningAt });
    const reminder = nextReminderAt(state);
    if (reminder) candidates.push({ kind: 'reminder', at: reminder });
    // Earliest first; on a tie the deadline wins (nothing is reminded of an expired agreement).
    return candidates.reduce((a, b) => (ms(b.at) < ms(a.at) ? b : a));
  }
  if (state.status === 'effective' && state.renewalReminderAt && !state.renewalReminderSent) {
    return { kind: 'renewal_reminder', at: state.renewalReminderAt };
  }
  return null;
}

export function recordReminder(state: AgreementState): AgreementState {
  return state.stage ? { ...state, stage: { ...state.stage, remindersSent: state.stage.remindersSent + 1 } } : state;
}

export function recordExpiryWarning(state: AgreementState): AgreementState {
  return { ...state, expiryWarningSent: true };
}

export function recordRenewalReminder(state: AgreementState): AgreementState {
  return { ...state, renewalReminderSent: true };
}

export function expire(state: AgreementState, at: Date): AgreementState {
  if (state.status !== 'in_progress') return state;
  return { ...state, status: 'expired', stage: null, outcome: { step: 'expired', by: 'system', at: iso(at), reason: null, partyId: null } };
}

// ---------------------------------------------------------------------------------------------------
// Completion

/** The signature and approval records of the current version, as the seal and the certificate list them. */
export function signatureRecords(state: AgreementState): SignatureRecord[] {
  return state.parties.flatMap((p) =>
    p.action && (p.action.step === 'signed' || p.action.step === 'approved')
      ? [
          {
            partyId: p.partyId,
            role: p.role,
            step: p.action.step,
            actedBy: p.action.by,
            onBehalfOf: p.kind === 'organization' ? p.organizationId : null,
            delegated: p.action.delegated,
            documentSha256: p.action.documentSha256 ?? state.documentSha256,
            at: p.action.at,
          },
        ]
      : [],
  );
}

/** Parties whose recorded state differs between two states (what a projection write must update). */
export function changedParties(before: AgreementState, after: AgreementState): PartyRecord[] {
  return after.parties.filter((p, index) => {
    const old = before.parties[index];
    return !old || old.state !== p.state || old.delegatedTo?.userId !== p.delegatedTo?.userId || old.action?.at !== p.action?.at;
  });
}

export function sealed(state: AgreementState, seal: string, auditHead: { sequence: number; hash: string }): AgreementState {
  return { ...state, seal, auditHead };
}

// ---------------------------------------------------------------------------------------------------
// Views

export function toPartyView(p: PartyRecord): PartyStatusView {
  return {
    partyId: p.partyId,
    displayName: p.displayName,
    role: p.role,
    routingGroup: p.routingGroup,
    kind: p.kind,
    userId: p.userId,
    organizationId: p.organizationId,
    state: p.state,
    delegatedTo: p.delegatedTo,
    action: p.action ? { step: p.action.step, by: p.action.by, at: p.action.at } : null,
  };
}

export function toStatusView(state: AgreementState): AgreementStatusView {
  const stage = state.status === 'in_progress' ? currentStage(state) : null;
  return {
    agreementId: state.agreementId,
    allianceId: state.allianceId,
    secretariatOrganizationId: state.secretariatOrganizationId,
    title: state.title,
    kind: state.kind,
    status: state.status,
    version: state.version,
    documentSha256: state.documentSha256,
    versions: state.versions.map((v) => ({ ...v })),
    currentRoutingGroup: stage?.group ?? null,
    currentStage: stage?.phase ?? null,
    launchedAt: state.launchedAt,
    deadlineAt: state.deadlineAt,
    expiryWarningAt: state.expiryWarningAt,
    nextReminderAt: nextReminderAt(state),
    remindersSent: state.stage?.remindersSent ?? 0,
    parties: state.parties.map(toPartyView),
    outcome: state.outcome ? { ...state.outcome } : null,
    effectiveAt: state.effectiveAt,
    effectiveUntil: state.effectiveUntil,
    renewalReminderAt: state.renewalReminderAt,
    seal: state.seal,
  };
}
