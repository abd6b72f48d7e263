// What the BaseAccreditation workflow writes, as its activities take it: one step's audit entry (subject
// `continuing_education_base`, subject id the accreditation id), the accreditation's row, and the base's
// standing once accredited, in one activity per step (activities/base-accreditation/accreditation-records.ts).
import type { AuditEntryInput } from '../audit/audit-entry';
import type { BaseStanding } from '../continuing-education/base-standing';
import type { AccreditationStatus } from './input';
import type { YearOutcome, YearView } from './messages';

export interface AccreditationYearRow {
  year: number;
  outcome: YearOutcome | null;
  score: number | null;
  reportedAt: string | null;
  decidedAt: string | null;
  exitReason: YearView['exitReason'];
}

export interface AccreditationProjection {
  id: string;
  organizationId: string;
  authorityOrganizationId: string;
  domain: string;
  status: AccreditationStatus;
  year: number;
  accreditedAt: string | null;
  accreditedUntil: string | null;
  years: AccreditationYearRow[];
  appliedBy: string;
  submittedAt: string;
  closedAt: string | null;
  workflowId: string;
}

export interface AccreditationStepWrite {
  entry: AuditEntryInput;
  projection: AccreditationProjection;
  /** The base's standing as the step leaves it; null before accreditation (nothing written). */
  standing: BaseStanding | null;
}
