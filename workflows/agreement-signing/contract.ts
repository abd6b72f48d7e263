// The AgreementSigning contract, defined once: the API, the worker and the tests import it from here.
// Workflow-safe (zod and @temporalio/workflow's message definitions only).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { DocumentRef } from '../../core/documents/document-ref';
import { boundedDateTime } from '../shared/date-time';
import { isoDuration } from '../../schemas/iso-duration';
import { visibleText } from '../shared/visible-text';
import { DEFAULT_MAX_AMENDMENTS } from '../../core/agreement-defaults';

export const AGREEMENT_SIGNING_WORKFLOW = 'agreementSigning';

export const agreementKinds = [
  'alliance_charter',
  'cooperation_memorandum',
  'co_education_project',
  'tripartite_placement',
] as const;
export const agreementKind = z.enum(agreementKinds);
export type AgreementKind = z.infer<typeof agreementKind>;

/** signer: signs; approver: approves before the signers of its routing group may sign; cc: receives copies. */
export const partyRoles = ['signer', 'approver', 'cc'] as const;
export const partyRole = z.enum(partyRoles);
export type PartyRole = z.infer<typeof partyRole>;

export const agreementStatuses = ['in_progress', 'effective', 'declined', 'voided', 'expired'] as const;
export const agreementStatus = z.enum(agreementStatuses);
export type AgreementStatus = (typeof agreementStatuses)[number];

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');
const identifier = z.string().trim().min(1).max(128);
const reason = z.string().trim().min(1, 'a reason is required').max(2000);

export const documentInput = z.union([
  z.object({ text: z.string().min(1).max(1_000_000) }).strict(),
  z.object({ reference: z.url().max(2048), sha256: sha256Hex }).strict(),
]);
export type DocumentInput = z.infer<typeof documentInput>;

/**
 * A document as a workflow carries it: a body in the document store by its reference (the API stores
 * `{text}` before it starts or updates the workflow, so no body enters the history), or an external
 * reference with its hash. `{text}` remains for workflows started before the store; their text is moved
 * into the store when their versions are recorded.
 */
export type WorkflowDocument = { stored: DocumentRef } | Extract<DocumentInput, { reference: string }> | Extract<DocumentInput, { text: string }>;

/**
 * A party as the secretariat names it: a user (`userId`), or an organisation (`organizationId`), for
 * which any active user holding the `signatory` role in that organisation may act.
 */
export const partyInput = z
  .object({
    partyId: identifier,
    displayName: z.string().trim().min(1).max(200).superRefine(visibleText),
    role: partyRole,
    routingGroup: z.number().int().min(1).max(100),
    userId: identifier.optional(),
    organizationId: identifier.optional(),
  })
  .strict()
  .refine((p) => (p.userId === undefined) !== (p.organizationId === undefined), {
    message: 'a party is either a user (userId) or an organisation (organizationId), exactly one of them',
  });
export type PartyInput = z.infer<typeof partyInput>;

export const reminderPolicy = z
  .object({
    /** The first reminder this long after a routing group (or its signers, after its approvers) opened. */
    firstAfter: isoDuration,
    /** Then one every so often... */
    every: isoDuration,
    /** ...at most this many per routing group stage. */
    max: z.number().int().min(0).max(100),
  })
  .strict();
export type ReminderPolicy = z.infer<typeof reminderPolicy>;

export const signingPolicy = z
  .object({
    /** The agreement expires this long after launch unless everyone has signed. */
    deadline: isoDuration,
    reminders: reminderPolicy.optional(),
    /** A warning to the pending parties and the secretariat this long before the deadline. */
    expiryWarningBefore: isoDuration.optional(),
    /** Once effective, the agreement runs for this long (or until `effectiveUntil`)... */
    effectiveFor: isoDuration.optional(),
    effectiveUntil: boundedDateTime.optional(),
    /** ...and a renewal reminder goes out this long before it runs out. */
    renewalReminderBefore: isoDuration.optional(),
  })
  .strict()
  .refine((p) => !(p.effectiveFor && p.effectiveUntil), {
    message: 'give effectiveFor or effectiveUntil, not both',
    path: ['effectiveUntil'],
  })
  .refine((p) => !p.renewalReminderBefore || p.effectiveFor || p.effectiveUntil, {
    message: 'a renewal reminder needs effectiveFor or effectiveUntil',
    path: ['renewalReminderBefore'],
  });
