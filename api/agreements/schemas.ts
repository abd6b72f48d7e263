// The request and response schemas of /v1/agreements (api/agreements/routes.ts).
import { z } from 'zod';
import { agreementKind, agreementStatus, agreementStatuses, documentRequest, sha256Hex } from '../../workflows/agreement-signing/contract';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { pageInfo, paginationQuery } from '../pagination';
import { pendingForValues } from './who-may-sign';

export const agreementParams = z.object({ id: z.uuid() }).strict();
const partyId = z.string().trim().min(1).max(128);
const reason = z.string().trim().min(1, 'a reason is required').max(2000);

const unreachableParty = z
  .object({
    partyId: z.string(),
    displayName: z.string(),
    organizationId: z.string().nullable(),
    userId: z.string().nullable(),
    needs: z.string().meta({ description: 'Who would have to exist, and be active, for somebody to act for the party.' }),
  })
  .meta({ id: 'UnreachableParty' });

export const launched = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    documentSha256: z.string(),
    status: z.string(),
    unreachableParties: z.array(unreachableParty).meta({
      description: 'Parties nobody may act for, launched anyway with allowUnreachableParties (else empty): the agreement cannot finish until they can.',
    }),
    warnings: z.array(z.string()).meta({ description: 'One line per unreachable party.' }),
  })
  .meta({ id: 'AgreementLaunched' });

export const signBody = z
  .object({
    partyId,
    documentSha256: sha256Hex.meta({ description: 'The SHA-256 of the document version the caller read and signs.' }),
  })
  .strict()
  .meta({ id: 'SignAgreement' });
export const declineBody = z.object({ partyId, reason }).strict().meta({ id: 'DeclineAgreement' });
export const delegateBody = z
  .object({ partyId, toUserId: z.uuid().meta({ description: "An active user of the party's organisation." }), reason: reason.optional() })
  .strict()
  .meta({ id: 'DelegateAgreementStep' });
export const voidBody = z.object({ reason }).strict().meta({ id: 'VoidAgreement' });
export const amendBody = z
  .object({ document: documentRequest, note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .meta({ id: 'AmendAgreement' });

export const stepResultSchema = z
  .object({
    agreementId: z.string(),
    step: z.enum(['sign', 'approve', 'decline', 'delegate', 'void', 'amend']),
    partyId: z.string().nullable(),
    status: agreementStatus,
    version: z.number().int(),
    currentRoutingGroup: z.number().int().nullable(),
    alreadyDone: z.boolean().meta({ description: 'The step had been done before: nothing changed.' }),
  })
  .meta({ id: 'AgreementStepResult' });

export const listQuery = z
  .object({
    status: z.enum([...agreementStatuses, ...abnormalEndStatuses]).optional(),
    allianceId: z.string().trim().min(1).max(128).optional(),
    kind: agreementKind.optional(),
    organizationId: z.string().trim().min(1).max(128).optional().meta({ description: 'Only agreements this organisation is a party of.' }),
    pendingFor: z.enum(pendingForValues).optional().meta({
      description: 'Only agreements waiting for the caller (a pending party the caller may act for) or for any user of its organisation.',
    }),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Only agreements whose title contains this text (case-insensitive, literally: % and _ are plain characters).' }),
    ...paginationQuery,
  })
  .strict();

const agreementSummary = z
  .object({
    id: z.string(),
    allianceId: z.string().nullable(),
    title: z.string(),
    kind: agreementKind,
    status: z.string(),
    version: z.number().int(),
    documentSha256: z.string(),
    currentRoutingGroup: z.number().int().nullable(),
    pendingParties: z
      .array(
        z.object({
          partyId: z.string(),
          displayName: z.string(),
          role: z.string(),
          kind: z.string(),
          organizationId: z.string().nullable(),
          userId: z.string().nullable(),
          delegatedTo: z.object({ userId: z.string() }).nullable(),
        }),
      )
      .meta({ description: 'The parties whose step the agreement waits for (their routing group is open), in routing order.' }),
    deadline: z.iso.datetime().nullable(),
    effectiveAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AgreementSummary' });
export const agreementPage = z.object({ items: z.array(agreementSummary), ...pageInfo }).meta({ id: 'AgreementPage' });

export const certificateQuery = z
  .object({
    format: z
      .enum(['json', 'html', 'pdf'])
      .optional()
      .meta({ description: 'Default: JSON, or HTML / PDF when the Accept header prefers text/html / application/pdf.' }),
  })
  .strict();
