// The request and response schemas of the commissioner routes (service needs, commissioners, services
// and their steps, the yearly report), the policy with its overrides, and a service's summary.
import { z } from 'zod';
import type { CommissionerService } from '../../prisma/generated/client';
import { isoDuration } from '../../schemas/iso-duration';
import { abnormalEndStatuses } from '../../core/workflow-ends';
import { type CommissionerServicePolicy, commissionerServiceStatuses } from '../../core/commissioner-service/input';
import type { MilestoneRequest, RatingRequest, ServiceLogRequest } from '../../core/commissioner-service/messages';
import { reminderPolicy } from '../../workflows/agreement-signing/contract';
import { displayText, resourceId } from '../parties/common';
import { pageInfo, paginationQuery } from '../pagination';

/** Most periods one service runs: its history stays bounded without continue-as-new. */
export const MAX_PERIODS = 60;

const text = (max: number) => z.string().trim().min(1).max(max);

export const serviceStatus = z.enum(commissionerServiceStatuses);
const recordedServiceStatus = z.enum([...commissionerServiceStatuses, ...abnormalEndStatuses]);

export const idParams = z.object({ id: resourceId }).strict();

// ---------------------------------------------------------------------------------------------------
// Policy: every duration ISO 8601 (P1M periods in production, seconds in tests).

export const servicePolicy = z
  .object({
    acceptDeadline: isoDuration,
    agreementDeadline: isoDuration,
    agreementReminders: reminderPolicy.optional(),
    logPeriod: isoDuration,
    logGrace: isoDuration,
    periods: z.number().int().min(1).max(MAX_PERIODS).optional(),
    missedLogsToEscalate: z.number().int().min(1).max(12),
    ratingDeadline: isoDuration,
  })
  .strict() satisfies z.ZodType<CommissionerServicePolicy>;
export const servicePolicyOverrides = servicePolicy.partial().strict();

// ---------------------------------------------------------------------------------------------------
// Service needs and commissioners

export const serviceNeedRequest = z
  .object({
    /** The organisation whose need it is: the caller's (an admin names any). */
    organizationId: resourceId,
    allianceId: resourceId,
    domain: displayText(200),
    problemStatement: text(5000),
    expectedOutcome: text(5000),
    duration: isoDuration.meta({ description: 'How long the service should run, ISO 8601 (P6M).' }),
  })
  .strict()
  .meta({ id: 'ServiceNeedRequest' });

export const serviceNeedView = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    allianceId: z.string(),
    domain: z.string(),
    problemStatement: z.string(),
    expectedOutcome: z.string(),
    duration: z.string(),
    status: z.enum(['open', 'matched']),
    matchedServiceId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ServiceNeed' });
export const serviceNeedPage = z.object({ items: z.array(serviceNeedView), ...pageInfo }).meta({ id: 'ServiceNeedPage' });
export const serviceNeedListQuery = z
  .object({
    organizationId: z.string().max(128).optional(),
    allianceId: z.string().max(128).optional(),
    status: z.enum(['open', 'matched']).optional(),
    ...paginationQuery,
  })
  .strict();

export const commissionerRequest = z
  .object({
    /** A user of the caller's institution (a university or research institute). */
    userId: resourceId,
    domains: z
      .array(displayText(200))
      .min(1)
      .max(20)
      .refine((d) => new Set(d.map((x) => x.toLowerCase())).size === d.length, { message: 'must not name a domain twice' }),
    capacity: z.number().int().min(1).max(50).meta({ description: 'Concurrent engagements the commissioner takes at most.' }),
  })
  .strict()
  .meta({ id: 'CommissionerRequest' });

export const commissionerView = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    institutionOrganizationId: z.string(),
    domains: z.array(z.string()),
    capacity: z.number().int(),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Commissioner' });
export const commissionerPage = z.object({ items: z.array(commissionerView), ...pageInfo }).meta({ id: 'CommissionerPage' });
export const commissionerListQuery = z.object({ institutionOrganizationId: z.string().max(128).optional(), ...paginationQuery }).strict();

export const candidateList = z
  .object({
    needId: z.string(),
    domain: z.string(),
    candidates: z.array(
      z.object({
        rank: z.number().int(),
        commissionerId: z.string(),
        userId: z.string(),
        name: z.string(),
        institutionOrganizationId: z.string(),
        institutionName: z.string(),
        domains: z.array(z.string()),
        matchedDomain: z.string(),
        domainFit: z.number(),
        capacity: z.number().int(),
        engagements: z.number().int(),
        freeCapacity: z.number().int(),
        score: z.number(),
      }),
    ),
  })
  .meta({ id: 'CommissionerCandidates' });

