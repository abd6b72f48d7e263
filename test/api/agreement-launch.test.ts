// Walking skeleton through every layer: HTTP -> workflow -> activity -> PostgreSQL -> query.
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { admitMembers } from '../support/alliance-members';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture } from './agreement-fixtures';

let system: TestSystem;
let secretariat: TestUser;
let launchBody: Record<string, unknown>;
beforeAll(async () => {
  system = await startTestSystem();
  const alliance = await allianceFixture(system);
  secretariat = alliance.secretariat;
  const [school, enterprise] = await Promise.all([createOrganization(system.db, 'secondary_vocational_school'), createOrganization(system.db, 'enterprise')]);
  // Somebody may sign for each party (else the launch is refused: unreachable-party).
  await Promise.all([school, enterprise].map((o) => createUser(system.db, { organizationId: o.id, roles: ['signatory'] })));
  // Both were invited into the alliance and accepted: an agreement names only members.
  await admitMembers(system.db, alliance.allianceId, [school.id, enterprise.id]);
  launchBody = {
    allianceId: alliance.allianceId,
    title: 'Digital craftsmen co-education memorandum',
    kind: 'cooperation_memorandum',
    document: { text: 'The parties agree to co-educate digital craftsmen.' },
    parties: [
      { partyId: 'school-1', displayName: 'Vocational School No. 1', role: 'signer', routingGroup: 1, organizationId: school.id },
      { partyId: 'enterprise-1', displayName: 'Precision Machining Ltd', role: 'signer', routingGroup: 2, organizationId: enterprise.id },
    ],
    // Long enough to read it back in progress: now that its parties have signatories, its launch also sends them invitations.
    policy: { deadline: 'PT10S' },
  };
});
afterAll(async () => {
  await system?.stop();
});

test('health and readiness answer', async () => {
  expect((await request(system.baseUrl, 'GET', '/healthz')).status).toBe(200);
  const ready = await request(system.baseUrl, 'GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
    ['database', true],
    ['temporal', true],
  ]);
});

test('launching an agreement starts its workflow, records it and reads it back; it expires on its deadline', async () => {
  const launched = await request(system.baseUrl, 'POST', '/v1/agreements', { body: launchBody, headers: secretariat.auth });
  expect(launched.status).toBe(201);
  const id: string = launched.body.id;
  expect(launched.headers.get('location')).toBe(`/v1/agreements/${id}`);
  expect(launched.body.documentSha256).toMatch(/^[0-9a-f]{64}$/);

  const row = await eventually(
    () => system.db.agreement.findUnique({ where: { id }, include: { parties: true } }),
    (r) => r !== null,
  );
  expect(row).toMatchObject({ title: launchBody.title, kind: 'cooperation_memorandum', status: 'in_progress' });
  expect(row!.parties.map((p) => p.partyId).sort()).toEqual(['enterprise-1', 'school-1']);

  const read = await request(system.baseUrl, 'GET', `/v1/agreements/${id}`, { headers: secretariat.auth });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id, status: 'in_progress', currentRoutingGroup: 1, version: 1 });
  expect(read.body.parties).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ partyId: 'school-1', state: 'pending' }),
      expect.objectContaining({ partyId: 'enterprise-1', state: 'waiting' }),
    ]),
  );

  const result = await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
  expect(result.status).toBe('expired');
  const expired = await system.db.agreement.findUniqueOrThrow({ where: { id } });
  expect(expired.status).toBe('expired');
  await saveHistory(system.client, agreementWorkflowId(id), 'launch-then-expire');
});

test('invalid input is a 400 problem+json naming each field, and starts nothing', async () => {
  const before = await system.db.agreement.count();
  const response = await request(system.baseUrl, 'POST', '/v1/agreements', {
    body: { ...launchBody, kind: 'treaty', policy: { deadline: '5 days' }, extra: true },
    headers: secretariat.auth,
  });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status: 400, title: 'Invalid request', instance: '/v1/agreements' });
  const paths = response.body.errors.map((e: { path: string }) => e.path);
  expect(paths).toEqual(expect.arrayContaining(['/kind', '/policy/deadline']));
  expect(await system.db.agreement.count()).toBe(before);
});

test('no token, an unknown token and a caller without the role are refused', async () => {
  const none = await request(system.baseUrl, 'POST', '/v1/agreements', { body: launchBody });
  expect(none.status).toBe(401);
  const unknown = await request(system.baseUrl, 'POST', '/v1/agreements', {
    body: launchBody,
    headers: { authorization: 'Bearer af_not-a-real-token-at-all' },
  });
  expect(unknown.status).toBe(401);
  expect(unknown.body).toEqual({ ...none.body });
  const student = await createUser(system.db, { organizationId: secretariat.organizationId, roles: ['student'] });
  const forbidden = await request(system.baseUrl, 'POST', '/v1/agreements', { body: launchBody, headers: student.auth });
  expect(forbidden.status).toBe(403);
});

test('malformed JSON is a 400, an unknown agreement a 404, both problem+json', async () => {
  const malformed = await request(system.baseUrl, 'POST', '/v1/agreements', { rawBody: '{"title": ', headers: secretariat.auth });
  expect(malformed.status).toBe(400);
  const missing = await request(system.baseUrl, 'GET', '/v1/agreements/00000000-0000-4000-8000-000000000000', {
    headers: secretariat.auth,
  });
  expect(missing.status).toBe(404);
  expect(missing.body.type).toMatch(/not-found$/);
});
