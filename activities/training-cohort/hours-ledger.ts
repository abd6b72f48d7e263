// A person's hours ledger (学时台账): their trail of audit subject `hours_ledger` (subject id: the user
// id), hash-chained and signed like every audit trail (activities/audit), appended by the TrainingCohort
// workflow only, corrected only by compensating entries. Reading it verifies it; the hours it counts are
// the sum of its entries, compensations included.
import type { Database } from '../../platform/database';
import type { LedgerEntryData } from '../../core/training-cohort/messages';
import type { AuditKeys } from '../audit/audit-signing';
import { readAuditTrail, type TrailVerification } from '../audit/audit-trail';

export interface LedgerEntryView {
  sequence: number;
  entryKey: string;
  step: string;
  actor: string;
  occurredAt: string;
  hash: string;
  previousHash: string;
  signed: boolean;
  data: LedgerEntryData;
}

export interface LedgerTotals {
  hours: number;
  byModule: { theory: number; practice: number };
  byDomain: Record<string, number>;
  byProject: Record<string, number>;
  compensations: number;
}

export interface HoursLedger {
  userId: string;
  entries: LedgerEntryView[];
  totals: LedgerTotals;
  verification: TrailVerification;
}

export function ledgerTotals(entries: readonly { data: LedgerEntryData }[]): LedgerTotals {
  const totals: LedgerTotals = { hours: 0, byModule: { theory: 0, practice: 0 }, byDomain: {}, byProject: {}, compensations: 0 };
  for (const { data } of entries) {
    totals.hours += data.hours;
    totals.byModule[data.module] += data.hours;
    totals.byDomain[data.domain] = (totals.byDomain[data.domain] ?? 0) + data.hours;
    totals.byProject[data.project] = (totals.byProject[data.project] ?? 0) + data.hours;
    if (data.kind === 'compensation') totals.compensations++;
  }
  return totals;
}

/** The person's ledger with every entry's chain link and signature checked. */
export async function readHoursLedger(db: Database, keys: AuditKeys, userId: string): Promise<HoursLedger> {
  const trail = await readAuditTrail(db, keys, 'hours_ledger', userId);
  const entries = trail.entries.map((e) => ({
    sequence: e.sequence,
    entryKey: e.entryKey,
    step: e.step,
    actor: e.actor,
    occurredAt: e.occurredAt,
    hash: e.hash,
    previousHash: e.previousHash,
    signed: e.signed,
    data: e.data as unknown as LedgerEntryData,
  }));
  return { userId, entries, totals: ledgerTotals(entries), verification: trail.verification };
}

/**
 * Hours a certification may count: the ledger's hours in the domain, if the ledger verifies. A ledger
 * that does not verify counts nothing (and says why).
 */
export async function verifiedLedgerHours(
  db: Database,
  keys: AuditKeys,
  userId: string,
  domain: string,
): Promise<{ hours: number; verified: boolean; head: { sequence: number; hash: string } | null }> {
  const ledger = await readHoursLedger(db, keys, userId);
  if (!ledger.verification.valid) return { hours: 0, verified: false, head: null };
  return { hours: ledger.totals.byDomain[domain] ?? 0, verified: true, head: ledger.verification.head };
}
