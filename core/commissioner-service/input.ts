// What a CommissionerService workflow is started with: its statuses, its policy, and the need, the
// commissioner and the organisations the API resolved. Zod-free and workflow-safe: the request schemas
// are schemas/commissioner-service.ts.
import type { ReminderPolicy } from '../agreement-signing/input';

export const COMMISSIONER_SERVICE_WORKFLOW = 'commissionerService';

/** Business ids as workflow ids: a retried start can never make a second workflow. */
export function commissionerServiceWorkflowId(serviceId: string): string {
  return `commissioner-service-${serviceId}`;
}

// ---------------------------------------------------------------------------------------------------
// States. Every transition is listed in workflows/commissioner-service/state.ts `transitions`.

export const commissionerServiceStatuses = [
  /** The institution nominated its commissioner; the enterprise accepts before the deadline. */
  'nominated',
  'nomination_expired',
  /** The tripartite service agreement (a child AgreementSigning) is being signed. */
  'agreement_pending',
  /** The agreement was declined, voided or expired: no service. */
  'agreement_failed',
  /** Monthly service logs by the commissioner, confirmed by the enterprise; milestones. */
  'active',
  /** The last period is over: the enterprise rates the service. */
  'awaiting_rating',
  'completed',
  /** Ended before its time by one of the three parties, with a reason. */
  'ended_early',
] as const;
export type CommissionerServiceStatus = (typeof commissionerServiceStatuses)[number];

export const closedServiceStatuses: readonly CommissionerServiceStatus[] = ['nomination_expired', 'agreement_failed', 'completed', 'ended_early'];
/** Statuses that take one of the commissioner's concurrent engagements (their capacity). */
export const engagementHoldingStatuses: readonly CommissionerServiceStatus[] = ['nominated', 'agreement_pending', 'active'];

/** Every duration is ISO 8601 (P1M periods in production, seconds in tests). */
export interface CommissionerServicePolicy {
  /** The enterprise accepts the nomination within this long. */
  acceptDeadline: string;
  /** The tripartite agreement's signing deadline and reminders. */
  agreementDeadline: string;
  agreementReminders?: ReminderPolicy;
  /** One service log per period (P1M). */
  logPeriod: string;
  /** A log still counts as on time this long after its period ended. */
  logGrace: string;
  /** The number of periods; default: the need's duration in periods. */
  periods?: number;
  /** This many missed logs in a row escalate to the home institution. */
  missedLogsToEscalate: number;
  /** The enterprise rates within this long after the last period; then the service completes unrated. */
  ratingDeadline: string;
}

export const commissionerServicePolicyDefaults: CommissionerServicePolicy = {
  acceptDeadline: 'P14D',
  agreementDeadline: 'P30D',
  logPeriod: 'P1M',
  logGrace: 'P7D',
  missedLogsToEscalate: 2,
  ratingDeadline: 'P30D',
};

// ---------------------------------------------------------------------------------------------------
// The workflow's input, as the API builds it.

export interface PersonRef {
  userId: string;
  name: string;
}

export interface OrganizationRef {
  organizationId: string;
  name: string;
}

/** The enterprise's need, as it was posted. */
export interface ServiceNeedFacts {
  needId: string;
  allianceId: string;
  domain: string;
  problemStatement: string;
  expectedOutcome: string;
  /** ISO 8601, e.g. P6M. */
  duration: string;
}

export interface CommissionerServiceInput {
  serviceId: string;
  need: ServiceNeedFacts;
  enterprise: OrganizationRef;
  /** The commissioner's registration id and the person. */
  commissionerId: string;
  commissioner: PersonRef;
  institution: OrganizationRef;
  /** Who nominated (a user of the institution). */
  nominatedBy: string;
  /** The tripartite agreement's id (a UUID; its workflow is `agreement-<id>`). */
  agreementId: string;
  /** The number of log periods the service runs (the policy's, else the need's duration in periods). */
  periods: number;
  policy: CommissionerServicePolicy;
}
