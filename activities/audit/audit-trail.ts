// The audit trail in PostgreSQL: appending (an activity, for every workflow) and reading with
// verification (for the API). Rows are insert-only: a trigger refuses UPDATE, DELETE and TRUNCATE
// (prisma/migrations/20261127020000_agreement_signing), and the application's role may only INSERT and
// SELECT (platform/database-roles.ts). Every entry is signed as it is appended (audit-signing.ts), so a
// superuser who rewrites rows and recomputes the hashes still fails verification.
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import { Prisma } from '../../prisma/generated/client';
import { isUniqueViolation } from '../../platform/database-errors';
import { type ChainedAuditEntry, type ChainFault, type ChainVerification, chainNext, verifyChain } from '../../core/audit/audit-chain';
import { type AuditKeys, auditEntrySigningText, type SignatureCheck } from './audit-signing';
import { nativeSha256Hex } from './native-sha256';
import type { AppendedAuditEntry, AuditEntryInput, AuditSubjectType } from '../../core/audit/audit-entry';

const MAX_ATTEMPTS = 100;

/**
 * Appends one entry to its subject's chain, optimistically: read the head, insert the next link. The
 * primary key (subject, sequence) lets only one writer take a sequence number, so a writer that lost the
 * race gets a unique violation and reads the new head; no transaction or lock is held while waiting. An
 * entry whose key is already there (an activity retry) is returned as it was written: its insert fails
 * on the unique (subject, entry key) too, and only then is the key looked up, so a first append (every
 * append but a retried one) costs two statements, not three.
 */
export async function appendAuditEntry(db: Database, keys: AuditKeys, input: AuditEntryInput): Promise<AppendedAuditEntry> {
  const occurredAt = occurredAtOf(input);
  const subject = { subjectType: input.subjectType, subjectId: input.subjectId };
  const select = { sequence: true, hash: true } as const;

  const existingEntry = () => db.auditEntry.findUnique({ where: { subjectType_subjectId_entryKey: { ...subject, entryKey: input.entryKey } }, select });
  for (let attempt = 1; ; attempt++) {
    const head = await db.auditEntry.findFirst({ where: subject, orderBy: { sequence: 'desc' }, select });
    const row = link(keys, input, occurredAt, head ?? undefined);
    try {
      await db.auditEntry.create({ data: row });
      return { sequence: row.sequence, hash: row.hash };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await existingEntry();
      if (existing) return existing;
      if (attempt >= MAX_ATTEMPTS) throw error;
      // Lost the race for this sequence number: back off a little (jittered) and read the new head.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 5)));
    }
  }
}

/**
 * Writes rows of other tables that the same steps change (an application's projection): given `insert`,
 * the entries' INSERT, in the same statement as one of its CTEs (one round trip for a batch instead of
 * two); without it, on their own (the entries are then appended one by one).
 */
export type WrittenWithEntries = (insert?: Prisma.Sql) => Promise<void>;

/**
 * Appends several entries of one subject, in order: one head read and one multi-row insert, chained and
 * signed here (two statements for the lot instead of two each). A writer that knows the chain's head
 * (`after`: what its previous append answered, or sequence 0 and the genesis hash for a subject without entries) skips
 * the read: the insert takes the numbers after it. With `together`, the insert runs inside that
 * statement. When the insert meets a unique violation (an activity retry whose entries are partly or
 * wholly there, another writer on the same subject, or a head that is no longer the head) nothing of the
 * statement is written, and the entries are appended one by one as above, which reads the head and finds
 * those already written, beside the other rows written alone. Answers the last entry (null for none).
 *
 * A given head is trusted as the chain's: it is what this table answered for the same subject and
 * entries are never changed or removed. A database restored to a point before that head is the one case
 * where it is not there: the entries then follow a gap, which verification reports (a trail that
 * silently renumbered would hide that entries were lost).
 */
