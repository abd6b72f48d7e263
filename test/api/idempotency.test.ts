// Idempotency-Key, rule by rule: the same key and body replay the first response (marked
// `idempotent-replayed: true`); the same key with another body is a 422; no key makes two resources;
// keys expire; a rejected request does not consume its key; keys are per caller; a secret shown once is
// never stored for replay; a retried workflow start never makes a second workflow.
import { randomUUID } from 'node:crypto';
import { purgeExpiredIdempotencyRecords } from '../../api/idempotency';
import { request } from '../support/http';
import { createOrganization, createUser, newCreditCode, type TestUser } from '../support/parties';
import { createFixture, examples, type Fixture } from '../support/route-examples';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
let fixture: Fixture;
let admin: TestUser;
let otherAdmin: TestUser;
let secretariatOfA: TestUser;

beforeAll(async () => {
  system = await startTestSystem();
  const platform = await createOrganization(system.db, 'association', 'Platform operator');
  admin = await createUser(system.db, { organizationId: platform.id, roles: ['admin'] });
  otherAdmin = await createUser(system.db, { organizationId: platform.id, roles: ['admin'] });
  fixture = await createFixture(system);
  secretariatOfA = await createUser(system.db, { organizationId: fixture.orgA, roles: ['secretariat'] });
});
afterAll(async () => {
  await system?.stop();
});

const post = (path: string, body: unknown, caller: TestUser, key?: string) =>
  request(system.baseUrl, 'POST', path, { body, headers: { ...caller.auth, ...(key ? { 'idempotency-key': key } : {}) } });

const anOrganization = () => ({ kind: 'enterprise', name: `Idempotent Ltd ${randomUUID().slice(0, 6)}`, creditCode: newCreditCode() });

test('same key and same body: the first response again, marked idempotent-replayed', async () => {
  const key = `org-${randomUUID()}`;
  const body = anOrganization();
  const first = await post('/v1/organizations', body, admin, key);
  expect(first.status).toBe(201);
  expect(first.headers.get('idempotent-replayed')).toBeNull();

  // Key order does not make it another request.
  const reordered = { creditCode: body.creditCode, name: body.name, kind: body.kind };
  const second = await post('/v1/organizations', reordered, admin, key);
  expect(second.status).toBe(201);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  expect(second.body).toEqual(first.body);
  expect(second.headers.get('location')).toBe(first.headers.get('location'));
  expect(await system.db.organization.count({ where: { creditCode: body.creditCode } })).toBe(1);
});

test('same key with a different body: 422, and nothing is made', async () => {
  const key = `org-${randomUUID()}`;
  const first = await post('/v1/organizations', anOrganization(), admin, key);
  expect(first.status).toBe(201);
  const other = anOrganization();
  const reused = await post('/v1/organizations', other, admin, key);
  expect(reused.status).toBe(422);
  expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reused.body).toMatchObject({ type: 'https://allianceflow.dev/problems/idempotency-key-reused', status: 422 });
  expect(await system.db.organization.count({ where: { creditCode: other.creditCode } })).toBe(0);
});

test('no key: the same body twice makes two resources', async () => {
  const body = { name: `Twice ${randomUUID().slice(0, 6)}`, secretariatOrganizationId: fixture.orgA, memberOrganizationIds: [fixture.orgC] };
  const one = await post('/v1/alliances', body, admin);
  const two = await post('/v1/alliances', body, admin);
  expect([one.status, two.status]).toEqual([201, 201]);
  expect(one.body.id).not.toBe(two.body.id);
  expect(await system.db.alliance.count({ where: { name: body.name } })).toBe(2);
});

