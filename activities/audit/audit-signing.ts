// Signatures that make the audit trail and the agreements' seals prove themselves against a database
// superuser: SHA-256 chains can be recomputed by anyone who rewrites a row, an Ed25519 signature only by
// whoever holds the key, which lives outside the database.
//
// The key is the certificate issuer's (activities/certification/issuer-key.ts: CERTIFICATE_ISSUER_KEY or
// _FILE, else generated into DATA_DIR): one key to configure, protect and back up, one loader. Every
// signed text starts with its purpose, so an audit signature can never pass for a credential proof or
// the other way round (those sign binary SHA-256 digests, never text beginning "allianceflow/").
// Signing happens only in activities (the workflow bundle holds no key). A process that only verifies
// (the API) reads the key if it is configured or was generated, but never generates one; it also trusts
// the public keys in AUDIT_TRUSTED_PUBLIC_KEYS (earlier keys, after a change).
import { type KeyObject, sign, verify } from 'node:crypto';
import type { AuditConfig, CertificationConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import { canonicalJson } from '../../core/audit/audit-chain';
import { type IssuerKey, publicKeyFromVerificationMethod } from '../certification/credential';
import { loadIssuerKey, readIssuerKey } from '../certification/issuer-key';
import type { AuditSubjectType } from '../../core/audit/audit-entry';

/** A signature and the public key ("z6Mk...", multibase) that verifies it. */
export interface Signature {
  signature: string;
  signingKey: string;
}

/**
 * What checking one signature found: `unsigned` (written before signing began, or its signature
 * removed), `unknown_key` (signed by a key this deployment does not trust: anyone can make a key).
 */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown_key' | 'unsigned';

/** An audit entry's signed text: its position and hash, which covers its content and all before it. */
export function auditEntrySigningText(entry: { subjectType: AuditSubjectType; subjectId: string; sequence: number; hash: string }): string {
  const { subjectType, subjectId, sequence, hash } = entry;
  return `allianceflow/audit-entry/v1 ${canonicalJson({ subjectType, subjectId, sequence, hash })}`;
}

/** An agreement seal's signed text. */
export function sealSigningText(seal: { agreementId: string; seal: string; auditHead: { sequence: number; hash: string } }): string {
  return `allianceflow/agreement-seal/v1 ${canonicalJson({ agreementId: seal.agreementId, seal: seal.seal, auditHead: seal.auditHead })}`;
}

export interface AuditKeys {
  /** Signs with the issuer key, loading (or, unconfigured, generating) it on first use. */
  sign(text: string): Signature;
  /** Checks a stored signature against the trusted keys. */
  check(text: string, stored: { signature: string | null; signingKey: string | null }): SignatureCheck;
}

export interface AuditKeySettings {
  certification: Pick<CertificationConfig, 'issuerKeyPem' | 'issuerKeyFile'>;
  audit: AuditConfig;
  dataDir: string;
}

/**
 * `mode: 'sign'` for the worker (which may generate the key), `'verify'` for the API (which never
 * does: a key it made up would sign nothing and trust nothing).
 */
export function createAuditKeys(settings: AuditKeySettings, log: Logger, mode: 'sign' | 'verify'): AuditKeys {
  let own: IssuerKey | undefined;
  const ownKey = (): IssuerKey | undefined => {
    // Not cached while absent: in a verify-only process a worker may generate it later.
    if (own) return own;
    own = mode === 'sign' ? loadIssuerKey(settings.certification, settings.dataDir, log) : readIssuerKey(settings.certification, settings.dataDir);
    if (own && mode === 'sign') log.info({ publicKey: own.publicKeyMultibase }, 'audit signing key loaded (its public half verifies audit entries and seals)');
    return own;
  };
  const trusted = new Map<string, KeyObject>();
  for (const multibase of settings.audit.trustedPublicKeys) {
    const key = publicKeyFromVerificationMethod(`did:key:${multibase}#${multibase}`);
    if (key) trusted.set(multibase, key);
  }
  const keyFor = (signingKey: string): KeyObject | undefined => {
    const mine = ownKey();
    if (mine?.publicKeyMultibase === signingKey) return mine.publicKey;
    return trusted.get(signingKey);
  };

  return {
    sign(text) {
      const key = ownKey();
      if (!key) throw new Error('no audit signing key: configure CERTIFICATE_ISSUER_KEY or CERTIFICATE_ISSUER_KEY_FILE');
      return { signature: sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64url'), signingKey: key.publicKeyMultibase };
    },
    check(text, stored) {
      if (stored.signature === null || stored.signingKey === null) return 'unsigned';
      const key = keyFor(stored.signingKey);
      if (!key) return 'unknown_key';
      const bytes = Buffer.from(stored.signature, 'base64url');
      // Ed25519 signatures are 64 bytes; anything else is not one (verify would throw on some inputs).
      if (bytes.length !== 64) return 'invalid';
      return verify(null, Buffer.from(text, 'utf8'), key, bytes) ? 'valid' : 'invalid';
    },
  };
}
