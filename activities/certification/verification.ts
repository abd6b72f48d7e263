// Verifying a certificate (the public endpoints of api/certification/certificate-routes.ts): the credential's shape,
// its proof (an Ed25519 signature by one of the issuer's keys), its revocation status and its validity
// window, and optionally that it was issued to a given person.
import type { Database } from '../../platform/database';
import { certificateCredentialShape, identityHash, verifyDocumentProof } from './credential';

export type VerificationStatus = 'valid' | 'expired' | 'not_yet_valid' | 'revoked' | 'invalid';

export interface CertificateVerification {
  number: string;
  /** invalid (shape or proof fails) before revoked before expired / not yet valid before valid. */
  status: VerificationStatus;
  checks: {
    shape: { ok: boolean; errors: string[] };
    proof: { ok: boolean; reason: string | null; verificationMethod: string | null };
    /** The credential is the one this issuer recorded for the number. */
    issued: { ok: boolean; reason: string | null };
    revocation: { revoked: boolean; revokedAt: string | null; reason: string | null };
    validity: { validFrom: string | null; validUntil: string | null; state: 'current' | 'expired' | 'not_yet_valid' | 'unknown' };
    recipient?: { matched: boolean };
  };
  credential: unknown;
}

/** The certificate number a credential's id names (".../v1/certificates/<number>"). */
export function numberFromCredential(credential: unknown): string | null {
  const id = (credential as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return null;
  const match = /\/v1\/certificates\/([^/?#]+)$/.exec(id);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

/**
 * Verifies `credential` (the stored one when the caller gives a number only). Returns null when the
 * number is unknown to this issuer.
 */
export async function verifyCertificate(
  db: Database,
  options: { number: string; credential?: unknown; recipientId?: string; now?: Date },
): Promise<CertificateVerification | null> {
  const row = await db.certificate.findUnique({ where: { number: options.number } });
  if (!row) return null;
  const credential = options.credential ?? row.credential;
  const now = options.now ?? new Date();

  const shape = certificateCredentialShape.safeParse(credential);
  const shapeErrors = shape.success ? [] : shape.error.issues.map((i) => `${i.path.join('.') || '(credential)'}: ${i.message}`);

  const keys = new Set((await db.certificateIssuerKey.findMany({ select: { id: true } })).map((k) => k.id));
  const proof =
    credential && typeof credential === 'object' && !Array.isArray(credential)
      ? verifyDocumentProof(credential as Record<string, unknown>, (method) => keys.has(method))
      : ({ ok: false, reason: 'the credential is not a JSON object', verificationMethod: null } as const);

  // A presented credential must be the one issued under this number (a validly signed credential of
  // another certificate does not speak for this one).
  const sameId = numberFromCredential(credential) === row.number;
  const issuedCheck = sameId ? { ok: true, reason: null } : { ok: false, reason: `the credential is not certificate ${row.number}` };

  const validFrom = shape.success ? shape.data.validFrom : null;
  const validUntil = shape.success ? shape.data.validUntil : null;
  const validityState =
    validFrom === null || validUntil === null
      ? 'unknown'
      : now.getTime() < new Date(validFrom).getTime()
        ? 'not_yet_valid'
        : now.getTime() >= new Date(validUntil).getTime()
          ? 'expired'
          : 'current';

  let recipient: { matched: boolean } | undefined;
  if (options.recipientId !== undefined) {
    const identifiers = shape.success ? shape.data.credentialSubject.identifier : [];
    recipient = { matched: identifiers.some((i) => i.salt !== undefined && identityHash(options.recipientId!, i.salt) === i.identityHash) };
  }

  const valid = shape.success && proof.ok && issuedCheck.ok;
  const status: VerificationStatus = !valid
    ? 'invalid'
    : row.revokedAt
      ? 'revoked'
      : validityState === 'expired'
        ? 'expired'
        : validityState === 'not_yet_valid'
          ? 'not_yet_valid'
          : 'valid';

  return {
    number: row.number,
    status,
    checks: {
      shape: { ok: shape.success, errors: shapeErrors },
      proof: { ok: proof.ok, reason: proof.ok ? null : proof.reason, verificationMethod: proof.verificationMethod },
      issued: issuedCheck,
      revocation: { revoked: row.revokedAt !== null, revokedAt: row.revokedAt?.toISOString() ?? null, reason: row.revocationReason },
      validity: { validFrom, validUntil, state: validityState },
      ...(recipient ? { recipient } : {}),
    },
    credential,
  };
}