// ---------------------------------------------------------------------------------------------------
// Services and their steps

export const nominationRequest = z
  .object({ needId: resourceId, commissionerId: resourceId, policy: servicePolicyOverrides.optional() })
  .strict()
  .meta({ id: 'CommissionerNomination' });
export const nominated = z
  .object({ id: z.string(), workflowId: z.string(), status: serviceStatus, agreementId: z.string(), periods: z.number().int() })
  .meta({ id: 'CommissionerNominated' });

export const serviceLogRequest = z
  .object({
    period: z.number().int().min(1).max(MAX_PERIODS).optional(),
    hours: z.number().min(0).max(744),
    activities: text(5000),
    outcomes: z.string().trim().max(5000).default(''),
  })
  .strict() satisfies z.ZodType<ServiceLogRequest, unknown>;
export const confirmationRequest = z.object({ period: z.number().int().min(1).max(MAX_PERIODS) }).strict();
export const milestoneRequest = z.object({ title: displayText(200), note: z.string().trim().max(5000).default('') }).strict() satisfies z.ZodType<
  MilestoneRequest,
  unknown
>;
export const ratingRequest = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(5000).default('') }).strict() satisfies z.ZodType<
  RatingRequest,
  unknown
>;
export const reasonRequest = z.object({ reason: text(2000) }).strict();

export const stepResultSchema = z
  .object({ serviceId: z.string(), step: z.string(), status: serviceStatus, alreadyDone: z.boolean(), reference: z.number().nullable() })
  .meta({ id: 'CommissionerServiceStepResult' });

export const serviceListQuery = z
  .object({
    status: recordedServiceStatus.optional(),
    needId: z.string().max(128).optional(),
    enterpriseOrganizationId: z.string().max(128).optional(),
    institutionOrganizationId: z.string().max(128).optional(),
    commissionerId: z.string().max(128).optional(),
    ...paginationQuery,
  })
  .strict();

const serviceSummary = z
  .object({
    id: z.string(),
    status: recordedServiceStatus,
    needId: z.string(),
    domain: z.string(),
    enterpriseOrganizationId: z.string(),
    commissionerId: z.string(),
    commissionerUserId: z.string(),
    institutionOrganizationId: z.string(),
    agreementId: z.string(),
    startedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    periods: z.number().int(),
    logsSubmitted: z.number().int(),
    logsMissed: z.number().int(),
    escalations: z.number().int(),
    hours: z.number(),
    confirmedHours: z.number(),
    nextLogDueAt: z.iso.datetime().nullable(),
    ratingScore: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CommissionerServiceSummary' });
export const servicePage = z.object({ items: z.array(serviceSummary), ...pageInfo }).meta({ id: 'CommissionerServicePage' });

export function summaryOf(s: CommissionerService): z.infer<typeof serviceSummary> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: s.id,
    status: s.status,
    needId: s.needId,
    domain: s.domain,
    enterpriseOrganizationId: s.enterpriseOrganizationId,
    commissionerId: s.commissionerId,
    commissionerUserId: s.commissionerUserId,
    institutionOrganizationId: s.institutionOrganizationId,
    agreementId: s.agreementId,
    startedAt: iso(s.startedAt),
    closedAt: iso(s.closedAt),
    periods: s.periods,
    logsSubmitted: s.logsSubmitted,
    logsMissed: s.logsMissed,
    escalations: s.escalations,
    hours: s.hours,
    confirmedHours: s.confirmedHours,
    nextLogDueAt: iso(s.nextLogDueAt),
    ratingScore: s.ratingScore,
    createdAt: s.createdAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------
// The yearly report

export const reportQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    institutionOrganizationId: z.string().max(128).optional(),
    commissionerId: z.string().max(128).optional(),
  })
  .strict();

const figures = {
  engagements: z.number().int().meta({ description: 'Services active at some time in the year.' }),
  completed: z.number().int(),
  endedEarly: z.number().int(),
  hours: z.number().meta({ description: 'Hours logged for periods that began in the year.' }),
  confirmedHours: z.number().meta({ description: 'Of those, the hours the enterprises confirmed.' }),
  ratings: z.object({ count: z.number().int(), average: z.number().nullable() }),
};
export const yearlyReport = z
  .object({
    year: z.number().int(),
    institutions: z.array(z.object({ institutionOrganizationId: z.string(), name: z.string(), commissioners: z.number().int(), ...figures })),
    commissioners: z.array(z.object({ commissionerId: z.string(), userId: z.string(), name: z.string(), institutionOrganizationId: z.string(), ...figures })),
  })
  .meta({ id: 'CommissionerYearlyReport' });
