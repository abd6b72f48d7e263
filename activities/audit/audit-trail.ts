// The audit trail in PostgreSQL: appending (an activity, for every workflow) and reading with
// verification (for the API). Rows are insert-only: a trigger refuses UPDATE, DELETE and TRUNCATE
// (prisma/migrations/20261127020000_agreement_signing).
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import type { Prisma } from '../../prisma/generated/client';
import { type ChainedAuditEntry, type ChainVerification, chainNext, verifyChain } from './chain';
import type { AppendedAuditEntry, AuditEntryInput, AuditSubjectType } from './contract';

/**
 * Appends one entry to its subject's chain. Appends to one subject are serialised by a transaction-level
 * advisory lock, so two workers can never both take the same sequence number; an entry whose key is
 * already there (an activity retry) is returned as it was written, and nothing is appended.
 */
export async function appendAuditEntry(db: Database, input: AuditEntryInput): Promise<AppendedAuditEntry> {
  const occurredAt = new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw ApplicationFailure.nonRetryable(`occurredAt is not a timestamp: ${input.occurredAt}`, 'InvalidAuditEntry');
  }
  // Hash exactly what the database will give back: JSON data (no undefined, no functions), UTC milliseconds.
  const data = JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>;
  const subject = { subjectType: input.subjectType, subjectId: input.subjectId };

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audit/${input.subjectType}/${input.subjectId}`}, 0))`;
    const existing = await tx.auditEntry.findUnique({
      where: { subjectType_subjectId_entryKey: { ...subject, entryKey: input.entryKey } },
      select: { sequence: true, hash: true },
    });
    if (existing) return existing;
    const head = await tx.auditEntry.findFirst({
      where: subject,
      orderBy: { sequence: 'desc' },
      select: { sequence: true, hash: true },
    });
    const entry = chainNext(
      {
        ...subject,
        entryKey: input.entryKey,
        step: input.step,
        actor: input.actor,
        occurredAt: occurredAt.toISOString(),
        data,
      },
      head ?? undefined,
    );
    await tx.auditEntry.create({
      data: { ...entry, occurredAt, data: entry.data as Prisma.InputJsonObject },
    });
    return { sequence: entry.sequence, hash: entry.hash };
  });
}

export function createAuditActivities(db: Database) {
  return {
    /** The audit activity every workflow uses (activities/audit/contract.ts). */
    async appendAudit(input: AuditEntryInput): Promise<AppendedAuditEntry> {
      return appendAuditEntry(db, input);
    },
  };
}

export interface AuditTrail {
  entries: (ChainedAuditEntry & { recordedAt: string })[];
  verification: ChainVerification;
}

/** A subject's whole trail in sequence order, and the chain recomputed over it. */
export async function readAuditTrail(db: Database, subjectType: AuditSubjectType, subjectId: string): Promise<AuditTrail> {
  const rows = await db.auditEntry.findMany({ where: { subjectType, subjectId }, orderBy: { sequence: 'asc' } });
  const entries = rows.map((row) => ({
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    sequence: row.sequence,
    entryKey: row.entryKey,
    step: row.step,
    actor: row.actor,
    occurredAt: row.occurredAt.toISOString(),
    data: row.data as Record<string, unknown>,
    previousHash: row.previousHash,
    hash: row.hash,
    recordedAt: row.recordedAt.toISOString(),
  }));
  return { entries, verification: verifyChain(entries) };
}