export type SigningPolicy = z.infer<typeof signingPolicy>;

const parties = z
  .array(partyInput)
  .min(1)
  .max(500)
  .refine((list) => new Set(list.map((p) => p.partyId)).size === list.length, {
    message: 'partyId must be unique within an agreement',
  })
  .refine((list) => list.some((p) => p.role !== 'cc'), { message: 'at least one party must sign or approve' })
  .refine(
    (list) => {
      // Every routing group that has an approver must also have a signer for the approval to gate.
      const groups = new Set(list.filter((p) => p.role === 'approver').map((p) => p.routingGroup));
      return [...groups].every((g) => list.some((p) => p.role === 'signer' && p.routingGroup === g));
    },
    { message: 'an approver gates the signers of its routing group: every group with an approver needs a signer' },
  );

/** What a secretariat sends to launch an agreement (POST /v1/agreements). */
export const launchAgreementRequest = z
  .object({
    allianceId: identifier,
    title: z.string().trim().min(1).max(300).superRefine(visibleText),
    kind: agreementKind,
    document: documentInput,
    parties,
    policy: signingPolicy,
  })
  .strict();
export type LaunchAgreementRequest = z.infer<typeof launchAgreementRequest>;

/** A party as the workflow knows it: the API resolved the user's organisation. */
export interface ResolvedParty {
  partyId: string;
  displayName: string;
  role: PartyRole;
  routingGroup: number;
  kind: 'user' | 'organization';
  /** The acting user for a user party; null for an organisation party. */
  userId: string | null;
  /** The party's organisation (a user party's own organisation, null when the user belongs to none). */
  organizationId: string | null;
}

/** The workflow's input: the request plus what the API established (ids, the document's hash, parties). */
export interface AgreementSigningInput {
  agreementId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  launchedBy: string;
  title: string;
  kind: AgreementKind;
  document: WorkflowDocument;
  documentSha256: string;
  parties: ResolvedParty[];
  policy: SigningPolicy;
  /**
   * At most this many amendments (versions after the first); the amend validator refuses more. Set by
   * the API from AGREEMENT_MAX_AMENDMENTS; absent in workflows started before the limit and in placement
   * agreements: DEFAULT_MAX_AMENDMENTS.
   */
  maxAmendments?: number;
}

/** The amendment limit of an agreement whose input names none (see AgreementSigningInput.maxAmendments). */
export { DEFAULT_MAX_AMENDMENTS };

// ---------------------------------------------------------------------------------------------------
// Steps: every step is a Workflow Update, so the caller gets the result or a precise refusal at once.

/** Who asks, as the API authenticated them. The workflow decides what they may do. */
export interface Actor {
  userId: string;
  organizationId: string | null;
  roles: string[];
}

export interface SignStep {
  actor: Actor;
  partyId: string;
  /** The SHA-256 of the document version the signer read; must be the current version's. */
  documentSha256: string;
}
export type ApproveStep = SignStep;

export interface DeclineStep {
  actor: Actor;
  partyId: string;
  reason: string;
}

export interface DelegateStep {
  actor: Actor;
  partyId: string;
  /** The delegate, as the API found them: an active user of the party's organisation. */
  to: { userId: string; organizationId: string | null; name: string };
  reason?: string;
}

export interface VoidStep {
  actor: Actor;
  reason: string;
}

export interface AmendStep {
  actor: Actor;
  document: WorkflowDocument;
  documentSha256: string;
  note?: string;
}

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

export const signUpdate = defineUpdate<StepResult, [SignStep]>('sign');
export const approveUpdate = defineUpdate<StepResult, [ApproveStep]>('approve');
export const declineUpdate = defineUpdate<StepResult, [DeclineStep]>('decline');
export const delegateUpdate = defineUpdate<StepResult, [DelegateStep]>('delegate');
export const voidUpdate = defineUpdate<StepResult, [VoidStep]>('void');
export const amendUpdate = defineUpdate<StepResult, [AmendStep]>('amend');

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

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function agreementWorkflowId(agreementId: string): string {
  return `agreement-${agreementId}`;
}
