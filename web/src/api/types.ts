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
