// The AgreementSigning messages: the parties' and the secretariat's steps (Workflow Updates, so the caller
// gets the result or a precise refusal at once), the refusals, and the live status (a Query, and the
// answer of launchRecorded). Zod-free and workflow-safe: the API, the workflow and the tests share it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { AgreementKind, AgreementStatus, ResolvedParty, WorkflowDocument } from './input';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps

export interface SignStep {
  actor: Actor;
  partyId: string;
  /** The SHA-256 of the document version the signer read; must be the current version's. */
  documentSha256: string;
}
export const signUpdate = defineUpdate<StepResult, [SignStep]>('sign');

export type ApproveStep = SignStep;
export const approveUpdate = defineUpdate<StepResult, [ApproveStep]>('approve');

export interface DeclineStep {
  actor: Actor;
  partyId: string;
  reason: string;
}
export const declineUpdate = defineUpdate<StepResult, [DeclineStep]>('decline');

export interface DelegateStep {
  actor: Actor;
  partyId: string;
  /** The delegate, as the API found them: an active user of the party's organisation. */
  to: { userId: string; organizationId: string | null; name: string };
  reason?: string;
}
export const delegateUpdate = defineUpdate<StepResult, [DelegateStep]>('delegate');

export interface VoidStep {
  actor: Actor;
  reason: string;
}
export const voidUpdate = defineUpdate<StepResult, [VoidStep]>('void');

export interface AmendStep {
  actor: Actor;
  document: WorkflowDocument;
  documentSha256: string;
  note?: string;
}
export const amendUpdate = defineUpdate<StepResult, [AmendStep]>('amend');

export type StepName = 'sign' | 'approve' | 'decline' | 'delegate' | 'void' | 'amend';

/** What a step left: the agreement's status, version and routing right after it. */
export interface StepResult {
  agreementId: string;
  step: StepName;
  partyId: string | null;
  status: AgreementStatus;
  version: number;
  currentRoutingGroup: number | null;
  /** True when the step had already been done: repeating a completed step changes nothing. */
  alreadyDone: boolean;
}

/**
 * Why a step was refused: the ApplicationFailure `type` an update validator throws. `AlreadyDone` is not
 * an error: the step had been completed before, and the failure's first detail is its StepResult. It is
 * answered by the validator so that repeats never add events to the workflow's history.
 */
export const refusals = {
  /** No such party in this agreement. */
  unknownParty: 'UnknownParty',
  /** The caller may not act for this party, or is not the alliance's secretariat. */
  notAuthorized: 'NotAuthorized',
  /** It is not this party's turn (an earlier routing group, or its group's approvers, are pending). */
  notYourTurn: 'NotYourTurn',
  /** The acknowledged document hash is not the current version's. */
  documentHashMismatch: 'DocumentHashMismatch',
  /** The agreement is no longer in progress (effective, declined, voided, expired). */
  agreementClosed: 'AgreementClosed',
  /** The step does not fit the party (an approver signing, a delegation outside the organisation...). */
  invalidStep: 'InvalidStep',
  /** The agreement has had as many amendments as it may (AgreementSigningInput.maxAmendments). */
  amendmentLimitReached: 'AmendmentLimitReached',
  alreadyDone: 'AlreadyDone',
} as const;
export type RefusalType = (typeof refusals)[keyof typeof refusals];

// ---------------------------------------------------------------------------------------------------
// Live status

export type PartyState = 'waiting' | 'pending' | 'signed' | 'approved' | 'declined' | 'notified';

export interface PartyStatusView extends ResolvedParty {
  state: PartyState;
  /** The user the party delegated to (who alone may act for it now). */
  delegatedTo: { userId: string; name: string } | null;
  /** The party's action on the current version. */
  action: { step: 'signed' | 'approved' | 'declined'; by: string; at: string } | null;
}

export interface VersionView {
  version: number;
  documentSha256: string;
  reference: string | null;
  createdAt: string;
  createdBy: string;
  note: string | null;
}

export interface AgreementStatusView {
  agreementId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
  version: number;
  documentSha256: string;
  versions: VersionView[];
  currentRoutingGroup: number | null;
  /** Inside the current group: its approvers act first, then its signers. */
  currentStage: 'approval' | 'signature' | null;
  launchedAt: string;
  deadlineAt: string;
  expiryWarningAt: string | null;
  nextReminderAt: string | null;
  remindersSent: number;
  parties: PartyStatusView[];
  outcome: { step: 'declined' | 'voided' | 'expired'; by: string; at: string; reason: string | null; partyId: string | null } | null;
  effectiveAt: string | null;
  effectiveUntil: string | null;
  renewalReminderAt: string | null;
  seal: string | null;
}

export const statusQuery = defineQuery<AgreementStatusView>('status');

/**
 * Sent with the start (executeUpdateWithStart): answers once the workflow has recorded the launch (the
 * audit entry and the agreement's row are written), with the status as it stands then, so that a read
 * right after the start finds the agreement.
 */
export const launchRecordedUpdate = defineUpdate<AgreementStatusView, []>('launchRecorded');
