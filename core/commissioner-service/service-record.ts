// What the CommissionerService workflow asks storage to record. Workflow-safe: types only.
import type { CommissionerServiceStatus } from './input';

/** The database projection's row (activities/commissioner-service/projection.ts writes it when the revision is newer). */
export interface ServiceProjection {
  serviceId: string;
  revision: number;
  status: CommissionerServiceStatus;
  needId: string;
  allianceId: string;
  domain: string;
  enterpriseOrganizationId: string;
  commissionerId: string;
  commissionerUserId: string;
  institutionOrganizationId: string;
  agreementId: string;
  nominatedBy: string;
  nominatedAt: string;
  startedAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  periods: number;
  logsSubmitted: number;
  logsMissed: number;
  missedInARow: number;
  escalations: number;
  milestones: number;
  hours: number;
  confirmedHours: number;
  nextLogDueAt: string | null;
  rating: { score: number; comment: string; at: string } | null;
}

export interface ServiceLogRecord {
  period: number;
  periodStart: string;
  hours: number;
  activities: string;
  outcomes: string;
  late: boolean;
  submittedBy: string;
  submittedAt: string;
  confirmedBy: string | null;
  confirmedAt: string | null;
}

/**
 * One step's records: the service row (written only when `projection.revision` is newer than the stored
 * one), the log a step added or confirmed (keyed by period), and the need's match once accepted.
 */
export interface ServiceRecord {
  projection: ServiceProjection;
  log?: ServiceLogRecord;
  /** The enterprise accepted: the need is matched to this service. */
  needMatched?: boolean;
}

export interface CommissionerServiceActivities {
  recordCommissionerService(record: ServiceRecord): Promise<void>;
}
