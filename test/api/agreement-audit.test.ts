// The audit trail in the database: appends are idempotent and gap-free under concurrency; the app's
// database role cannot UPDATE, DELETE or TRUNCATE entries (it has no such privilege), nor can the owner
// (a trigger refuses); and an entry edited behind
// the trigger's back (a superuser disabling triggers) makes GET /v1/agreements/:id/audit fail verification
// at exactly that entry.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { appendAuditEntries, appendAuditEntry, readAuditTrail } from '../../activities/audit/audit-trail';
import { type AuditKeys, createAuditKeys } from '../../activities/audit/audit-signing';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import { createLogger } from '../../platform/logger';
import { chainNext } from '../../core/audit/audit-chain';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launch, launchBody, organizationParty, read, recordWithStatus, sha256, step } from './agreement-fixtures';

let system: TestSystem;
let keys: AuditKeys;
beforeAll(async () => {
  system = await startTestSystem();
  keys = createAuditKeys(system.config, createLogger('audit-test', 'silent'), 'sign');
});
afterAll(async () => {
  await system?.stop();
});

const entry = (subjectId: string, n: number): AuditEntryInput => ({
  subjectType: 'certification_application',
  subjectId,
  entryKey: `review-${subjectId}/step-${n}`,
  step: 'reviewed',
  actor: `reviewer-${n}`,
  occurredAt: new Date(Date.UTC(2026, 10, 27, 12, 0, n)).toISOString(),
  data: { decision: n % 2 ? 'approve' : 'request_changes', score: n, comment: `第${n}条意见` },
});

test('appends are idempotent by key and gap-free when many race for one subject', async () => {
  const subjectId = randomUUID();
  // Twelve different steps at once, each appended twice (an activity and its retry). (A workflow appends
  // its own entries one at a time; this is the worst case: writers racing for one subject.)
  const steps = 12;
  const results = await Promise.all(
    [...Array(steps).keys()].flatMap((n) => [appendAuditEntry(system.db, keys, entry(subjectId, n)), appendAuditEntry(system.db, keys, entry(subjectId, n))]),
  );
  for (let n = 0; n < steps; n++) expect(results[2 * n]).toEqual(results[2 * n + 1]);
  const trail = await readAuditTrail(system.db, keys, 'certification_application', subjectId);
  expect(trail.entries.map((e) => e.sequence)).toEqual([...Array(steps).keys()].map((n) => n + 1));
  expect(new Set(trail.entries.map((e) => e.entryKey)).size).toBe(steps);
  expect(trail.verification).toMatchObject({ valid: true, entries: steps, head: { sequence: steps } });
  // A retry long after still finds its entry instead of appending another.
  expect(await appendAuditEntry(system.db, keys, entry(subjectId, 7))).toEqual(results[14]);
  expect(await system.db.auditEntry.count({ where: { subjectId } })).toBe(steps);
});

test('a batch appended after the head its writer knows continues the chain; a head that is no longer the head, or a retried batch, falls back to reading it', async () => {
  const subjectId = randomUUID();
  const first = await appendAuditEntries(system.db, keys, [entry(subjectId, 1), entry(subjectId, 2)]);
  expect(first).toMatchObject({ sequence: 2 });
  // The writer hands over what its previous batch answered: no head read, the next numbers.
  const second = await appendAuditEntries(system.db, keys, [entry(subjectId, 3)], { after: first! });
  expect(second).toMatchObject({ sequence: 3 });
  // Another writer appends meanwhile: the first writer's head is stale, its batch goes in after the real one.
  await appendAuditEntry(system.db, keys, entry(subjectId, 4));
  const stale = await appendAuditEntries(system.db, keys, [entry(subjectId, 5), entry(subjectId, 6)], { after: second! });
  expect(stale).toMatchObject({ sequence: 6 });
  // The same batch again (an activity retry) with the head it was first given: nothing appended twice.
  expect(await appendAuditEntries(system.db, keys, [entry(subjectId, 5), entry(subjectId, 6)], { after: second! })).toEqual(stale);

  const trail = await readAuditTrail(system.db, keys, 'certification_application', subjectId);
  expect(trail.entries.map((e) => [e.sequence, e.entryKey])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, `review-${subjectId}/step-${n}`]));
  expect(trail.verification).toMatchObject({ valid: true, entries: 6, head: { sequence: 6, hash: stale!.hash } });
});

