// What an AgreementSigning workflow is started with: the kinds, roles and policy of an agreement, its
// parties as the API resolved them and its document as the workflow carries it. Zod-free: the request
// schemas that check these shapes are workflows/agreement-signing/contract.ts.
import type { DocumentRef } from '../documents/document-ref';

export const AGREEMENT_SIGNING_WORKFLOW = 'agreementSigning';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function agreementWorkflowId(agreementId: string): string {
  return `agreement-${agreementId}`;
}

export const agreementKinds = ['alliance_charter', 'cooperation_memorandum', 'co_education_project', 'tripartite_placement', 'tripartite_service'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

/** signer: signs; approver: approves before the signers of its routing group may sign; cc: receives copies. */
export const partyRoles = ['signer', 'approver', 'cc'] as const;
export type PartyRole = (typeof partyRoles)[number];

export const agreementStatuses = ['in_progress', 'effective', 'declined', 'voided', 'expired'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/** A document as a request gives it: its text, or an external reference with its SHA-256. */
export type DocumentInput = { text: string } | { reference: string; sha256: string };

/**
 * A document as a workflow carries it: a body in the document store by its reference (the API stores
 * `{text}` before it starts or updates the workflow, so no body enters the history), or an external
 * reference with its hash. `{text}` remains for workflows started before the store; their text is moved
 * into the store when their versions are recorded.
 */
export type WorkflowDocument = { stored: DocumentRef } | Extract<DocumentInput, { reference: string }> | Extract<DocumentInput, { text: string }>;

export interface ReminderPolicy {
  /** The first reminder this long after a routing group (or its signers, after its approvers) opened. */
  firstAfter: string;
  /** Then one every so often... */
  every: string;
  /** ...at most this many per routing group stage. */
  max: number;
}

/** Every duration is ISO 8601 (core/iso-duration.ts). */
export interface SigningPolicy {
  /** The agreement expires this long after launch unless everyone has signed. */
  deadline: string;
  reminders?: ReminderPolicy;
  /** A warning to the pending parties and the secretariat this long before the deadline. */
  expiryWarningBefore?: string;
  /** Once effective, the agreement runs for this long (or until `effectiveUntil`)... */
  effectiveFor?: string;
  effectiveUntil?: string;
  /** ...and a renewal reminder goes out this long before it runs out. */
  renewalReminderBefore?: string;
}

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
