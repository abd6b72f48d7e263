// Shapes of the answers the OpenAPI document leaves open (GET /v1/agreements/{id} and its audit trail
// declare no schema): what the console reads of them, mirroring workflows/agreement-signing/contract.ts.
import type { components } from './schema';

export type Schemas = components['schemas'];

export interface PartyView {
  partyId: string;
  displayName: string;
  role: 'signer' | 'approver' | 'cc';
  routingGroup: number;
  kind: 'user' | 'organization';
  userId: string | null;
  organizationId: string | null;
  state: 'waiting' | 'pending' | 'signed' | 'approved' | 'declined' | 'notified';
  delegatedTo: { userId: string; name?: string } | null;
  action?: { step: 'signed' | 'approved' | 'declined'; by: string; at: string } | null;
}

export interface AgreementView {
  id: string;
  allianceId: string;
  secretariatOrganizationId?: string;
  title: string;
  kind: string;
  status: string;
  version: number;
  documentSha256: string;
  currentRoutingGroup: number | null;
  currentStage?: 'approval' | 'signature' | null;
  deadlineAt: string | null;
  nextReminderAt?: string | null;
  remindersSent?: number;
  effectiveAt: string | null;
  seal: string | null;
  parties: PartyView[];
  outcome?: { step: string; by: string; at: string; reason: string | null; partyId: string | null } | null;
  document: { sha256: string; sizeBytes: number; mediaType: string; href: string } | null;
  live: boolean;
}

export interface AuditEntry {
  sequence: number;
  step: string;
  actor: string;
  occurredAt: string;
  data?: Record<string, unknown>;
  hash: string;
}

export interface AuditTrail {
  entries: AuditEntry[];
  verification: { valid: boolean };
}

/** GET /v1/placements/{id}: the record merged with the live status (workflows/apprenticeship-placement/status-view.ts). */
export interface PlacementView {
  id: string;
  status: string;
  cohort: string;
  studentUserId: string;
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  positionId: string;
  positionTitle?: string;
  schoolMentorUserId?: string;
  enterpriseMentorUserId?: string;
  offer?: { offeredAt: string; deadlineAt: string; answeredAt: string | null; answer: string | null; reason: string | null };
  agreement?: { agreementId: string; status: string; effectiveAt: string | null };
  startBlockers?: { ruleId: string; message: { 'zh-CN': string; en: string } }[];
  weeks?: number;
  currentWeek?: number | null;
  nextCheckInDueAt?: string | null;
  checkIns?: { week: number; submittedAt: string; hours: number; late: boolean; violations: string[] }[];
  missedWeeks?: number[];
  missedInARow?: number;
  incidents?: {
    number: number;
    severity: string;
    description: string;
    reportedBy: string;
    reportedAt: string;
    resolvedAt: string | null;
    resolution: string | null;
  }[];
  violations?: { key: string; ruleId: string; source: string; message: { 'zh-CN': string; en: string } }[];
  evaluations?: { kind: string; evaluator: string; by: string; score: number; comments: string; at: string }[];
  outcome?: { kind?: string; reason?: string | null; at?: string; credits?: number | null; continuationPlacementId?: string } | null;
  nextPlacementId?: string | null;
  live?: boolean;
}

/** GET /v1/certification-applications/{id} (core/certification-review/messages.ts ApplicationView, merged with the record). */
export interface CertificationApplicationView {
  id: string;
  applicationId?: string;
  programmeId: string;
  domain: string;
  level: string;
  candidateUserId: string;
  status: string;
  closed: boolean;
  submittedAt: string;
  trainingHours: number;
  evidence: { name: string; reference?: string; sha256?: string }[];
  eligibility: { eligible: boolean; reasons: string[] } | null;
  exam: { theoryScore: number; practicalScore: number; passed: boolean } | null;
  stage: string | null;
  changesRequested: { stage: string; points: string[]; resubmitBy: string } | null;
  rejection: { kind: string; reasons: string[]; appealableUntil: string | null } | null;
  appeal: { reason: string; at: string } | null;
  notice: { endsAt: string; ended: boolean } | null;
  certificate: { number: string; validFrom: string; validUntil: string; revokedAt: string | null } | null;
}
