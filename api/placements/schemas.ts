// The request and response schemas of /v1/placements (api/placements/routes.ts), and a placement's
// summary as lists and reads answer it.
import { z } from 'zod';
import type { Placement } from '../../prisma/generated/client';
import { insuranceRequest, placementPolicyOverrides, placementStatus, placementStatuses } from '../../workflows/apprenticeship-placement/contract';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { pageInfo, paginationQuery } from '../pagination';

/** A placement's recorded status: the workflow's, or how its workflow ended abnormally. */
const recordedPlacementStatus = z.enum([...placementStatuses, ...abnormalEndStatuses]);

export const placementParams = z.object({ id: z.uuid() }).strict();
export const stepResultSchema = z
  .object({
    placementId: z.string(),
    step: z.string(),
    status: placementStatus,
    alreadyDone: z.boolean(),
    reference: z.number().nullable(),
    violations: z.array(
      z.object({ ruleId: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }), details: z.record(z.string(), z.unknown()) }),
    ),
    continuationPlacementId: z.string().nullable(),
  })
  .meta({ id: 'PlacementStepResult' });

export const offerRequest = z
  .object({
    applicationId: z.uuid(),
    positionId: z.uuid(),
    policy: placementPolicyOverrides.optional(),
    insurance: insuranceRequest.optional(),
  })
  .strict();

export const transferRequest = z
  .object({
    positionId: z.uuid(),
    reason: z.string().trim().min(1).max(2000),
    policy: placementPolicyOverrides.optional(),
    insurance: insuranceRequest.optional(),
  })
  .strict();

export const listQuery = z
  .object({
    schoolOrganizationId: z.string().max(128).optional(),
    enterpriseOrganizationId: z.string().max(128).optional(),
    status: recordedPlacementStatus.optional(),
    cohort: z.string().max(64).optional(),
    ...paginationQuery,
  })
  .strict();

const placementSummary = z
  .object({
    id: z.string(),
    status: recordedPlacementStatus,
    cohort: z.string(),
    studentUserId: z.string(),
    schoolOrganizationId: z.string(),
    enterpriseOrganizationId: z.string(),
    positionId: z.string(),
    previousPlacementId: z.string().nullable(),
    nextPlacementId: z.string().nullable(),
    matchingRoundId: z.string().nullable(),
    startedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    checkInsSubmitted: z.number().int(),
    checkInsMissed: z.number().int(),
    missedInARow: z.number().int(),
    nextCheckInDueAt: z.iso.datetime().nullable(),
    openIncidents: z.number().int(),
    ruleViolations: z.number().int(),
    credits: z.number().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PlacementSummary' });
export const placementPage = z.object({ items: z.array(placementSummary), ...pageInfo }).meta({ id: 'PlacementPage' });
export const offered = z.object({ id: z.string(), workflowId: z.string(), status: placementStatus, agreementId: z.string() }).meta({ id: 'PlacementOffered' });

export function summaryOf(p: Placement): z.infer<typeof placementSummary> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: p.id,
    status: p.status,
    cohort: p.cohort,
    studentUserId: p.studentUserId,
    schoolOrganizationId: p.schoolOrganizationId,
    enterpriseOrganizationId: p.enterpriseOrganizationId,
    positionId: p.positionId,
    previousPlacementId: p.previousPlacementId,
    nextPlacementId: p.nextPlacementId,
    matchingRoundId: p.matchingRoundId,
    startedAt: iso(p.startedAt),
    closedAt: iso(p.closedAt),
    checkInsSubmitted: p.checkInsSubmitted,
    checkInsMissed: p.checkInsMissed,
    missedInARow: p.missedInARow,
    nextCheckInDueAt: iso(p.nextCheckInDueAt),
    openIncidents: p.openIncidents,
    ruleViolations: p.ruleViolations,
    credits: p.credits,
    createdAt: p.createdAt.toISOString(),
  };
}