export async function appendAuditEntries(
  db: Database,
  keys: AuditKeys,
  inputs: AuditEntryInput[],
  options: { after?: AppendedAuditEntry; together?: WrittenWithEntries } = {},
): Promise<AppendedAuditEntry | null> {
  const { after, together } = options;
  const first = inputs[0];
  if (!first) {
    await together?.();
    return null;
  }
  const subject = { subjectType: first.subjectType, subjectId: first.subjectId };
  const oneByOne = async () => (await Promise.all([appendOneByOne(db, keys, inputs), together?.()]))[0];
  if ((inputs.length === 1 && !after) || inputs.some((i) => i.subjectType !== subject.subjectType || i.subjectId !== subject.subjectId)) {
    return oneByOne();
  }
  const head = after ?? (await db.auditEntry.findFirst({ where: subject, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } }));
  const rows: AuditRow[] = [];
  let previous = head ?? undefined;
  for (const input of inputs) {
    const row = link(keys, input, occurredAtOf(input), previous);
    rows.push(row);
    previous = row;
  }
  const insert = insertStatement(rows);
  try {
    if (together) await together(insert);
    else await db.$executeRaw(insert);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return oneByOne();
  }
  return { sequence: previous!.sequence, hash: previous!.hash };
}

/** One entry, after the head its writer knows (`after`; else read), with the rows written `together`. */
export async function appendAuditEntryAfter(
  db: Database,
  keys: AuditKeys,
  input: AuditEntryInput,
  options: { after?: AppendedAuditEntry; together?: WrittenWithEntries } = {},
): Promise<AppendedAuditEntry> {
  // One input always answers its entry (null is for an empty batch).
  return (await appendAuditEntries(db, keys, [input], options))!;
}

type AuditRow = ReturnType<typeof link>;

/**
 * One INSERT of chained rows, as SQL rather than Prisma's createMany: the statement can then run inside
 * another (WrittenWithEntries), and it skips Prisma's query planning, which the worker paid for every
 * batch (BENCHMARKS.md, B5). The columns are the table's; recorded_at keeps its default.
 */
function insertStatement(rows: AuditRow[]): Prisma.Sql {
  const values = rows.map(
    (r) => Prisma.sql`(${r.subjectType}::"AuditSubjectType", ${r.subjectId}, ${r.sequence}::int, ${r.entryKey}, ${r.step}, ${r.actor},
      ${r.occurredAt.toISOString()}::timestamptz, ${JSON.stringify(r.data)}::jsonb, ${r.previousHash}, ${r.hash}, ${r.signature}, ${r.signingKey})`,
  );
  return Prisma.sql`INSERT INTO audit_entries (subject_type, subject_id, sequence, entry_key, step, actor, occurred_at, data, previous_hash, hash, signature, signing_key)
    VALUES ${Prisma.join(values)}`;
}

async function appendOneByOne(db: Database, keys: AuditKeys, inputs: AuditEntryInput[]): Promise<AppendedAuditEntry | null> {
  let last: AppendedAuditEntry | null = null;
  for (const input of inputs) last = await appendAuditEntry(db, keys, input);
  return last;
}

function occurredAtOf(input: AuditEntryInput): Date {
  const occurredAt = new Date(input.occurredAt);
  if (Number.isNaN(occurredAt.getTime())) {
    throw ApplicationFailure.nonRetryable(`occurredAt is not a timestamp: ${input.occurredAt}`, 'InvalidAuditEntry');
  }
  return occurredAt;
}

/** The row that links `input` after `head` in its chain, signed. */
function link(keys: AuditKeys, input: AuditEntryInput, occurredAt: Date, head: { sequence: number; hash: string } | undefined) {
  // Hash exactly what the database will give back: JSON data (no undefined, no functions), UTC milliseconds.
  const data = JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>;
  const entry = chainNext(
    {
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      entryKey: input.entryKey,
      step: input.step,
      actor: input.actor,
      occurredAt: occurredAt.toISOString(),
      data,
    },
    head,
    nativeSha256Hex,
  );
  const signed = keys.sign(auditEntrySigningText(entry));
  return { ...entry, ...signed, occurredAt, data: entry.data as Prisma.InputJsonObject };
}

