// The authorization matrix: every mounted route (api/app.ts `mountedRoutes`: /v1 and operational) x
// every role (with a bearer token, and again signed in with a session cookie and its CSRF token), the
// admin with a cookie but no CSRF token, a service account, a caller from another organisation, a
// revoked token and no token. The expected cell comes from the route's own declaration (roles,
// organisation scope; a service account's scopes); the actual one from a real request. An allowed cell
// must succeed (2xx); every other cell must be denied (401, 403 or 404).
//
// A new route needs an entry in `examples` (test/support/route-examples.ts): a valid request for it,
// targeting organisation A's resources (the test fails and names the route until it has one). A rule
// the declaration cannot say (e.g. "only the party whose turn it is") is given by the entry's `expect`.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mountedRoutes } from '../../api/app';
import { policyTableMarkdown, POLICY_TABLE_END, POLICY_TABLE_START } from '../../api/auth/policy-table';
import { confiningRoles, type Role, roles } from '../../api/auth/roles';
import { type AnyRoute, routeKey } from '../../api/routing';
import { scopesAllow } from '../../api/accounts/service-scopes';
import { issueServiceToken, createServiceAccount } from '../../api/accounts/service-accounts';
import { giveCredential, sessionFor } from '../support/accounts';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { type Column, createFixture, examples, type Fixture } from '../support/route-examples';
import { startTestSystem, type TestSystem } from '../support/test-system';

const columns: Column[] = [
  ...roles.map((role): Column => ({ kind: 'role', role, name: role })),
  ...roles.map((role): Column => ({ kind: 'cookie', role, name: `${role} (cookie)` })),
  { kind: 'cookie-no-csrf', name: 'admin (cookie, no CSRF)' },
  { kind: 'service', name: 'service (exam results)' },
  { kind: 'other-organization', name: 'other org' },
  { kind: 'revoked-token', name: 'revoked' },
  { kind: 'no-token', name: 'no token' },
];

interface Cell {
  route: string;
  column: string;
  expected: 'allow' | 'deny';
  status: number;
  ok: boolean;
  detail?: string;
}

/** The role the other-organisation caller holds: one the route admits, so only the scope can deny it. */
function otherOrganizationRole(route: AnyRoute): Role {
  const access = route.access;
  if ('public' in access || access.roles === 'any') return 'secretariat';
  return access.roles.find((r) => r !== 'admin') ?? 'secretariat';
}

/** What the route's declaration says about a column. */
function derivedAllowed(route: AnyRoute, column: Column): boolean {
  const access = route.access;
  if ('public' in access) return true;
  if (column.kind === 'no-token' || column.kind === 'revoked-token') return false;
  if (column.kind === 'cookie') return derivedAllowed(route, { kind: 'role', role: column.role, name: column.role });
  if (column.kind === 'cookie-no-csrf') return route.method === 'get' && derivedAllowed(route, { kind: 'role', role: 'admin', name: 'admin' });
  if (column.kind === 'service') return derivedAllowed(route, { kind: 'role', role: 'exam_system', name: 'exam_system' });
  const role = column.kind === 'role' ? column.role : otherOrganizationRole(route);
  // A confining role (metrics_reader) passes only where a route names it, never on 'any'.
  const roleAdmitted =
    role === 'admin' ||
    (confiningRoles.includes(role) ? access.roles !== 'any' && access.roles.includes(role) : access.roles === 'any' || access.roles.includes(role));
  if (!roleAdmitted) return false;
  if (column.kind === 'other-organization' && access.scope) return false;
  return true;
}

let system: TestSystem;
let fixture: Fixture;
const callers = new Map<string, TestUser | null>();
let serviceToken: string;

/** The expectation of a cell: the declaration's, as the example overrides it (cookie: as the role's bearer cell). */
function expected(route: AnyRoute, key: string, column: Column): boolean {
  const example = examples[key]!;
  const judge = (c: Column) => (example.expect ? example.expect(c, derivedAllowed(route, c)) : derivedAllowed(route, c));
  if ('public' in route.access) return judge(column);
  if (column.kind === 'cookie') return judge({ kind: 'role', role: column.role, name: column.role });
  if (column.kind === 'cookie-no-csrf') return route.method === 'get' && judge({ kind: 'role', role: 'admin', name: 'admin' });
  if (column.kind === 'service') return scopesAllow(['certification:exam-results'], key) && judge({ kind: 'role', role: 'exam_system', name: 'exam_system' });
  return judge(column);
}

/** The headers a column's caller sends: a bearer token, or a fresh session's cookie (and CSRF token). */
async function credentialsOf(route: AnyRoute, column: Column): Promise<Record<string, string>> {
  if (column.kind === 'cookie' || column.kind === 'cookie-no-csrf') {
    const caller = callers.get(column.kind === 'cookie' ? column.role : 'admin')!;
    const session = await sessionFor(system.db, system.config.accounts, caller.id);
    // A route that takes a cookie from its browser origins (the codec, api/routing.ts sessionOrigins)
    // gets one with the CSRF token; without a token, no Origin either (refused, as any cookie write).
    const origin = route.sessionOrigins?.(system.config)[0];
    return column.kind === 'cookie' ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...(origin ? { origin } : {}) } : { cookie: session.cookie };
  }
  if (column.kind === 'service') return { authorization: `Bearer ${serviceToken}` };
  const caller =
    column.kind === 'role'
      ? callers.get(column.role)
      : column.kind === 'other-organization'
        ? callers.get(`other:${otherOrganizationRole(route)}`)
        : callers.get(column.name);
  return caller ? caller.auth : {};
}

