// The audit trail shared by every workflow: append-only, hash-chained per subject. Workflow-safe: types.
//
// hash_n = SHA-256( canonicalJson(entry_n without its hash) || hash_{n-1} ), hash_0 = 64 zeros, with a
// gap-free sequence per subject starting at 1.

export type AuditSubjectType =
  | 'agreement'
  | 'certification_application'
  | 'placement'
  /** A TrainingCohort's steps. */
  | 'training_cohort'
  /** One person's hours ledger (subject id: the user id); its entries are hours, not steps. */
  | 'hours_ledger'
  /** A BaseAccreditation's steps. */
  | 'continuing_education_base'
  /** A CommissionerService's steps. */
  | 'commissioner_service'
  /** A TalentMatching round's steps. */
  | 'talent_round';

export interface AuditEntryInput {
  subjectType: AuditSubjectType;
  subjectId: string;
  /**
   * Deterministic key of this step (e.g. "<workflowId>/sign/<partyId>/v2"): appending the same key
   * twice (an activity retry) returns the first entry instead of writing another.
   */
  entryKey: string;
  /** What happened, e.g. "launched", "signed", "declined". */
  step: string;
  /** The acting user id, or "system" for timers. */
  actor: string;
  /** ISO timestamp from the workflow's clock. */
  occurredAt: string;
  /** Step details (plain JSON). */
  data: Record<string, unknown>;
}

export interface AppendedAuditEntry {
  sequence: number;
  hash: string;
}
