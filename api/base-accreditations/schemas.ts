// The request and response schemas of /v1/base-accreditations and the programme dashboard (routes.ts,
// dashboard-route.ts), above the zod-free contract in core/base-accreditation.
import { z } from 'zod';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { accreditationStatuses, type AccreditationPolicy } from '../../core/base-accreditation/input';
import { isoDuration } from '../../schemas/iso-duration';
import { evidenceItem, panelRule } from '../../workflows/certification-review/contract';
import { pageInfo, paginationQuery } from '../pagination';
import { displayText, resourceId } from '../parties/common';

export const accreditationParams = z.object({ id: resourceId }).strict();
export const taskParams = z.object({ id: resourceId, taskId: resourceId }).strict();
export const objectionParams = z.object({ id: resourceId, objectionId: resourceId }).strict();

const text = (max: number) => z.string().trim().min(1).max(max);

/** Only an admin sets the policy (tests use seconds); otherwise the production defaults apply. */
export const accreditationPolicy = z
  .object({
    evaluationOrganizationIds: z.array(resourceId).max(20).optional(),
    panel: panelRule.optional(),
    taskDue: isoDuration.optional(),
    noticePeriod: isoDuration.optional(),
    validity: isoDuration.optional(),
    cycle: isoDuration.optional(),
    reportWithin: isoDuration.optional(),
    rectificationWithin: isoDuration.optional(),
    marks: z
      .object({ pass: z.number().min(0).max(100), rectification: z.number().min(0).max(100) })
      .strict()
      .refine((m) => m.rectification <= m.pass, { message: 'the rectification mark cannot exceed the pass mark', path: ['rectification'] })
      .optional(),
  })
  .strict() satisfies z.ZodType<Partial<AccreditationPolicy>>;

export const applyRequest = z
  .object({
    /** The applying organisation; default: the caller's. Only an admin names another. */
    organizationId: resourceId.optional(),
    /** The accrediting authority: a government organisation. */
    authorityOrganizationId: resourceId,
    domain: displayText(100),
    facilities: z
      .array(z.object({ name: displayText(200), description: text(2000) }).strict())
      .min(1)
      .max(50),
    faculty: z
      .array(z.object({ name: displayText(100), title: displayText(100), field: displayText(100) }).strict())
      .min(1)
      .max(200),
    evidence: z.array(evidenceItem).max(50).default([]),
    conflictsOfInterest: z.array(resourceId).max(50).default([]),
    policy: accreditationPolicy.optional(),
  })
  .strict();

export const decisionRequest = z
  .object({
    decision: z.enum(['approve', 'reject']).optional(),
    score: z.number().min(0).max(100).optional(),
    reason: text(2000).optional(),
  })
  .strict()
  .refine((b) => (b.decision === undefined) !== (b.score === undefined), { message: 'give a decision (a review) or a score (an evaluation), not both' });

export const objectionRequest = z.object({ text: text(2000) }).strict();
export const resolveRequest = z.object({ resolution: z.enum(['upheld', 'dismissed']), note: text(2000) }).strict();

export const annualReportRequest = z
  .object({
    year: z.number().int().min(1).max(1000),
    declared: z
      .object({
        peopleTrained: z.number().int().min(0).max(10_000_000),
        hoursDelivered: z.number().int().min(0).max(1_000_000_000),
        completionRate: z.number().min(0).max(1),
        satisfaction: z.number().min(0).max(100),
      })
      .strict(),
    summary: text(5000),
  })
  .strict();

export const rectificationRequest = z.object({ measures: text(5000) }).strict();

export const applied = z.object({ id: z.string(), workflowId: z.string(), status: z.string() }).meta({ id: 'BaseAccreditationApplied' });

export const stepResult = z.record(z.string(), z.unknown()).meta({ id: 'BaseAccreditationStepResult' });

const recordedStatus = z.enum([...accreditationStatuses, ...abnormalEndStatuses]);

export const accreditationSummary = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    authorityOrganizationId: z.string(),
    domain: z.string(),
    status: recordedStatus,
    year: z.number().int(),
    accreditedAt: z.string().nullable(),
    accreditedUntil: z.string().nullable(),
    years: z.array(z.record(z.string(), z.unknown())),
    submittedAt: z.string(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'BaseAccreditationSummary' });

export const accreditationPage = z.object({ items: z.array(accreditationSummary), ...pageInfo }).meta({ id: 'BaseAccreditationPage' });

export const listQuery = z
  .object({
    organizationId: z.string().max(128).optional(),
    status: recordedStatus.optional(),
    ...paginationQuery,
  })
  .strict();

export const dashboardQuery = z.object({ year: z.coerce.number().int().min(2000).max(9999).optional() }).strict();

export const dashboardSchema = z
  .object({
    year: z.number().int(),
    projects: z.array(
      z.object({
        project: z.string(),
        target: z.number().int().nullable(),
        trained: z.number().int(),
        share: z.number().nullable(),
        domains: z.array(z.object({ domain: z.string(), trained: z.number().int() })),
      }),
    ),
    bases: z.object({ target: z.number().int(), inStanding: z.number().int(), byStatus: z.record(z.string(), z.number().int()) }),
  })
  .meta({ id: 'ContinuingEducationDashboard' });
