// An agreement step's audit entry and rows, written by one activity (activities/storage/agreement-projection.ts
// recordAgreementStep) against the run's real PostgreSQL: a launch and a party step each in one statement
// with the entry, chained after the head the workflow handed over (the genesis for its first write); a
// retried step that meets its own entry (nothing of the combined statement kept, the entry found, the rows
// written alone); a head that is no longer the head (the entry read after the real one); a step whose
// agreement is missing refused with nothing kept; the trail's other appends (appendAudit) after a handed head.
// The workflow's own use: test/api/agreement-*.test.ts.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditKeys } from '../../activities/audit/audit-signing';
import { createAuditActivities, readAuditTrail } from '../../activities/audit/audit-trail';
import { type AgreementLaunchedRecord, type AgreementProgressRecord, createAgreementProjectionActivities } from '../../activities/storage/agreement-projection';
import { GENESIS_HASH } from '../../core/audit/audit-chain';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { launchedAgreementRecord } from '../support/agreement-records';
import { createOrganization, createUser } from '../support/parties';

let db: Database;
let secretariatOrganizationId: string;
let signerUserId: string;

const keysDir = mkdtempSync(path.join(os.tmpdir(), 'agreement-statements-'));
const issuerKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const keys = createAuditKeys({ certification: { issuerKeyPem }, audit: { trustedPublicKeys: [] }, dataDir: keysDir }, createLogger('test', 'silent'), 'sign');

beforeAll(async () => {
  db = createDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
  const [secretariat, enterprise] = await Promise.all([createOrganization(db, 'association'), createOrganization(db, 'enterprise')]);
  secretariatOrganizationId = secretariat.id;
  signerUserId = (await createUser(db, { organizationId: enterprise.id, roles: ['signatory'] })).id;
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(keysDir, { recursive: true, force: true });
});

const genesis = { sequence: 0, hash: GENESIS_HASH };
const sha = 'a'.repeat(64);

function launched(agreementId: string): AgreementLaunchedRecord {
  return launchedAgreementRecord({
    agreementId,
    allianceId: 'statements',
    secretariatOrganizationId,
    launchedBy: signerUserId,
    documentSha256: sha,
    parties: [
      { partyId: 'party-1', displayName: '企业', role: 'signer', routingGroup: 1, kind: 'user', userId: signerUserId, organizationId: null, state: 'pending' },
      { partyId: 'party-2', displayName: '学校', role: 'signer', routingGroup: 1, kind: 'user', userId: signerUserId, organizationId: null, state: 'pending' },
    ],
  });
}

function signed(agreementId: string, partyId: string): AgreementProgressRecord {
  const at = '2026-12-06T09:00:00.000Z';
  return {
    agreementId,
    currentRoutingGroup: 1,
    parties: [{ partyId, state: 'signed', delegatedToUserId: null, actedAt: at }],
    signature: { partyId, role: 'signer', step: 'signed', actedBy: signerUserId, onBehalfOf: null, delegated: false, documentSha256: sha, at, version: 1 },
  };
}

function entry(agreementId: string, key: string, step: string): AuditEntryInput {
  return {
    subjectType: 'agreement',
    subjectId: agreementId,
    entryKey: `agreement-${agreementId}/${key}`,
    step,
    actor: signerUserId,
    occurredAt: '2026-12-06T09:00:00.000Z',
    data: { key },
  };
}

