// The audit trail in PostgreSQL: appending (an activity, for every workflow) and reading with
// verification (for the API). Rows are insert-only: a trigger refuses UPDATE, DELETE and TRUNCATE
// (prisma/migrations/20261127020000_agreement_signing).
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import { Prisma } from '../../prisma/generated/client';
import { type ChainedAuditEntry, type ChainVerification, chainNext, verifyChain } from '../../workflows/shared/audit-chain';
import type { AppendedAuditEntry, AuditEntryInput, AuditSubjectType } from './contract';

/** Unique violation: here, another append took the sequence number (or wrote the same key) first. */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const MAX_ATTEMPTS = 100;

/**
 * Appends one entry to its subject's chain, optimistically: read the head, insert the next link. The
 * primary key (subject, sequence) lets only one writer take a sequence number, so a writer that lost the
 * race gets a unique violation and reads the new head; no transaction or lock is held while waiting. An
 * entry whose key is already there (an activity retry) is returned as it was written.
 */
export async function appendAuditEntry(db: Database, input: AuditEntryInput): Promise<AppendedAuditEntry> {
  const occurredAt = new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw ApplicationFailure.nonRetryable(`occurredAt is not a timestamp: ${input.occurredAt}`, 'InvalidAuditEntry');
  }
  // Hash exactly what the database will give back: JSON data (no undefined, no functions), UTC milliseconds.
  const data = JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>;
  const subject = { subjectType: input.subjectType, subjectId: input.subjectId };
  const select = { sequence: true, hash: true } as const;

  for (let attempt = 1; ; attempt++) {
    const existing = await db.auditEntry.findUnique({
      where: { subjectType_subjectId_entryKey: { ...subject, entryKey: input.entryKey } },
      select,
    });
    if (existing) return existing;
    const head = await db.auditEntry.findFirst({ where: subject, orderBy: { sequence: 'desc' }, select });
    const entry = chainNext(
      { ...subject, entryKey: input.entryKey, step: input.step, actor: input.actor, occurredAt: occurredAt.toISOString(), data },
      head ?? undefined,
    );
    try {
      await db.auditEntry.create({ data: { ...entry, occurredAt, data: entry.data as Prisma.InputJsonObject } });
      return { sequence: entry.sequence, hash: entry.hash };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
      // Lost the race for this sequence number: back off a little (jittered) and read the new head.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 5)));
    }
  }
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
