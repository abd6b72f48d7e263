// What the ApprenticeshipPlacement workflow asks storage to record. Workflow-safe: types only.
import type { PlacementStatus } from './input';
import type { EvaluationView, IncidentView, ViolationView } from './messages';
import type { DayLog, RuleId } from './rule-facts';
import type { AppendedAuditEntry, AuditEntryInput } from '../audit/audit-entry';

/** The database projection's row (activities/placement/projection.ts writes it when the revision is newer). */
export interface PlacementProjection {
  placementId: string;
  revision: number;
  status: PlacementStatus;
  cohort: string;
  studentUserId: string;
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  positionId: string;
  applicationId: string | null;
  matchingRoundId: string | null;
  previousPlacementId: string | null;
  nextPlacementId: string | null;
  schoolMentorUserId: string;
  enterpriseMentorUserId: string;
  guardianUserId: string | null;
  agreementId: string;
  offerDeadline: string;
  startedAt: string | null;
  closedAt: string | null;
  closedReason: string | null;
  weeks: number;
  checkInsSubmitted: number;
  checkInsMissed: number;
  missedInARow: number;
  nextCheckInDueAt: string | null;
  openIncidents: number;
  ruleViolations: number;
  credits: number | null;
  passed: boolean | null;
  runs: number;
  offeredAt: string;
}

export interface CheckInRecord {
  week: number;
  submittedBy: string;
  submittedAt: string;
  hours: number;
  days: DayLog[];
  tasks: string;
  reflections: string;
  late: boolean;
  violations: RuleId[];
}

/**
 * One step's records: the placement row (written only when `projection.revision` is newer than the
 * stored one) and what the step added. Every part is keyed by the workflow (week, incident number,
 * violation key, evaluation kind and evaluator), so a retried activity writes nothing twice.
 */
export interface PlacementRecord {
  projection: PlacementProjection;
  checkIn?: CheckInRecord;
  /** Inserted, or (resolved) updated. */
  incident?: IncidentView;
  violations?: ViolationView[];
  evaluation?: EvaluationView;
  /** The application's status follows the offer's answer. */
  applicationStatus?: 'accepted' | 'declined';
}

/** A step as one activity writes it: its audit entry, then its records. */
export interface PlacementStepRecord {
  entry: AuditEntryInput;
  /** The trail's head as the workflow's previous write answered it (absent: read it). */
  after?: AppendedAuditEntry;
  record: PlacementRecord;
}

export interface PlacementActivities {
  recordPlacement(record: PlacementRecord): Promise<void>;
  recordPlacementStep(step: PlacementStepRecord): Promise<AppendedAuditEntry>;
}
