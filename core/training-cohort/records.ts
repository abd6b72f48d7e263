// What the TrainingCohort workflow writes, as its activities take it: one step's audit entry, the
// cohort's row, the enrolments the step changed, the hours it put in ledgers and the training records
// it decided, all in one activity per step (activities/training-cohort/cohort-records.ts).
import type { AuditEntryInput } from '../audit/audit-entry';
import type { CohortCounts, EnrolmentView, TrainingRecordWrite } from './messages';
import type { CohortStatus } from './input';

export interface CohortProjection {
  cohortId: string;
  baseOrganizationId: string;
  title: string;
  project: string;
  domain: string;
  level: string;
  capacity: number;
  plannedTheoryHours: number;
  plannedPracticeHours: number;
  sessions: { number: number; date: string; module: string; hours: number }[];
  status: CohortStatus;
  refusal: string | null;
  counts: CohortCounts;
  publishedBy: string;
  publishedAt: string;
  closedAt: string | null;
  workflowId: string;
}

export interface CohortStepWrite {
  /** The cohort's own trail entry. */
  entry: AuditEntryInput;
  projection: CohortProjection;
  /** Enrolments the step changed, as they now stand. */
  enrolments: EnrolmentView[];
  /** Hours ledger entries (subject `hours_ledger`), appended in order per person. */
  ledger: AuditEntryInput[];
  /** Outcomes decided by the step. */
  trainingRecords: TrainingRecordWrite[];
}
