// Signatures over the audit trail and the seals (activities/audit/audit-signing.ts) and the trail's
// verification with them (verifyTrail): a rehashed chain fails at the rewritten entry, unsigned older
// entries are reported as unsigned (valid, not proven), a removed signature after a signed entry, a
// stranger's key and a forged seal are refused.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AuditKeys, auditEntrySigningText, createAuditKeys, sealSigningText } from '../../activities/audit/audit-signing';
import { type TrailEntry, verifyTrail } from '../../activities/audit/audit-trail';
import { issuerKeyFromPem } from '../../activities/certification/credential';
import { createLogger } from '../../platform/logger';
import { auditEntryHash, type ChainedAuditEntry, chainNext } from '../../core/audit/audit-chain';

const log = createLogger('audit-signing-test', 'silent');
const pem = () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'audit-signing-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ownPem = pem();
const keys = createAuditKeys({ certification: { issuerKeyPem: ownPem }, audit: { trustedPublicKeys: [] }, dataDir }, log, 'sign');

function chain(count: number, signWith: AuditKeys | null = keys): TrailEntry[] {
  const entries: ChainedAuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push(
      chainNext(
        {
          subjectType: 'agreement',
          subjectId: 'agr-1',
          entryKey: `k${i}`,
          step: 'signed',
          actor: `user-${i}`,
          occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
          data: { i },
        },
        entries[entries.length - 1],
      ),
    );
  }
  return entries.map((e) => {
    const signed = signWith ? signWith.sign(auditEntrySigningText(e)) : { signature: null, signingKey: null };
    return withCheck({ ...e, recordedAt: e.occurredAt, ...signed, signed: signed.signature !== null, signatureCheck: 'unsigned' });
  });
}

/** What readAuditTrail does for a row: check its signature against the verifying keys. */
function withCheck(entry: TrailEntry, verifier: AuditKeys = keys): TrailEntry {
  return { ...entry, signed: entry.signature !== null, signatureCheck: verifier.check(auditEntrySigningText(entry), entry) };
}

test('a signed trail verifies and is proven', () => {
  const entries = chain(5);
  expect(entries.every((e) => e.signatureCheck === 'valid')).toBe(true);
  expect(verifyTrail(entries)).toMatchObject({ valid: true, proven: true, firstInvalid: null, signatures: { signed: 5, unsigned: 0 }, head: { sequence: 5 } });
});

test('an entry rewritten with every hash after it recomputed fails at that entry, on its signature', () => {
  const entries = chain(6);
  const rewritten = [...entries];
  let previousHash = entries[1]!.hash;
  for (let i = 2; i < rewritten.length; i++) {
    const entry = { ...rewritten[i]!, actor: i === 2 ? 'mallory' : rewritten[i]!.actor, previousHash };
    entry.hash = auditEntryHash(entry, previousHash);
    previousHash = entry.hash;
    rewritten[i] = withCheck(entry);
  }
  const verification = verifyTrail(rewritten);
  expect(verification).toMatchObject({ valid: false, proven: false, head: null, firstInvalid: { sequence: 3, fault: 'signature_invalid' } });
  // Re-signing with a key of the attacker's own is no better: that key is not trusted.
  const stranger = createAuditKeys({ certification: { issuerKeyPem: pem() }, audit: { trustedPublicKeys: [] }, dataDir }, log, 'sign');
  const resigned = rewritten.map((e) => withCheck({ ...e, ...stranger.sign(auditEntrySigningText(e)) }));
  expect(verifyTrail(resigned).firstInvalid).toMatchObject({ sequence: 1, fault: 'signature_unknown_key' });
});

test('entries written before signing began are reported unsigned: valid, not proven; a later signed entry is fine', () => {
  const legacy = chain(3, null);
  expect(legacy.every((e) => !e.signed && e.signatureCheck === 'unsigned')).toBe(true);
  expect(verifyTrail(legacy)).toMatchObject({ valid: true, proven: false, firstInvalid: null, signatures: { signed: 0, unsigned: 3 } });

  const mixed = [...legacy.slice(0, 2), withCheck({ ...legacy[2]!, ...keys.sign(auditEntrySigningText(legacy[2]!)) })];
  expect(verifyTrail(mixed)).toMatchObject({ valid: true, proven: false, signatures: { signed: 1, unsigned: 2 } });
});

test('a signature removed after a signed entry is a fault at that entry', () => {
  const entries = chain(4);
  const stripped = entries.map((e, i) => (i >= 2 ? withCheck({ ...e, signature: null, signingKey: null }) : e));
  expect(verifyTrail(stripped)).toMatchObject({ valid: false, firstInvalid: { sequence: 3, fault: 'signature_missing' } });
});

test('the chain fault comes first when it is earlier than the signature fault', () => {
  const entries = chain(4);
  const altered = entries.map((e, i) => (i === 1 ? withCheck({ ...e, data: { i: 'changed' } }) : e));
  // The hash no longer matches the content (the signature over the hash still verifies).
  expect(verifyTrail(altered).firstInvalid).toMatchObject({ sequence: 2, fault: 'hash_mismatch' });
});

test('earlier keys verify once listed in AUDIT_TRUSTED_PUBLIC_KEYS; a verify-only process never generates a key', () => {
  const entries = chain(2);
  const rotated = pem();
  const withoutOld = createAuditKeys({ certification: { issuerKeyPem: rotated }, audit: { trustedPublicKeys: [] }, dataDir }, log, 'verify');
  expect(verifyTrail(entries.map((e) => withCheck(e, withoutOld))).firstInvalid).toMatchObject({ sequence: 1, fault: 'signature_unknown_key' });
  const withOld = createAuditKeys(
    { certification: { issuerKeyPem: rotated }, audit: { trustedPublicKeys: [issuerKeyFromPem(ownPem).publicKeyMultibase] }, dataDir },
    log,
    'verify',
  );
  expect(verifyTrail(entries.map((e) => withCheck(e, withOld)))).toMatchObject({ valid: true, proven: true });

  const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'audit-signing-empty-'));
  try {
    const verifier = createAuditKeys({ certification: {}, audit: { trustedPublicKeys: [] }, dataDir: emptyDir }, log, 'verify');
    expect(verifier.check('x', { signature: 'a'.repeat(86), signingKey: 'z6Mkunknown' })).toBe('unknown_key');
    expect(() => verifier.sign('x')).toThrow(/no audit signing key/);
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
});

test('a seal signature binds the agreement, the seal and the head', () => {
  const seal = { agreementId: 'agr-1', seal: 'a'.repeat(64), auditHead: { sequence: 4, hash: 'b'.repeat(64) } };
  const signed = keys.sign(sealSigningText(seal));
  expect(keys.check(sealSigningText(seal), signed)).toBe('valid');
  expect(keys.check(sealSigningText({ ...seal, seal: 'c'.repeat(64) }), signed)).toBe('invalid');
  expect(keys.check(sealSigningText({ ...seal, agreementId: 'agr-2' }), signed)).toBe('invalid');
  expect(keys.check(sealSigningText(seal), { signature: 'short', signingKey: signed.signingKey })).toBe('invalid');
  // An audit entry's signature is never a seal's: the purpose is part of the signed text.
  expect(sealSigningText(seal).startsWith('allianceflow/agreement-seal/v1 ')).toBe(true);
});
