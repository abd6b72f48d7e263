// Which training hours a certification's eligibility check counts (the programme's trainingHoursSource,
// core/certification-review/programme.ts): the hours the candidate declared, or the verified hours of
// their hours ledger in the application's domain (activities/training-cohort/hours-ledger.ts), or the
// ledger's when it holds enough and otherwise the declared ones, marked as such.
import type { Database } from '../../platform/database';
import type { CountedTrainingHours, EligibilityRequest } from '../../core/certification-review/records';
import type { AuditKeys } from '../audit/audit-signing';
import { verifiedLedgerHours } from '../training-cohort/hours-ledger';

export interface TrainingHoursCount {
  counted: CountedTrainingHours;
  /** The ledger was read and does not verify (its hours count as none). */
  ledgerInvalid: boolean;
}

export async function countTrainingHours(db: Database, keys: AuditKeys, request: EligibilityRequest): Promise<TrainingHoursCount> {
  const source = request.trainingHoursSource ?? 'self_declared';
  const declared: CountedTrainingHours = { source: 'self_declared', hours: request.trainingHours, ledgerHead: null };
  if (source === 'self_declared') return { counted: declared, ledgerInvalid: false };
  const ledger = await verifiedLedgerHours(db, keys, request.candidateUserId, request.domain);
  const fromLedger: CountedTrainingHours = { source: 'ledger', hours: ledger.hours, ledgerHead: ledger.head };
  if (source === 'ledger' || ledger.hours >= request.requirements.trainingHours) return { counted: fromLedger, ledgerInvalid: !ledger.verified };
  return { counted: declared, ledgerInvalid: false };
}
