// Organisations, alliances and users over HTTP: validation naming the field, references that must
// exist, the token shown once and stored only as a hash, revocation, scoping of reads, filters and
// cursor pagination.
import { hashApiToken } from '../../api/auth/tokens';
import { createLogger } from '../../platform/logger';
import { request } from '../support/http';
import { admitMembers } from '../support/alliance-members';
import { createOrganization, createUser, newCreditCode, type TestUser } from '../support/parties';
import { createApplicationDatabase, type ScratchDatabase } from '../support/scratch-database';
import { startTestSystem, type TestSystem } from '../support/test-system';

// A database of this file's own: the list assertions below count every row of a kind, and other test
// files running in parallel register organisations and users too.
let database: ScratchDatabase;
let system: TestSystem;
let admin: TestUser;
let schoolId: string;
let schoolSecretariat: TestUser;
let otherSecretariat: TestUser;

beforeAll(async () => {
  database = await createApplicationDatabase('allianceflow_parties', createLogger('parties-migrate', 'warn'));
  system = await startTestSystem({ databaseUrl: database.url });
  const platform = await createOrganization(system.db, 'association', 'Platform operator');
  admin = await createUser(system.db, { organizationId: platform.id, roles: ['admin'] });
  schoolId = (await createOrganization(system.db, 'secondary_vocational_school')).id;
  schoolSecretariat = await createUser(system.db, { organizationId: schoolId, roles: ['secretariat'] });
  const other = await createOrganization(system.db, 'enterprise');
  otherSecretariat = await createUser(system.db, { organizationId: other.id, roles: ['secretariat'] });
});
afterAll(async () => {
  await system?.stop();
  await database?.drop();
});

const post = (path: string, body: unknown, caller: TestUser, headers: Record<string, string> = {}) =>
  request(system.baseUrl, 'POST', path, { body, headers: { ...caller.auth, ...headers } });
const get = (path: string, caller: TestUser) => request(system.baseUrl, 'GET', path, { headers: caller.auth });

describe('organizations', () => {
  test('an admin registers one; the credit code is validated and unique, lower case accepted', async () => {
    const code = newCreditCode();
    const created = await post('/v1/organizations', { kind: 'university', name: '  数字工匠学院 ', creditCode: code.toLowerCase() }, admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'university', name: '数字工匠学院', creditCode: code });
    expect(created.headers.get('location')).toBe(`/v1/organizations/${created.body.id}`);

    const again = await post('/v1/organizations', { kind: 'enterprise', name: 'Copycat Ltd', creditCode: code }, admin);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ errors: [{ path: '/creditCode' }], existingId: created.body.id });

    const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const invalid = await post('/v1/organizations', { kind: 'guild', name: '', creditCode: wrongCheck }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/creditCode', '/kind', '/name']);

    const read = await get(`/v1/organizations/${created.body.id}`, schoolSecretariat);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  test('only admins register organisations', async () => {
    const response = await post('/v1/organizations', { kind: 'enterprise', name: 'X', creditCode: newCreditCode() }, schoolSecretariat);
    expect(response.status).toBe(403);
  });

  test('lists filter by kind and credit code and page with a stable cursor', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await post('/v1/organizations', { kind: 'research_institute', name: `Institute ${i}`, creditCode: newCreditCode() }, admin);
      made.push(r.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?kind=research_institute&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await get(`/v1/organizations${query}`, schoolSecretariat);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) expect(item.kind).toBe('research_institute');
      seen.push(...page.body.items.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());

    const one = await get(`/v1/organizations?creditCode=${(await system.db.organization.findUniqueOrThrow({ where: { id: made[2]! } })).creditCode}`, admin);
    expect(one.body.items.map((o: { id: string }) => o.id)).toEqual([made[2]]);

    const badCursor = await get('/v1/organizations?cursor=not-a-cursor', admin);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].path).toBe('query/cursor');
    const unknownFilter = await get('/v1/organizations?colour=blue', admin);
    expect(unknownFilter.status).toBe(400);
  });
});