test('keys expire: past its expiry the key runs the request again (and may name another request)', async () => {
  const key = `org-${randomUUID()}`;
  const body = anOrganization();
  const first = await post('/v1/organizations', body, admin, key);
  const record = await system.db.idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope: admin.id, key } } });
  // 24 hours (createdAt is the database's clock, expiresAt the API's: a few ms apart).
  expect(Math.abs(record.expiresAt.getTime() - record.createdAt.getTime() - 24 * 60 * 60 * 1000)).toBeLessThan(5_000);

  await system.db.idempotencyRecord.update({ where: { scope_key: { scope: admin.id, key } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const rerun = await post('/v1/organizations', body, admin, key);
  expect(rerun.status).toBe(201);
  expect(rerun.headers.get('idempotent-replayed')).toBeNull(); // the handler ran again...
  expect(rerun.body.id).toBe(first.body.id); // ...onto the same id (derived from key and body): still one organisation
  const renewed = await system.db.idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope: admin.id, key } } });
  expect(renewed.createdAt.getTime()).toBeGreaterThan(record.createdAt.getTime());

  // Expired again, the key may now carry another body: no 422, a new organisation.
  await system.db.idempotencyRecord.update({ where: { scope_key: { scope: admin.id, key } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const another = anOrganization();
  const reused = await post('/v1/organizations', another, admin, key);
  expect(reused.status).toBe(201);
  expect(reused.body.id).not.toBe(first.body.id);
  expect(reused.body.creditCode).toBe(another.creditCode);
});

test('expired keys are purged in bounded batches', async () => {
  const expired = Array.from({ length: 7 }, (_, i) => ({
    scope: `purge-test-${randomUUID()}`,
    key: `k${i}`,
    method: 'POST',
    path: '/v1/organizations',
    requestHash: '0'.repeat(64),
    expiresAt: new Date(Date.now() - 60_000),
  }));
  await system.db.idempotencyRecord.createMany({ data: expired });
  const live = { ...expired[0]!, scope: `purge-test-${randomUUID()}`, expiresAt: new Date(Date.now() + 60_000) };
  await system.db.idempotencyRecord.create({ data: live });
  const scopes = [...expired.map((e) => e.scope), live.scope];
  expect(await purgeExpiredIdempotencyRecords(system.db, 5)).toBeGreaterThanOrEqual(5);
  await purgeExpiredIdempotencyRecords(system.db, 5);
  const left = await system.db.idempotencyRecord.findMany({ where: { scope: { in: scopes } } });
  expect(left.map((r) => r.scope)).toEqual([live.scope]);
});

test('a rejected request does not consume its key; keys belong to their caller', async () => {
  const key = `org-${randomUUID()}`;
  const invalid = await post('/v1/organizations', { kind: 'guild' }, admin, key);
  expect(invalid.status).toBe(400);
  const corrected = await post('/v1/organizations', anOrganization(), admin, key);
  expect(corrected.status).toBe(201);
  expect(corrected.headers.get('idempotent-replayed')).toBeNull();

  // Another caller's identical key is another key.
  const theirs = await post('/v1/organizations', anOrganization(), otherAdmin, key);
  expect(theirs.status).toBe(201);
  expect(theirs.headers.get('idempotent-replayed')).toBeNull();
});

test('concurrent requests with one key make one resource', async () => {
  const key = `org-${randomUUID()}`;
  const body = anOrganization();
  const answers = await Promise.all(Array.from({ length: 5 }, () => post('/v1/organizations', body, admin, key)));
  for (const answer of answers) expect([201, 409]).toContain(answer.status);
  expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
  expect(await system.db.organization.count({ where: { creditCode: body.creditCode } })).toBe(1);
});

test('a replayed user registration answers without the token, which was never stored', async () => {
  const key = `user-${randomUUID()}`;
  const body = { organizationId: fixture.orgA, name: 'Replay', email: 'replay@example.com', roles: ['mentor'] };
  const first = await post('/v1/users', body, secretariatOfA, key);
  expect(first.status).toBe(201);
  expect(first.body.apiToken.token).toMatch(/^af_/);
  const replay = await post('/v1/users', body, secretariatOfA, key);
  expect(replay.status).toBe(201);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  const { apiToken: firstToken, ...user } = first.body;
  expect(replay.body).toEqual({ ...user, apiToken: { id: firstToken.id, createdAt: firstToken.createdAt } });
  const stored = await system.db.idempotencyRecord.findUniqueOrThrow({ where: { scope_key: { scope: secretariatOfA.id, key } } });
  expect(JSON.stringify(stored)).not.toContain(firstToken.token);
});

test('a retried workflow start never makes a second workflow, even after the first closed', async () => {
  const launch = await examples['POST /v1/agreements']!.request(fixture);
  const key = `launch-${randomUUID()}`;
  const startsBefore = await workflowStarts();

  const first = await post(launch.path, launch.body, secretariatOfA, key);
  expect(first.status).toBe(201);
  const workflowId: string = first.body.workflowId;

  // The answer was lost before it was stored (a crash in between): the retry runs the handler again.
  const forget = () => system.db.idempotencyRecord.deleteMany({ where: { scope: secretariatOfA.id, key } });
  await forget();
  const retried = await post(launch.path, launch.body, secretariatOfA, key);
  expect(retried.status).toBe(201);
  expect(retried.headers.get('idempotent-replayed')).toBeNull();
  expect(retried.body.id).toBe(first.body.id);

  // Once the workflow has closed, a retry still does not start a new run (REJECT_DUPLICATE).
  await system.client.workflow.getHandle(workflowId).terminate('test: close the workflow');
  await forget();
  const afterClose = await post(launch.path, launch.body, secretariatOfA, key);
  expect(afterClose.status).toBe(201);
  expect(afterClose.body.id).toBe(first.body.id);

  const runs: string[] = [];
  for await (const execution of system.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(execution.runId);
  expect(runs).toHaveLength(1);
  expect(await workflowStarts()).toBe(startsBefore + 1);
});

async function workflowStarts(): Promise<number> {
  const text = await (await fetch(`${system.baseUrl}/metrics`, { headers: admin.auth })).text();
  const match = /workflow_starts_total\{workflow_type="agreementSigning"\} (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}
