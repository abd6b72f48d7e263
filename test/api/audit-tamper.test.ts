// A database superuser rewrites who signed an effective agreement, as an attacker who knows the
// algorithms would: triggers off, the signature record and its audit entry changed, every hash after
// it, the seal and the sealed head recomputed, so that the unkeyed checks (the SHA-256 chain, the seal)
// agree with the forgery. The keyed ones do not: the entry's Ed25519 signature and the seal's fail, and
// GET /v1/agreements/:id/audit and the certificate of completion say so, naming the entry.
import { Client } from 'pg';
import { auditEntryHash, type ChainedAuditEntry, verifyChain } from '../../core/audit/audit-chain';
import { computeSeal, type SignatureRecord } from '../../core/agreement-signing/seal';
import { createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { eventually } from '../support/eventually';
import { allianceFixture, auditSteps, launch, launchBody, organizationParty, read, recordWithStatus, sha256, step } from './agreement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('a superuser rewrite of one signature with every hash and the seal recomputed fails verification at that entry', async () => {
  const alliance = await allianceFixture(system, 'Tamper-evidence alliance');
  const school = await organizationParty(system, 'secondary_vocational_school', 'Honest School');
  const enterprise = await organizationParty(system, 'enterprise', 'Honest Enterprise');
  const mallory = await createUser(system.db, { organizationId: school.organizationId, roles: ['signatory'], name: 'Mallory' });
  const text = 'Memorandum whose signatures must not be rewritten.';
  const { id } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      [
        { partyId: 'school', displayName: 'Honest School', role: 'signer', routingGroup: 1, organizationId: school.organizationId },
        { partyId: 'enterprise', displayName: 'Honest Enterprise', role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId },
      ],
      { document: { text } },
    ),
  );
  for (const [party, who] of [
    ['school', school.signatory],
    ['enterprise', enterprise.signatory],
  ] as const) {
    expect((await step(system, who, id, 'sign', { partyId: party, documentSha256: sha256(text) })).status).toBe(200);
  }
  await recordWithStatus(system, id, 'effective');
  // The workflow's last entry (the certificate's PDF, after the seal) is written before the attack: an entry
  // appended after the rewrite would be signed over the forged chain and verify (a flaky failure, seen once).
  await eventually(
    () => auditSteps(system, id),
    (entries) => entries.some((e) => e.step === 'certificate_rendered'),
  );

  const before = await read(system, school.signatory, `/v1/agreements/${id}/audit`);
  expect(before.body.verification).toMatchObject({ valid: true, proven: true, firstInvalid: null, sealedHead: { inTrail: true } });
  expect(before.body.entries.every((e: { signed: boolean; signatureCheck: string }) => e.signed && e.signatureCheck === 'valid')).toBe(true);
  const certificateBefore = await read(system, school.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificateBefore.body.verification).toMatchObject({
    sealValid: true,
    sealMatchesRecords: true,
    sealSignature: 'valid',
    auditTrailValid: true,
    auditHeadInTrail: true,
  });

  // ---- The attack, as the database superuser.
  const superuser = new Client({ connectionString: system.config.database.migrationUrl });
  await superuser.connect();
  let forgedSequence: number;
  try {
    const { rows: roles } = await superuser.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(roles[0]!.rolsuper).toBe(true);
    await superuser.query('BEGIN');
    await superuser.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete');

    // 1. The school's signature record now says Mallory signed.
    const changed = await superuser.query(`UPDATE agreement_signatures SET acted_by_user_id = $2 WHERE agreement_id = $1 AND party_id = 'school'`, [
      id,
      mallory.id,
    ]);
    expect(changed.rowCount).toBe(1);

    // 2. Its audit entry too, and every hash from there on recomputed (the seal in the completion entry as well).
    const { rows } = await superuser.query<{
      subject_type: 'agreement';
      subject_id: string;
      sequence: number;
      entry_key: string;
      step: string;
      actor: string;
      occurred_at: Date;
      data: Record<string, unknown>;
      previous_hash: string;
      hash: string;
    }>(`SELECT * FROM audit_entries WHERE subject_type = 'agreement' AND subject_id = $1 ORDER BY sequence`, [id]);
    const entries: ChainedAuditEntry[] = rows.map((r) => ({
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      sequence: r.sequence,
      entryKey: r.entry_key,
      step: r.step,
      actor: r.actor,
      occurredAt: r.occurred_at.toISOString(),
      data: r.data,
      previousHash: r.previous_hash,
      hash: r.hash,
    }));
    const forged = entries.find((e) => e.step === 'signed' && e.data.partyId === 'school')!;
    forgedSequence = forged.sequence;
    forged.actor = mallory.id;

    const { rows: signatureRows } = await superuser.query(
      `SELECT party_id, role, step, acted_by_user_id, on_behalf_of_organization_id, delegated, document_sha256, occurred_at FROM agreement_signatures WHERE agreement_id = $1`,
      [id],
    );
    const signatures: SignatureRecord[] = signatureRows.map((s) => ({
      partyId: s.party_id,
      role: s.role,
      step: s.step,
      actedBy: s.acted_by_user_id,
      onBehalfOf: s.on_behalf_of_organization_id,
      delegated: s.delegated,
      documentSha256: s.document_sha256,
      at: (s.occurred_at as Date).toISOString(),
    }));
    const { rows: agreementRows } = await superuser.query(`SELECT version, document_sha256 FROM agreements WHERE id = $1`, [id]);
    let previousHash = entries[forged.sequence - 2]!.hash;
    let seal = '';
    let auditHead = { sequence: 0, hash: '' };
    for (const entry of entries.slice(forged.sequence - 1)) {
      if (entry.step === 'completed') {
        auditHead = { sequence: entry.sequence - 1, hash: previousHash };
        seal = computeSeal({ agreementId: id, version: agreementRows[0].version, documentSha256: agreementRows[0].document_sha256, signatures, auditHead });
        entry.data = { ...entry.data, seal, auditHead };
      }
      entry.previousHash = previousHash;
      entry.hash = auditEntryHash(entry, previousHash);
      previousHash = entry.hash;
      await superuser.query(
        `UPDATE audit_entries SET actor = $3, data = $4, previous_hash = $5, hash = $6 WHERE subject_type = 'agreement' AND subject_id = $1 AND sequence = $2`,
        [id, entry.sequence, entry.actor, JSON.stringify(entry.data), entry.previousHash, entry.hash],
      );
    }
    expect(seal).not.toBe('');

    // 3. The agreement's seal and sealed head.
    await superuser.query(`UPDATE agreements SET seal = $2, audit_head_sequence = $3, audit_head_hash = $4 WHERE id = $1`, [
      id,
      seal,
      auditHead.sequence,
      auditHead.hash,
    ]);
    await superuser.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_or_delete');
    await superuser.query('COMMIT');

    // The forgery is consistent for every unkeyed check: the chain recomputes, the seal recomputes.
    expect(verifyChain(entries)).toMatchObject({ valid: true, firstInvalid: null });
  } finally {
    await superuser.end();
  }

  // ---- The keyed checks see it.
  const after = await read(system, school.signatory, `/v1/agreements/${id}/audit`);
  expect(after.status).toBe(200);
  expect(after.body.verification).toMatchObject({
    valid: false,
    proven: false,
    head: null,
    firstInvalid: { sequence: forgedSequence, fault: 'signature_invalid' },
  });
  const forgedEntry = after.body.entries.find((e: { sequence: number }) => e.sequence === forgedSequence);
  expect(forgedEntry).toMatchObject({ actor: mallory.id, signed: true, signatureCheck: 'invalid' });
  // Every rehashed entry after it fails its signature too; the ones before still verify.
  const checks = after.body.entries.map((e: { sequence: number; signatureCheck: string }) => `${e.sequence}:${e.signatureCheck}`);
  expect(
    after.body.entries.filter((e: { sequence: number }) => e.sequence < forgedSequence).every((e: { signatureCheck: string }) => e.signatureCheck === 'valid'),
  ).toBe(true);
  expect(
    after.body.entries
      .filter((e: { sequence: number }) => e.sequence >= forgedSequence)
      .every((e: { signatureCheck: string }) => e.signatureCheck === 'invalid'),
  ).toBe(true);

  const certificate = await read(system, school.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificate.status).toBe(200);
  expect(certificate.body.verification).toMatchObject({
    sealValid: false,
    sealMatchesRecords: true, // the attacker recomputed it
    sealSigned: true,
    sealSignature: 'invalid',
    auditTrailValid: false,
    auditTrailFirstInvalid: { sequence: forgedSequence, fault: 'signature_invalid' },
  });
  const html = await read(system, school.signatory, `/v1/agreements/${id}/certificate?format=html`);
  expect(html.body).toContain('signature does not verify (invalid)');
  expect(html.body).toContain(`fails at entry #${forgedSequence} (signature_invalid)`);

  process.stdout.write(
    [
      `agreement ${id}: entry #${forgedSequence} (school signed) rewritten to actor ${mallory.id}, hashes, seal and sealed head recomputed`,
      `  unkeyed chain recomputation after the rewrite: valid`,
      `  GET /audit verification: ${JSON.stringify(after.body.verification)}`,
      `  entry signature checks: ${checks.join(' ')}`,
      `  certificate verification: ${JSON.stringify(certificate.body.verification)}`,
      '',
    ].join('\n'),
  );
});
