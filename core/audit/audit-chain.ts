// The hash chain of the audit trail: pure functions, shared by the appendAudit activity (which extends a
// chain), the API (which verifies one) and workflows (which seal with the same canonical form and hash).
// Workflow-safe: no Node modules; SHA-256 comes from @noble/hashes. Node code passes its native SHA-256
// (activities/audit/native-sha256.ts): the same digest, some 50 times faster than the JavaScript one on
// the worker's and the API's main threads, which hash every entry they append or verify.
//
//   hash_n = SHA-256( canonicalJson(entry_n without its hashes) || hash_{n-1} ),  hash_0 = GENESIS_HASH
//
// with a gap-free sequence 1, 2, 3... per subject.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { AuditSubjectType } from './audit-entry';
import { canonicalJson } from '../canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** Lowercase hex SHA-256 of a string's UTF-8 bytes. */
export type Sha256Hex = (text: string) => string;

/** Lowercase hex SHA-256 of a string's UTF-8 bytes, in JavaScript (workflow-safe). */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export { canonicalJson };

/** What an entry's hash covers: everything recorded about the step, not the hashes themselves. */
export interface HashedAuditFields {
  subjectType: AuditSubjectType;
  subjectId: string;
  sequence: number;
  entryKey: string;
  step: string;
  actor: string;
  /** ISO 8601 in UTC with milliseconds (Date.prototype.toISOString), as stored. */
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface ChainedAuditEntry extends HashedAuditFields {
  previousHash: string;
  hash: string;
}

export function auditEntryHash(entry: HashedAuditFields, previousHash: string, hash: Sha256Hex = sha256Hex): string {
  const { subjectType, subjectId, sequence, entryKey, step, actor, occurredAt, data } = entry;
  return hash(canonicalJson({ subjectType, subjectId, sequence, entryKey, step, actor, occurredAt, data }) + previousHash);
}

/** The next link of a chain whose last entry is `head` (undefined: the chain is empty). */
export function chainNext(
  fields: Omit<HashedAuditFields, 'sequence'>,
  head: { sequence: number; hash: string } | undefined,
  hash: Sha256Hex = sha256Hex,
): ChainedAuditEntry {
  const sequence = (head?.sequence ?? 0) + 1;
  const previousHash = head?.hash ?? GENESIS_HASH;
  const entry = { ...fields, sequence };
  return { ...entry, previousHash, hash: auditEntryHash(entry, previousHash, hash) };
}

export type ChainFault =
  /** The entry's content no longer gives its stored hash: the entry was altered. */
  | 'hash_mismatch'
  /** The entry does not point at the hash of the entry before it: an entry was altered, removed or inserted. */
  | 'previous_hash_mismatch'
  /** The sequence skips or repeats a number. */
  | 'sequence_gap';

export interface ChainVerification {
  valid: boolean;
  /** How many entries were checked. */
  entries: number;
  /** The last entry's sequence and hash, when the chain is valid. */
  head: { sequence: number; hash: string } | null;
  /** The first entry at which the chain breaks. */
  firstInvalid: { sequence: number; fault: ChainFault; expected: string; found: string } | null;
}

/** Recomputes a subject's chain from its entries (in sequence order) and reports the first break. */
export function verifyChain(entries: readonly ChainedAuditEntry[], hash: Sha256Hex = sha256Hex): ChainVerification {
  let previousHash = GENESIS_HASH;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    const broken = (fault: ChainFault, expected: string, found: string): ChainVerification => ({
      valid: false,
      entries: entries.length,
      head: null,
      firstInvalid: { sequence: entry.sequence, fault, expected, found },
    });
    if (entry.sequence !== index + 1) return broken('sequence_gap', String(index + 1), String(entry.sequence));
    if (entry.previousHash !== previousHash) return broken('previous_hash_mismatch', previousHash, entry.previousHash);
    const recomputed = auditEntryHash(entry, previousHash, hash);
    if (recomputed !== entry.hash) return broken('hash_mismatch', recomputed, entry.hash);
    previousHash = entry.hash;
  }
  const last = entries[entries.length - 1];
  return {
    valid: true,
    entries: entries.length,
    head: last ? { sequence: last.sequence, hash: last.hash } : null,
    firstInvalid: null,
  };
}