describe('recordAgreementStep', () => {
  // Made once the database is open (beforeAll).
  const recordAgreementStep: ReturnType<typeof createAgreementProjectionActivities>['recordAgreementStep'] = (record) =>
    createAgreementProjectionActivities(db, keys).recordAgreementStep(record);

  test('a launch and a sign step, each written with its entry after the head handed over; the trail verifies', async () => {
    const id = randomUUID();
    const record = recordAgreementStep;
    const first = await record({ entry: entry(id, 'launched', 'launched'), after: genesis, launched: launched(id) });
    expect(first).toMatchObject({ sequence: 1 });
    expect(await db.agreementParty.count({ where: { agreementId: id } })).toBe(2);
    expect(await db.agreementVersion.count({ where: { agreementId: id } })).toBe(1);

    const second = await record({ entry: entry(id, 'signed/party-1/v1', 'signed'), after: first, progress: signed(id, 'party-1') });
    expect(second).toMatchObject({ sequence: 2 });
    expect((await db.agreementParty.findUniqueOrThrow({ where: { agreementId_partyId: { agreementId: id, partyId: 'party-1' } } })).state).toBe('signed');
    expect(await db.agreementSignature.count({ where: { agreementId: id } })).toBe(1);

    const trail = await readAuditTrail(db, keys, 'agreement', id);
    expect(trail.entries.map((e) => [e.sequence, e.step])).toEqual([
      [1, 'launched'],
      [2, 'signed'],
    ]);
    expect(trail.verification).toMatchObject({ valid: true, entries: 2, head: { sequence: 2, hash: second.hash } });
  });

  test('a retried step meets its own entry: the entry is found, the rows are written alone, nothing twice', async () => {
    const id = randomUUID();
    const record = recordAgreementStep;
    const first = await record({ entry: entry(id, 'launched', 'launched'), after: genesis, launched: launched(id) });
    const step = { entry: entry(id, 'signed/party-1/v1', 'signed'), after: first, progress: signed(id, 'party-1') };
    const once = await record(step);
    expect(await record(step)).toEqual(once);
    expect(await record({ entry: entry(id, 'launched', 'launched'), after: genesis, launched: launched(id) })).toEqual(first);
    expect(await db.auditEntry.count({ where: { subjectId: id } })).toBe(2);
    expect(await db.agreementSignature.count({ where: { agreementId: id } })).toBe(1);
  });

  test('a head that is no longer the head: the entry follows the real one', async () => {
    const id = randomUUID();
    const first = await recordAgreementStep({ entry: entry(id, 'launched', 'launched'), after: genesis, launched: launched(id) });
    await recordAgreementStep({ entry: entry(id, 'signed/party-1/v1', 'signed'), after: first, progress: signed(id, 'party-1') });
    // Handed the launch's head again (as after a write the workflow did not see answered).
    const third = await recordAgreementStep({ entry: entry(id, 'signed/party-2/v1', 'signed'), after: first, progress: signed(id, 'party-2') });
    expect(third).toMatchObject({ sequence: 3 });
    expect(await db.agreementSignature.count({ where: { agreementId: id } })).toBe(2);
    expect((await readAuditTrail(db, keys, 'agreement', id)).verification).toMatchObject({ valid: true, entries: 3 });
  });

  test('a sign step of an agreement that is not there is refused, and its entry is not kept', async () => {
    const id = randomUUID();
    await expect(recordAgreementStep({ entry: entry(id, 'signed/party-1/v1', 'signed'), after: genesis, progress: signed(id, 'party-1') })).rejects.toThrow();
    expect(await db.auditEntry.count({ where: { subjectId: id } })).toBe(0);
  });

  test("the completion's entries (appendAudit, the trail's other writes) follow the head handed over, or read it", async () => {
    const id = randomUUID();
    const { appendAudit } = createAuditActivities(db, keys);
    const launchedHead = await recordAgreementStep({ entry: entry(id, 'launched', 'launched'), after: genesis, launched: launched(id) });
    const completed = await appendAudit(entry(id, 'completed', 'completed'), launchedHead);
    expect(completed).toMatchObject({ sequence: 2 });
    // A retry of the same append answers the entry as written; a stale head, the entry after the real one.
    expect(await appendAudit(entry(id, 'completed', 'completed'), launchedHead)).toEqual(completed);
    expect(await appendAudit(entry(id, 'certificate-pdf', 'certificate_rendered'), launchedHead)).toMatchObject({ sequence: 3 });
    expect(await appendAudit(entry(id, 'renewal-reminder', 'renewal_reminder_sent'))).toMatchObject({ sequence: 4 });
    const trail = await readAuditTrail(db, keys, 'agreement', id);
    expect(trail.entries.map((e) => e.step)).toEqual(['launched', 'completed', 'certificate_rendered', 'renewal_reminder_sent']);
    expect(trail.verification).toMatchObject({ valid: true, entries: 4 });
  });

  test('without a head (a workflow that began before heads were handed over) the head is read', async () => {
    const id = randomUUID();
    const first = await recordAgreementStep({ entry: entry(id, 'launched', 'launched'), launched: launched(id) });
    const second = await recordAgreementStep({ entry: entry(id, 'signed/party-1/v1', 'signed'), progress: signed(id, 'party-1') });
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect((await readAuditTrail(db, keys, 'agreement', id)).verification).toMatchObject({ valid: true, entries: 2 });
  });
});