describe('alliances', () => {
  test('the secretariat organisation and members must exist: 422 naming each field', async () => {
    const response = await post(
      '/v1/alliances',
      {
        name: 'Ghost alliance',
        secretariatOrganizationId: '00000000-0000-4000-8000-000000000001',
        memberOrganizationIds: [schoolId, '00000000-0000-4000-8000-000000000002'],
      },
      admin,
    );
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toEqual(['/secretariatOrganizationId', '/memberOrganizationIds/1']);
    expect(await system.db.alliance.count({ where: { name: 'Ghost alliance' } })).toBe(0);
  });

  test('a secretariat founds one for its own organisation only; the secretariat a member, the others invited until they accept; anyone reads it', async () => {
    const enterprise = await createOrganization(system.db, 'enterprise');
    const founded = await post(
      '/v1/alliances',
      { name: 'Digital craftsmen alliance', secretariatOrganizationId: schoolId, memberOrganizationIds: [enterprise.id] },
      schoolSecretariat,
    );
    expect(founded.status).toBe(201);
    expect(founded.body.memberOrganizationIds).toEqual([schoolId]);
    expect(founded.body.invitedOrganizationIds).toEqual([enterprise.id]);

    const foreign = await post('/v1/alliances', { name: 'Not mine', secretariatOrganizationId: schoolId, memberOrganizationIds: [] }, otherSecretariat);
    expect(foreign.status).toBe(403);

    const read = await get(`/v1/alliances/${founded.body.id}`, otherSecretariat);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(founded.body);

    // Invited is not a member: nothing that reads membership counts it.
    expect((await get(`/v1/alliances?organizationId=${enterprise.id}`, otherSecretariat)).body.items).toEqual([]);
    expect((await get(`/v1/organizations?allianceId=${founded.body.id}`, otherSecretariat)).body.items.map((o: { id: string }) => o.id)).toEqual([schoolId]);
    await admitMembers(system.db, founded.body.id, [enterprise.id]);
    const byMember = await get(`/v1/alliances?organizationId=${enterprise.id}`, otherSecretariat);
    expect(byMember.body.items.map((a: { id: string }) => a.id)).toEqual([founded.body.id]);
    const members = await get(`/v1/organizations?allianceId=${founded.body.id}`, otherSecretariat);
    expect(members.body.items.map((o: { id: string }) => o.id).sort()).toEqual([schoolId, enterprise.id].sort());
  });
});

