// The request and response schemas of the certification routes (api/certification/*-routes.ts).
import { z } from 'zod';
import { applicationStatuses } from '../../workflows/certification-review/contract';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { paginationQuery } from '../pagination';
import { resourceId } from '../parties/common';

export const applicationParams = z.object({ id: resourceId }).strict();
export const objectionParams = z.object({ id: resourceId, objectionId: resourceId }).strict();

export const applied = z.object({ id: z.string(), workflowId: z.string(), status: z.string() }).meta({ id: 'CertificationApplied' });

export const applicationSummary = z
  .object({
    id: z.string(),
    programmeId: z.string(),
    domain: z.string(),
    level: z.string(),
    candidateUserId: z.string(),
    organizationId: z.string().nullable(),
    status: z.enum([...applicationStatuses, ...abnormalEndStatuses]),
    stage: z.string().nullable(),
    round: z.number().int(),
    certificateNumber: z.string().nullable(),
    closed: z.boolean(),
    submittedAt: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'CertificationApplicationSummary' });

export const listQuery = z
  .object({
    status: z.enum([...applicationStatuses, ...abnormalEndStatuses]).optional(),
    programmeId: z.string().max(64).optional(),
    candidateUserId: z.string().max(128).optional(),
    ...paginationQuery,
  })
  .strict();

export const stepResultSchema = z
  .object({
    applicationId: z.string(),
    step: z.string(),
    status: z.string(),
    task: z.record(z.string(), z.unknown()).nullable(),
    objectionId: z.string().nullable(),
    alreadyDone: z.boolean(),
  })
  .meta({ id: 'CertificationStepResult' });
