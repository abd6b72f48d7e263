// What the CertificationReview workflow hands its activities. Workflow-safe: types only.
import type { ApplicationStatus, CertificationLevel, ReviewStage } from './messages';
import type { EvidenceItem, LevelRequirements, TrainingHoursSource } from './programme';

/** The application's listing row, whole: every write replaces it (writes come in the workflow's order). */
export interface ApplicationRecord {
  id: string;
  workflowId: string;
  programmeId: string;
  domain: string;
  level: CertificationLevel;
  candidateUserId: string;
  organizationId: string | null;
  appliedBy: string;
  secretariatOrganizationId: string;
  trainingHours: number;
  evidence: EvidenceItem[];
  status: ApplicationStatus;
  stage: ReviewStage | null;
  round: number;
  theoryScore: number | null;
  practicalScore: number | null;
  rejectionKind: string | null;
  rejectionReasons: string[];
  appealableUntil: string | null;
  noticeEndsAt: string | null;
  certificateNumber: string | null;
  closed: boolean;
  submittedAt: string;
}

/** A review task's inbox row, whole. */
export interface ReviewTaskRecord {
  id: string;
  applicationId: string;
  stage: ReviewStage;
  round: number;
  seat: number;
  status: 'open' | 'completed' | 'cancelled';
  candidateUserIds: string[];
  assigneeUserId: string | null;
  dueAt: string;
  followUpAt: string | null;
  remindersSent: number;
  escalations: number;
  decision: string | null;
  decisionReason: string | null;
  decisionPoints: string[];
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface ApplicationProgress {
  application: ApplicationRecord;
  /** Only the tasks that changed. */
  tasks: ReviewTaskRecord[];
}

export interface EligibilityRequest {
  applicationId: string;
  candidateUserId: string;
  programmeId: string;
  domain: string;
  level: CertificationLevel;
  trainingHours: number;
  requirements: LevelRequirements;
  /** The programme's source of training hours (absent: self_declared). */
  trainingHoursSource?: TrainingHoursSource;
}

/** The training hours the eligibility check counted, and where they came from. */
export interface CountedTrainingHours {
  source: 'self_declared' | 'ledger';
  hours: number;
  /** A ledger's head when it was read and verified (null: self-declared, or a ledger that does not verify). */
  ledgerHead: { sequence: number; hash: string } | null;
}

export interface ReviewerQuery {
  /** The programme's evaluation bodies; empty: every reviewer. */
  evaluationOrganizationIds: string[];
}

export interface IssueCertificateRequest {
  applicationId: string;
  programme: { id: string; name: string; certificatePrefix: string; secretariatOrganizationId: string };
  domain: string;
  level: CertificationLevel;
  candidateUserId: string;
  evidence: EvidenceItem[];
  criteria: string;
  /** The workflow's clock: the certificate is valid from then... */
  issuedAt: string;
  /** ...for this long (ISO 8601). */
  validity: string;
}

export interface IssuedCertificateRecord {
  certificateId: string;
  number: string;
  validFrom: string;
  validUntil: string;
}

export interface RevokeCertificateRequest {
  applicationId: string;
  revokedBy: string;
  reason: string;
  revokedAt: string;
}

/** One reviewer as the reviewer look-up activity finds them. */
export interface ReviewerInfo {
  userId: string;
  organizationId: string | null;
  /** Open tasks assigned to them now (the load escalation balances). */
  openTasks: number;
}

/** What the eligibility check answers. */
export interface EligibilityResult {
  eligible: boolean;
  reasons: string[];
  prerequisiteCertificate: string | null;
  /** Absent in results recorded before the hours ledger. */
  trainingHours?: CountedTrainingHours;
}
