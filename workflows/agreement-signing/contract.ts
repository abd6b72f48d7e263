// The AgreementSigning contract, defined once: the API, the worker and the tests import it from here.
// Workflow-safe (zod and @temporalio/workflow's message definitions only).
import { defineQuery } from '@temporalio/workflow';
import { z } from 'zod';
import { isoDuration } from '../shared/iso-duration';

export const AGREEMENT_SIGNING_WORKFLOW = 'agreementSigning';

export const agreementKinds = [
  'alliance_charter',
  'cooperation_memorandum',
  'co_education_project',
  'tripartite_placement',
] as const;
export const agreementKind = z.enum(agreementKinds);
export type AgreementKind = z.infer<typeof agreementKind>;

export const partyRoles = ['signer', 'approver', 'cc'] as const;
export const partyRole = z.enum(partyRoles);

export const agreementStatuses = ['in_progress', 'effective', 'declined', 'voided', 'expired'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');
const identifier = z.string().trim().min(1).max(128);

export const documentInput = z.union([
  z.object({ text: z.string().min(1).max(1_000_000) }).strict(),
  z.object({ reference: z.url().max(2048), sha256: sha256Hex }).strict(),
]);

export const partyInput = z
  .object({
    partyId: identifier,
    displayName: z.string().trim().min(1).max(200),
    role: partyRole,
    routingGroup: z.number().int().min(1).max(100),
  })
  .strict();
export type PartyInput = z.infer<typeof partyInput>;

export const signingPolicy = z
  .object({
    deadline: isoDuration,
  })
  .strict();
export type SigningPolicy = z.infer<typeof signingPolicy>;

/** What a secretariat sends to launch an agreement (POST /v1/agreements). */
export const launchAgreementRequest = z
  .object({
    allianceId: identifier.optional(),
    title: z.string().trim().min(1).max(300),
    kind: agreementKind,
    document: documentInput,
    parties: z
      .array(partyInput)
      .min(1)
      .max(500)
      .refine((parties) => new Set(parties.map((p) => p.partyId)).size === parties.length, {
        message: 'partyId must be unique within an agreement',
      }),
    policy: signingPolicy,
  })
  .strict();
export type LaunchAgreementRequest = z.infer<typeof launchAgreementRequest>;

/** The workflow's input: the request plus what the API established (ids, the document's hash). */
export const agreementSigningInput = launchAgreementRequest.extend({
  agreementId: identifier,
  documentSha256: sha256Hex,
});
export type AgreementSigningInput = z.infer<typeof agreementSigningInput>;

export type PartyState = 'waiting' | 'pending' | 'signed' | 'approved' | 'declined' | 'notified';

export interface AgreementStatusView {
  agreementId: string;
  title: string;
  kind: AgreementKind;
  status: AgreementStatus;
  version: number;
  documentSha256: string;
  currentRoutingGroup: number | null;
  deadlineAt: string;
  parties: { partyId: string; displayName: string; role: PartyInput['role']; routingGroup: number; state: PartyState }[];
}

export const statusQuery = defineQuery<AgreementStatusView>('status');

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function agreementWorkflowId(agreementId: string): string {
  return `agreement-${agreementId}`;
}
