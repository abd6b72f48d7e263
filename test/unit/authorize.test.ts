// The authorization decisions of api/auth/authorize.ts, one by one.
import { assertMayManageRoles, authorize, authorizeScope, organizationFilter } from '../../api/auth/authorize';
import type { Principal } from '../../api/auth/principal';
import type { Role } from '../../api/auth/roles';
import { ForbiddenProblem, NotFoundProblem, type ProblemError } from '../../api/errors';
import type { OrganizationScope, ScopeContext } from '../../api/routing';

const caller = (roles: Role[], organizationId: string | null = 'org-a'): Principal => ({ userId: 'u', organizationId, roles: new Set(roles) });
const ctx = {} as ScopeContext;
const scope = (owner: string | string[] | null, denial?: 403 | 404): OrganizationScope => ({
  resource: 'Thing',
  describe: 'the thing must be yours',
  denial,
  organizationOf: async () => owner,
});

async function outcome(run: () => Promise<void> | void): Promise<number> {
  try {
    await run();
    return 200;
  } catch (error) {
    return (error as ProblemError).status;
  }
}

test('roles: listed roles and admins pass, others get 403; "any" admits everyone', async () => {
  expect(await outcome(() => authorize(caller(['secretariat']), { roles: ['secretariat'] }))).toBe(200);
  expect(await outcome(() => authorize(caller(['admin']), { roles: ['secretariat'] }))).toBe(200);
  expect(await outcome(() => authorize(caller(['student']), { roles: ['secretariat'] }))).toBe(403);
  expect(await outcome(() => authorize(caller(['student']), { roles: 'any' }))).toBe(200);
});

test('scope: own organisation, one of several, admins; outside is 404 like a missing target, or 403', async () => {
  expect(await outcome(() => authorizeScope(caller(['student']), scope('org-a'), ctx))).toBe(200);
  expect(await outcome(() => authorizeScope(caller(['student']), scope(['org-x', 'org-a']), ctx))).toBe(200);
  expect(await outcome(() => authorizeScope(caller(['admin'], null), scope('org-b'), ctx))).toBe(200);
  expect(await outcome(() => authorizeScope(caller(['student']), scope('org-b'), ctx))).toBe(404);
  expect(await outcome(() => authorizeScope(caller(['student']), scope([]), ctx))).toBe(404);
  expect(await outcome(() => authorizeScope(caller(['student'], null), scope('org-a'), ctx))).toBe(404);
  expect(await outcome(() => authorizeScope(caller(['student']), scope('org-b', 403), ctx))).toBe(403);
  expect(await outcome(() => authorizeScope(caller(['admin']), scope(null), ctx))).toBe(404);

  const outside = await authorizeScope(caller(['student']), scope('org-b'), ctx).catch((e: unknown) => e);
  const missing = await authorizeScope(caller(['student']), scope(null), ctx).catch((e: unknown) => e);
  expect(outside).toBeInstanceOf(NotFoundProblem);
  expect((outside as NotFoundProblem).detail).toBe((missing as NotFoundProblem).detail);
});

test('lists: admins filter as they like, others see their own organisation or nothing', () => {
  expect(organizationFilter(caller(['admin']), undefined)).toEqual({});
  expect(organizationFilter(caller(['admin']), 'org-b')).toEqual({ organizationId: 'org-b' });
  expect(organizationFilter(caller(['student']), undefined)).toEqual({ organizationId: 'org-a' });
  expect(organizationFilter(caller(['student']), 'org-a')).toEqual({ organizationId: 'org-a' });
  expect(organizationFilter(caller(['student']), 'org-b')).toBeNull();
  expect(organizationFilter(caller(['student'], null), undefined)).toBeNull();
});

test('privileged roles: only admins grant them or manage their holders', () => {
  expect(() => assertMayManageRoles(caller(['secretariat']), ['mentor', 'student'])).not.toThrow();
  expect(() => assertMayManageRoles(caller(['secretariat']), ['mentor', 'admin'])).toThrow(ForbiddenProblem);
  expect(() => assertMayManageRoles(caller(['secretariat']), ['exam_system'])).toThrow(ForbiddenProblem);
  expect(() => assertMayManageRoles(caller(['admin']), ['admin', 'exam_system'])).not.toThrow();
});
