// Who sees an agreement, read two ways against the run's real PostgreSQL (api/agreements/visibility.ts):
// the full record a read route answers with (visibleAgreement) and the one-statement check the sign,
// approve and decline steps run alongside their Update (assertAgreementVisible). Both must say the same
// for every kind of caller: the admin, the secretariat, a party's organisation, a user party, a party's
// delegate, an outsider, and nobody for an agreement that does not exist or has no parties.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditKeys } from '../../activities/audit/audit-signing';
import { type AgreementLaunchedRecord, createAgreementProjectionActivities } from '../../activities/storage/agreement-projection';
import type { Principal } from '../../api/auth/principal';
import type { Role } from '../../api/auth/roles';
import { assertAgreementVisible, visibleAgreement } from '../../api/agreements/visibility';
import { GENESIS_HASH } from '../../core/audit/audit-chain';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { launchedAgreementRecord } from '../support/agreement-records';
import { createOrganization, createUser } from '../support/parties';

let db: Database;
const keysDir = mkdtempSync(path.join(os.tmpdir(), 'agreement-visibility-'));
const issuerKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const keys = createAuditKeys({ certification: { issuerKeyPem }, audit: { trustedPublicKeys: [] }, dataDir: keysDir }, createLogger('test', 'silent'), 'sign');

const people: Record<'secretariat' | 'enterprise' | 'userParty' | 'delegate' | 'outsider', Principal> = {} as never;
const admin: Principal = { userId: randomUUID(), organizationId: null, roles: new Set<Role>(['admin']) };
let secretariatOrganizationId: string;
let agreementId: string;
let partylessId: string;

function principal(userId: string, organizationId: string | null, roles: Role[]): Principal {
  return { userId, organizationId, roles: new Set(roles) };
}

beforeAll(async () => {
  db = createDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
  const [secretariat, enterprise, school, elsewhere] = await Promise.all([
    createOrganization(db, 'association'),
    createOrganization(db, 'enterprise'),
    createOrganization(db, 'university'),
    createOrganization(db, 'enterprise'),
  ]);
  secretariatOrganizationId = secretariat.id;
  const user = async (organizationId: string, roles: Role[]) => principal((await createUser(db, { organizationId, roles })).id, organizationId, roles);
  people.secretariat = await user(secretariat.id, ['secretariat']);
  people.enterprise = await user(enterprise.id, ['signatory']);
  people.userParty = await user(school.id, ['student']);
  people.delegate = await user(elsewhere.id, ['signatory']);
  people.outsider = await user(elsewhere.id, ['signatory']);

  const { recordAgreementStep } = createAgreementProjectionActivities(db, keys);
  const launch = async (id: string, parties: AgreementLaunchedRecord['parties']) =>
    recordAgreementStep({
      entry: {
        subjectType: 'agreement',
        subjectId: id,
        entryKey: `agreement-${id}/launched`,
        step: 'launched',
        actor: people.secretariat.userId,
        occurredAt: '2026-12-06T08:00:00.000Z',
        data: {},
      },
      after: { sequence: 0, hash: GENESIS_HASH },
      launched: launchedAgreementRecord({
        agreementId: id,
        allianceId: 'visibility',
        secretariatOrganizationId,
        launchedBy: people.secretariat.userId,
        documentSha256: 'b'.repeat(64),
        parties,
      }),
    });
  agreementId = randomUUID();
  await launch(agreementId, [
    {
      partyId: 'enterprise',
      displayName: '企业',
      role: 'signer',
      routingGroup: 1,
      kind: 'organization',
      userId: null,
      organizationId: enterprise.id,
      state: 'pending',
    },
    {
      partyId: 'student',
      displayName: '学生',
      role: 'signer',
      routingGroup: 1,
      kind: 'user',
      userId: people.userParty.userId,
      organizationId: null,
      state: 'pending',
    },
  ]);
  await db.agreementParty.update({
    where: { agreementId_partyId: { agreementId, partyId: 'enterprise' } },
    data: { delegatedToUserId: people.delegate.userId },
  });
  partylessId = randomUUID();
  await launch(partylessId, []);
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(keysDir, { recursive: true, force: true });
});

/** 'visible' or the problem's status, for one of the two reads. */
async function verdict(read: () => Promise<unknown>): Promise<'visible' | number> {
  try {
    await read();
    return 'visible';
  } catch (error) {
    return (error as { status: number }).status;
  }
}

async function bothVerdicts(who: Principal, id: string): Promise<['visible' | number, 'visible' | number]> {
  const deps = { db };
  return [await verdict(() => visibleAgreement(deps, who, id)), await verdict(() => assertAgreementVisible(deps, who, id))];
}

test.each([
  ['the admin', () => admin, 'visible'],
  ['the secretariat', () => people.secretariat, 'visible'],
  ["a party's organisation", () => people.enterprise, 'visible'],
  ['a user party', () => people.userParty, 'visible'],
  ["a party's delegate from another organisation", () => people.delegate, 'visible'],
  ['an outsider', () => people.outsider, 404],
] as const)('%s: the full read and the one-statement check agree', async (_who, who, expected) => {
  expect(await bothVerdicts(who(), agreementId)).toEqual([expected, expected]);
});

test('an unknown agreement is 404 for everyone, the admin included, both ways', async () => {
  for (const who of [admin, people.secretariat, people.outsider]) expect(await bothVerdicts(who, randomUUID())).toEqual([404, 404]);
});

test('an agreement without parties: its secretariat and the admin see it, nobody else (a row of nulls matches no one)', async () => {
  expect(await bothVerdicts(people.secretariat, partylessId)).toEqual(['visible', 'visible']);
  expect(await bothVerdicts(admin, partylessId)).toEqual(['visible', 'visible']);
  expect(await bothVerdicts(people.outsider, partylessId)).toEqual([404, 404]);
  expect(await bothVerdicts(people.enterprise, partylessId)).toEqual([404, 404]);
});
