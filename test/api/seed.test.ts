// `npm run seed` (scripts/seed.ts): demo data through the API's own code paths, idempotent; each run
// rotates the demo tokens, and the printed ones authenticate against the real app.
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { configureHttpServer, createApp } from '../../api/app';
import { loadConfig } from '../../platform/config';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { createPayloadCodec } from '../../platform/temporal-data-converter';
import { seed } from '../../scripts/seed';
import { request } from '../support/http';
import { createApplicationDatabase, type ScratchDatabase } from '../support/scratch-database';

let database: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  database = await createApplicationDatabase('allianceflow_seed', createLogger('seed-test', 'warn'));
  db = createDatabase(database.url, { maxConnections: 2 });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

async function counts() {
  const [organizations, alliances, members, users, activeTokens] = await Promise.all([
    db.organization.count(),
    db.alliance.count(),
    db.allianceMember.count(),
    db.user.count(),
    db.apiToken.count({ where: { revokedAt: null } }),
  ]);
  return { organizations, alliances, members, users, activeTokens };
}

test('seeding twice gives the same data; the second run rotates the tokens, which authenticate', async () => {
  const first = await seed(db);
  const afterFirst = await counts();
  const kinds = await db.organization.groupBy({ by: ['kind'], _count: true });
  expect(kinds.every((k) => k._count >= 2)).toBe(true);
  expect(kinds).toHaveLength(7);
  const roles = new Set(first.users.flatMap((u) => u.roles));
  expect([...roles].sort()).toEqual(
    ['admin', 'candidate', 'exam_system', 'guardian', 'mentor', 'reviewer', 'school_coordinator', 'secretariat', 'signatory', 'student'].sort(),
  );

  const second = await seed(db);
  expect(await counts()).toEqual(afterFirst);
  expect(afterFirst).toMatchObject({ organizations: 14, alliances: 1, members: 14, users: 14, activeTokens: 14 });
  // Every organisation accepted its invitation (through the routes' code), and the guardian confirmed her link.
  expect(await db.allianceMember.count({ where: { status: 'accepted' } })).toBe(14);
  const guardian = second.users.find((u) => u.slug === 'guardian')!;
  expect(guardian.organization).toBeNull();
  expect(await db.guardianLink.findMany({ where: { guardianUserId: guardian.id }, select: { status: true } })).toEqual([{ status: 'confirmed' }]);
  expect(second.allianceId).toBe(first.allianceId);
  expect(second.users.map((u) => u.id)).toEqual(first.users.map((u) => u.id));

  const config = loadConfig();
  const app = createApp({
    temporal: {} as Client,
    db,
    config,
    log: createLogger('seed-test', 'silent'),
    payloadCodec: createPayloadCodec(config, createLogger('seed-test', 'silent')),
  });
  const server = configureHttpServer(app.listen(0, '127.0.0.1'));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const student = second.users.find((u) => u.slug === 'student')!;
    const fresh = await request(baseUrl, 'GET', `/v1/users/${student.id}`, { headers: { authorization: `Bearer ${student.token}` } });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ roles: ['student'], birthDate: '2008-05-20' });
    const stale = first.users.find((u) => u.slug === 'student')!;
    const old = await request(baseUrl, 'GET', `/v1/users/${student.id}`, { headers: { authorization: `Bearer ${stale.token}` } });
    expect(old.status).toBe(401);
    const admin = second.users.find((u) => u.slug === 'admin')!;
    const alliance = await request(baseUrl, 'GET', `/v1/alliances/${second.allianceId}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(alliance.body.memberOrganizationIds).toHaveLength(14);

    // The demo people sign in with the printed password; the previous run's no longer works.
    const signedIn = await request(baseUrl, 'POST', '/v1/session', { body: { email: student.email, password: student.password } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).toBe(student.id);
    expect((await request(baseUrl, 'POST', '/v1/session', { body: { email: stale.email, password: stale.password } })).status).toBe(401);
    // The exam system is a service account: its token works within its scope only.
    const service = { authorization: `Bearer ${second.serviceAccount.token}` };
    expect((await request(baseUrl, 'GET', '/v1/certification-applications?limit=1', { headers: service })).status).toBe(200);
    expect((await request(baseUrl, 'GET', '/v1/users?limit=1', { headers: service })).status).toBe(403);
    expect((await request(baseUrl, 'GET', '/v1/me', { headers: { authorization: `Bearer ${first.serviceAccount.token}` } })).status).toBe(401);
    expect(alliance.body.invitedOrganizationIds).toEqual([]);
    // The demo guardian reads her links; the demo secretariat can launch with any demo organisation.
    const links = await request(baseUrl, 'GET', '/v1/guardian-links', { headers: { authorization: `Bearer ${guardian.token}` } });
    expect(links.body.items).toMatchObject([{ studentUserId: student.id, status: 'confirmed' }]);
  } finally {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
});