export function createAuditActivities(db: Database, keys: AuditKeys) {
  return {
    /**
     * The audit activity every workflow uses (core/audit/audit-entry.ts). `after`: the chain's head as the
     * workflow's previous write answered it (one statement instead of a head read and an insert); absent
     * (a first write, or a workflow scheduled before heads were handed over), the head is read.
     */
    async appendAudit(input: AuditEntryInput, after?: AppendedAuditEntry): Promise<AppendedAuditEntry> {
      return appendAuditEntryAfter(db, keys, input, { after });
    },
  };
}

export interface TrailEntry extends ChainedAuditEntry {
  recordedAt: string;
  /** Ed25519 signature (base64url) and the public key it names; null on entries written before signing. */
  signature: string | null;
  signingKey: string | null;
  signed: boolean;
  /** What checking the signature found. */
  signatureCheck: SignatureCheck;
}

export type TrailFault =
  | ChainFault
  /** The signature does not verify: the entry (or one before it, through the hash) was rewritten. */
  | 'signature_invalid'
  /** Signed by a key this deployment does not trust (anyone can make a key and sign). */
  | 'signature_unknown_key'
  /** Unsigned after a signed entry: signatures are never removed, nor entries appended without one. */
  | 'signature_missing';

export interface TrailVerification extends Omit<ChainVerification, 'firstInvalid'> {
  /** The hash chain is intact, every signature verifies by a trusted key, none is missing after a signed entry. */
  valid: boolean;
  firstInvalid: { sequence: number; fault: TrailFault; expected: string; found: string } | null;
  signatures: { signed: number; unsigned: number };
  /**
   * Valid and every entry signed: the trail is as the system wrote it, unless the signing key itself was
   * used. A trail of entries from before signing began is valid but not proven.
   */
  proven: boolean;
}

export interface AuditTrail {
  entries: TrailEntry[];
  verification: TrailVerification;
}

/** Checks every entry's signature, then the chain; the first fault by sequence is the one reported. */
export function verifyTrail(entries: readonly TrailEntry[]): TrailVerification {
  const chain = verifyChain(entries, nativeSha256Hex);
  let signatureFault: TrailVerification['firstInvalid'] = null;
  let seenSigned = false;
  for (const entry of entries) {
    const fault: TrailFault | null =
      entry.signatureCheck === 'invalid'
        ? 'signature_invalid'
        : entry.signatureCheck === 'unknown_key'
          ? 'signature_unknown_key'
          : entry.signatureCheck === 'unsigned' && seenSigned
            ? 'signature_missing'
            : null;
    if (fault) {
      signatureFault = { sequence: entry.sequence, fault, expected: 'a valid signature by a trusted key', found: entry.signingKey ?? 'no signature' };
      break;
    }
    if (entry.signed) seenSigned = true;
  }
  const firstInvalid = chain.firstInvalid && (!signatureFault || chain.firstInvalid.sequence <= signatureFault.sequence) ? chain.firstInvalid : signatureFault;
  const signed = entries.filter((e) => e.signed).length;
  const valid = firstInvalid === null;
  return {
    valid,
    entries: entries.length,
    head: valid ? chain.head : null,
    firstInvalid,
    signatures: { signed, unsigned: entries.length - signed },
    proven: valid && signed === entries.length,
  };
}

/** A subject's whole trail in sequence order, with the chain and every signature checked. */
export async function readAuditTrail(db: Database, keys: AuditKeys, subjectType: AuditSubjectType, subjectId: string): Promise<AuditTrail> {
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
    signature: row.signature,
    signingKey: row.signingKey,
    signed: row.signature !== null,
    signatureCheck: keys.check(auditEntrySigningText(row), row),
  }));
  return { entries, verification: verifyTrail(entries) };
}