beforeAll(async () => {
  system = await startTestSystem();
  const platform = await createOrganization(system.db, 'association', 'Platform operator');
  fixture = await createFixture(system);
  const orgA = { id: fixture.orgA };
  const orgB = { id: fixture.orgB };
  for (const role of roles) {
    // The admin belongs to a third organisation: admins pass organisation scope, which the cells show.
    callers.set(role, await createUser(system.db, { organizationId: role === 'admin' ? platform.id : orgA.id, roles: [role] }));
  }
  for (const role of roles.filter((r) => r !== 'admin')) {
    callers.set(`other:${role}`, await createUser(system.db, { organizationId: orgB.id, roles: [role] }));
  }
  const revoked = await createUser(system.db, { organizationId: orgA.id, roles: ['admin'] });
  await system.db.apiToken.updateMany({ where: { userId: revoked.id }, data: { revokedAt: new Date() } });
  callers.set('revoked', revoked);
  callers.set('no token', null);
  // Every caller can also sign in with a password (POST /v1/me/password needs one).
  for (const caller of callers.values()) if (caller) await giveCredential(system.db, caller.id, `${caller.id}@matrix.example.org`);
  const service = await createServiceAccount(system.db, {
    id: randomUUID(),
    organizationId: orgA.id,
    name: 'Matrix exam system',
    scopes: ['certification:exam-results'],
    createdBy: 'matrix',
  });
  serviceToken = (await issueServiceToken(system.db, service.id, 3_600_000, null)).token;
});
afterAll(async () => {
  await system?.stop();
});

const allRoutes = mountedRoutes.flatMap(({ basePath, routes }) => routes.map((route) => ({ key: routeKey(basePath, route), route })));

test('every route has an example request, and every example a route', () => {
  const keys = allRoutes.map((r) => r.key);
  const missing = keys.filter((k) => !examples[k]);
  const stale = Object.keys(examples).filter((k) => !keys.includes(k));
  expect({ missing, stale }).toEqual({ missing: [], stale: [] });
});

test('docs/authorization.md shows the policy table the routes declare', () => {
  const document = readFileSync(path.resolve(__dirname, '../../docs/authorization.md'), 'utf8');
  const start = document.indexOf(POLICY_TABLE_START);
  const end = document.indexOf(POLICY_TABLE_END);
  expect(start).toBeGreaterThanOrEqual(0);
  // On a difference: npx tsx scripts/authorization-table.ts --write
  expect(document.slice(start + POLICY_TABLE_START.length, end).trim()).toBe(policyTableMarkdown(mountedRoutes));
});

test('the authorization matrix: allowed cells succeed, every other cell is denied', async () => {
  const cells: Cell[] = [];
  for (const { key, route } of allRoutes) {
    const example = examples[key];
    if (!example) continue; // reported by the test above
    for (const column of columns) {
      if (example.oncePerPerson && column.kind === 'cookie') continue;
      const allowed = expected(route, key, column);
      const made = await example.request(fixture);
      const response = await request(system.baseUrl, route.method.toUpperCase(), made.path, {
        body: made.raw ? undefined : made.body,
        rawBody: made.raw?.body,
        headers: { ...(made.raw ? { 'content-type': made.raw.contentType } : {}), ...(await credentialsOf(route, column)) },
      });
      const denied = [401, 403, 404].includes(response.status);
      const ok = allowed ? response.status >= 200 && response.status < 300 : denied;
      cells.push({
        route: key,
        column: column.name,
        expected: allowed ? 'allow' : 'deny',
        status: response.status,
        ok,
        ...(ok ? {} : { detail: typeof response.body === 'object' ? JSON.stringify(response.body).slice(0, 300) : String(response.body).slice(0, 100) }),
      });
    }
  }

  // The matrix, printed: one row per route, one column per caller, the status each cell answered.
  const width = Math.max(...allRoutes.map((r) => r.key.length));
  const cellWidth = Math.max(...columns.map((c) => c.name.length));
  const header = `${'route'.padEnd(width)} | ${columns.map((c) => c.name.padEnd(cellWidth)).join(' ')}`;
  const rows = allRoutes.map(({ key }) => {
    const statuses = columns.map((c) => {
      const cell = cells.find((x) => x.route === key && x.column === c.name);
      const skipped = examples[key]?.oncePerPerson && c.kind === 'cookie';
      return (cell ? `${cell.expected === 'allow' ? '+' : '-'}${cell.status}${cell.ok ? '' : '!'}` : skipped ? '·' : '?').padEnd(cellWidth);
    });
    return `${key.padEnd(width)} | ${statuses.join(' ')}`;
  });
  const allowedCount = cells.filter((c) => c.expected === 'allow').length;
  console.log(
    [
      `authorization matrix: ${allRoutes.length} routes x ${columns.length} callers = ${cells.length} cells ` +
        `(${allowedCount} allowed, ${cells.length - allowedCount} denied); + expected allow, - expected deny, ! wrong, · not sent (a step once per person)`,
      header,
      ...rows,
    ].join('\n'),
  );

  expect(cells.filter((c) => !c.ok)).toEqual([]);
  const onceRoutes = allRoutes.filter(({ key }) => examples[key]?.oncePerPerson).length;
  expect(cells.length).toBe(allRoutes.length * columns.length - onceRoutes * roles.length);
}, 1_200_000);
