// The seal of an effective agreement: SHA-256 over the canonical JSON of the document version, every
// signature and approval record of that version, and the audit chain head at the last of them (so the
// trail cannot be rebuilt without breaking the seal). Pure and workflow-safe: the workflow computes it,
// the API recomputes it from the stored records to verify a certificate.
import { canonicalJson, sha256Hex } from '../audit/audit-chain';
import type { PartyRole } from './input';

export interface SignatureRecord {
  partyId: string;
  role: PartyRole;
  step: 'signed' | 'approved';
  /** The user who acted. */
  actedBy: string;
  /** The organisation the user acted for (an organisation party), else null. */
  onBehalfOf: string | null;
  delegated: boolean;
  documentSha256: string;
  /** ISO 8601, UTC, milliseconds. */
  at: string;
}

export interface SealInput {
  agreementId: string;
  version: number;
  documentSha256: string;
  signatures: SignatureRecord[];
  auditHead: { sequence: number; hash: string };
}

/** The exact text the seal hashes: records in party order, so storage order cannot change the seal. */
export function sealDocument(input: SealInput): string {
  const signatures = [...input.signatures]
    .sort((a, b) => (a.partyId < b.partyId ? -1 : a.partyId > b.partyId ? 1 : 0))
    .map((s) => ({
      partyId: s.partyId,
      role: s.role,
      step: s.step,
      actedBy: s.actedBy,
      onBehalfOf: s.onBehalfOf,
      delegated: s.delegated,
      documentSha256: s.documentSha256,
      at: new Date(s.at).toISOString(),
    }));
  return canonicalJson({
    agreementId: input.agreementId,
    version: input.version,
    documentSha256: input.documentSha256,
    signatures,
    auditHead: { sequence: input.auditHead.sequence, hash: input.auditHead.hash },
  });
}

export function computeSeal(input: SealInput): string {
  return sha256Hex(sealDocument(input));
}