test('entries written before signing began (no signature) read as unsigned: valid, not proven; a signed entry may follow', async () => {
  const subjectId = randomUUID();
  // An earlier release's rows: the same chain, no signature columns filled.
  let head: { sequence: number; hash: string } | undefined;
  for (const n of [1, 2]) {
    const { data, ...fields } = entry(subjectId, n);
    const next = chainNext({ ...fields, data }, head);
    await system.db.auditEntry.create({ data: { ...next, occurredAt: new Date(next.occurredAt), data: data as object } });
    head = next;
  }
  await appendAuditEntry(system.db, keys, entry(subjectId, 3));
  const trail = await readAuditTrail(system.db, keys, 'certification_application', subjectId);
  expect(trail.entries.map((e) => [e.sequence, e.signed, e.signatureCheck])).toEqual([
    [1, false, 'unsigned'],
    [2, false, 'unsigned'],
    [3, true, 'valid'],
  ]);
  expect(trail.verification).toMatchObject({ valid: true, proven: false, firstInvalid: null, signatures: { signed: 1, unsigned: 2 } });
});

test('the app role cannot UPDATE, DELETE or TRUNCATE audit entries, and the owner is stopped by the trigger', async () => {
  const subjectId = randomUUID();
  await appendAuditEntry(system.db, keys, entry(subjectId, 1));
  const where = { subjectType_subjectId_sequence: { subjectType: 'certification_application' as const, subjectId, sequence: 1 } };
  await expect(system.db.auditEntry.update({ where, data: { actor: 'mallory' } })).rejects.toThrow(/permission denied for table audit_entries/);
  await expect(system.db.auditEntry.delete({ where })).rejects.toThrow(/permission denied for table audit_entries/);
  await expect(system.db.$executeRawUnsafe('TRUNCATE audit_entries')).rejects.toThrow(/permission denied for table audit_entries/);
  await expect(system.db.$executeRaw`UPDATE audit_entries SET data = '{}' WHERE subject_id = ${subjectId}`).rejects.toThrow(/permission denied/);
  // The owner holds every privilege; the trigger still refuses.
  const owner = new Client({ connectionString: system.config.database.migrationUrl });
  await owner.connect();
  try {
    await expect(owner.query(`UPDATE audit_entries SET actor = 'mallory' WHERE subject_id = $1`, [subjectId])).rejects.toThrow(
      /audit_entries is append-only: UPDATE is not allowed/,
    );
    await expect(owner.query(`DELETE FROM audit_entries WHERE subject_id = $1`, [subjectId])).rejects.toThrow(
      /audit_entries is append-only: DELETE is not allowed/,
    );
    await expect(owner.query('TRUNCATE audit_entries')).rejects.toThrow(/audit_entries is append-only: TRUNCATE is not allowed/);
  } finally {
    await owner.end();
  }
  expect(await system.db.auditEntry.findUniqueOrThrow({ where })).toMatchObject({ actor: 'reviewer-1', sequence: 1 });
});

test('an entry edited behind the trigger fails verification at that entry', async () => {
  const alliance = await allianceFixture(system);
  const school = await organizationParty(system, 'secondary_vocational_school', 'Audit School');
  const text = 'Audited memorandum.';
  const { id } = await launch(
    system,
    alliance,
    launchBody(alliance, [{ partyId: 'school', displayName: 'Audit School', role: 'signer', routingGroup: 1, organizationId: school.organizationId }], {
      document: { text },
    }),
  );
  expect((await step(system, school.signatory, id, 'sign', { partyId: 'school', documentSha256: sha256(text) })).status).toBe(200);
  await recordWithStatus(system, id, 'effective');
  const before = await read(system, school.signatory, `/v1/agreements/${id}/audit`);
  expect(before.body.verification).toMatchObject({ valid: true, firstInvalid: null });
  const signed = before.body.entries.find((e: { step: string }) => e.step === 'signed');

  // A superuser turns triggers off for its session and rewrites who signed.
  const superuser = new Client({ connectionString: system.config.database.migrationUrl });
  await superuser.connect();
  try {
    await superuser.query('BEGIN');
    await superuser.query('SET LOCAL session_replication_role = replica');
    const changed = await superuser.query(`UPDATE audit_entries SET actor = 'mallory' WHERE subject_type = 'agreement' AND subject_id = $1 AND sequence = $2`, [
      id,
      signed.sequence,
    ]);
    expect(changed.rowCount).toBe(1);
    await superuser.query('COMMIT');
  } finally {
    await superuser.end();
  }

  const after = await read(system, school.signatory, `/v1/agreements/${id}/audit`);
  expect(after.status).toBe(200);
  expect(after.body.verification).toMatchObject({
    valid: false,
    head: null,
    firstInvalid: { sequence: signed.sequence, fault: 'hash_mismatch', found: signed.hash },
  });
  console.log(`tampered entry #${signed.sequence}: verification ${JSON.stringify(after.body.verification.firstInvalid)}`);
  // The certificate says so too.
  const certificate = await read(system, school.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificate.body.verification).toMatchObject({ auditTrailValid: false });
});