describe('users and tokens', () => {
  const student = (organizationId: string) => ({
    organizationId,
    name: '李明',
    email: `li.ming.${Date.now()}@example.edu.cn`,
    locale: 'zh-CN',
    roles: ['student'],
    birthDate: '2008-03-14',
  });

  test('a student needs a birth date; the organisation must exist', async () => {
    const { birthDate: _omitted, ...noBirthDate } = student(schoolId);
    const missing = await post('/v1/users', noBirthDate, schoolSecretariat);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: '/birthDate', message: 'is required for a student' }]);

    const ghost = await post('/v1/users', student('00000000-0000-4000-8000-000000000003'), admin);
    expect(ghost.status).toBe(422);
    expect(ghost.body.errors).toEqual([{ path: '/organizationId', message: 'no organisation has this id' }]);

    const badEmail = await post('/v1/users', { ...student(schoolId), email: 'not-an-email', locale: 'fr' }, admin);
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/email', '/locale']);
  });

  test('the token is in the answer once, only its hash is stored, and it authenticates until revoked', async () => {
    const created = await post('/v1/users', student(schoolId), schoolSecretariat, { 'idempotency-key': `student-${Date.now()}` });
    expect(created.status).toBe(201);
    const { apiToken, ...user } = created.body;
    expect(apiToken.token).toMatch(/^af_[A-Za-z0-9_-]{43}$/);
    expect(user).toMatchObject({ organizationId: schoolId, roles: ['student'], birthDate: '2008-03-14', locale: 'zh-CN' });

    const stored = await system.db.apiToken.findMany({ where: { userId: user.id } });
    expect(stored.map((t) => t.tokenHash)).toEqual([hashApiToken(apiToken.token)]);
    const everywhere = JSON.stringify(await system.db.idempotencyRecord.findMany());
    expect(everywhere).not.toContain(apiToken.token);

    const auth = { authorization: `Bearer ${apiToken.token}` };
    const self = await request(system.baseUrl, 'GET', `/v1/users/${user.id}`, { headers: auth });
    expect(self.status).toBe(200);
    expect(self.body).toEqual(user);

    const revoked = await post(`/v1/users/${user.id}/tokens/revoke`, {}, schoolSecretariat);
    expect(revoked).toMatchObject({ status: 200, body: { revoked: 1 } });
    const after = await request(system.baseUrl, 'GET', `/v1/users/${user.id}`, { headers: auth });
    expect(after.status).toBe(401);
    const unknown = await request(system.baseUrl, 'GET', `/v1/users/${user.id}`, { headers: { authorization: 'Bearer af_unknown-token-0000000000' } });
    expect(after.body).toEqual(unknown.body);

    const issued = await post(`/v1/users/${user.id}/tokens`, undefined, schoolSecretariat);
    expect(issued.status).toBe(201);
    const fresh = await request(system.baseUrl, 'GET', `/v1/users/${user.id}`, { headers: { authorization: `Bearer ${issued.body.token}` } });
    expect(fresh.status).toBe(200);
  });

  test('users are read by their organisation and admins; others get 404; lists are scoped', async () => {
    const created = await post('/v1/users', student(schoolId), admin);
    const id = created.body.id;
    expect((await get(`/v1/users/${id}`, schoolSecretariat)).status).toBe(200);
    const foreign = await get(`/v1/users/${id}`, otherSecretariat);
    const missing = await get('/v1/users/00000000-0000-4000-8000-000000000009', otherSecretariat);
    expect(foreign.status).toBe(404);
    expect(foreign.body.detail).toBe(missing.body.detail);

    const foreignList = await get(`/v1/users?organizationId=${schoolId}`, otherSecretariat);
    expect(foreignList.body.items).toEqual([]);
    const ownList = await get('/v1/users?role=student', schoolSecretariat);
    expect(ownList.body.items.length).toBeGreaterThan(0);
    for (const u of ownList.body.items) expect(u).toMatchObject({ organizationId: schoolId });
    const adminList = await get(`/v1/users?organizationId=${schoolId}&role=student`, admin);
    expect(adminList.body.items.map((u: { id: string }) => u.id)).toContain(id);
  });

  test('a colleague without a need to know does not see a birth date', async () => {
    const created = await post('/v1/users', student(schoolId), admin);
    const mentor = await createUser(system.db, { organizationId: schoolId, roles: ['mentor'] });
    const seen = await get(`/v1/users/${created.body.id}`, mentor);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('birthDate');
  });

  test('a secretariat registers users only in its own organisation and grants no privileged role', async () => {
    const foreign = await post('/v1/users', student(schoolId), otherSecretariat);
    expect(foreign.status).toBe(403);
    const escalate = await post('/v1/users', { ...student(schoolId), roles: ['admin'] }, schoolSecretariat);
    expect(escalate.status).toBe(403);
    const privileged = await createUser(system.db, { organizationId: schoolId, roles: ['exam_system'] });
    expect((await post(`/v1/users/${privileged.id}/tokens`, undefined, schoolSecretariat)).status).toBe(403);
    expect((await post(`/v1/users/${privileged.id}/tokens/revoke`, {}, schoolSecretariat)).status).toBe(403);
    expect((await post(`/v1/users/${privileged.id}/tokens`, undefined, admin)).status).toBe(201);
  });
});
