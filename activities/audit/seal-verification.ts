// Verifying an agreement from its records, for GET /v1/agreements/:id/audit and the certificate of
// completion (its JSON and HTML in the API, its PDF rendered in the worker): the seal recomputed over the document version and its signature records AND its Ed25519
// signature (activities/audit/audit-signing.ts), and the sealed audit head still in the trail. A
// superuser who rewrites records can recompute the seal; without the key the signature then fails.
import { type AuditKeys, type SignatureCheck, sealSigningText } from './audit-signing';
import type { AuditTrail } from './audit-trail';
import { computeSeal, type SignatureRecord } from '../../core/agreement-signing/seal';

export interface SealedRecord {
  id: string;
  version: number;
  documentSha256: string;
  seal: string | null;
  auditHeadSequence: number | null;
  auditHeadHash: string | null;
  sealSignature: string | null;
  sealSigningKey: string | null;
}

export interface SealVerification {
  /** The seal recomputes from the records and its signature verifies by a trusted key. */
  sealValid: boolean;
  sealMatchesRecords: boolean;
  /** False for an agreement sealed before seals were signed (or whose signature was removed). */
  sealSigned: boolean;
  sealSignature: SignatureCheck;
}

export function verifySeal(keys: AuditKeys, record: SealedRecord, signatures: SignatureRecord[]): SealVerification {
  const auditHead = { sequence: record.auditHeadSequence ?? 0, hash: record.auditHeadHash ?? '' };
  const recomputed = computeSeal({ agreementId: record.id, version: record.version, documentSha256: record.documentSha256, signatures, auditHead });
  const matches = record.seal !== null && recomputed === record.seal;
  const check =
    record.seal === null
      ? 'unsigned'
      : keys.check(sealSigningText({ agreementId: record.id, seal: record.seal, auditHead }), {
          signature: record.sealSignature,
          signingKey: record.sealSigningKey,
        });
  return { sealValid: matches && check === 'valid', sealMatchesRecords: matches, sealSigned: record.sealSignature !== null, sealSignature: check };
}

/** The head the seal covers, and whether the trail still holds it (a rebuilt chain would not). */
export function sealedHeadOf(record: Pick<SealedRecord, 'auditHeadSequence' | 'auditHeadHash'>, trail: AuditTrail) {
  if (!record.auditHeadSequence || !record.auditHeadHash) return null;
  const inTrail = trail.entries[record.auditHeadSequence - 1]?.hash === record.auditHeadHash;
  return { sequence: record.auditHeadSequence, hash: record.auditHeadHash, inTrail };
}
