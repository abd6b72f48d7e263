// /v1/commissioners: a university or research institute registers one of its people as a technology
// commissioner (the domains they serve in, how many engagements they take at once); registering again
// updates the registration.
import type { Commissioner } from '../../prisma/generated/client';
import { institutionStaffRoles } from '../../workflows/commissioner-service/who-may-act';
import { UnprocessableProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { commissionerListQuery, commissionerPage, commissionerRequest, commissionerView } from './schemas';
import { isInstitutionStaff } from './visibility';
import type { Prisma } from '../../prisma/generated/client';

/** The kinds of organisation that send commissioners. */
export const institutionKinds = ['university', 'research_institute'] as const;

const view = (c: Commissioner & { name: string }) => ({
  id: c.id,
  userId: c.userId,
  name: c.name,
  institutionOrganizationId: c.institutionOrganizationId,
  domains: c.domains,
  capacity: c.capacity,
  active: c.active,
  createdAt: c.createdAt.toISOString(),
});

export const commissionerRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/commissioners',
    summary: 'Register a user of the caller’s university or research institute as a technology commissioner (again: update the registration)',
    tags: ['commissioners'],
    access: {
      roles: [...institutionStaffRoles],
      scope: {
        resource: 'User',
        describe: "the user belongs to the caller's organisation",
        organizationOf: async ({ body, deps }) =>
          (await deps.db.user.findUnique({ where: { id: (body as { userId: string }).userId }, select: { organizationId: true } }))?.organizationId ?? null,
      },
    },
    body: commissionerRequest,
    bodyExample: { userId: 'eef8cecf-452b-4013-9405-dda2b2c94bfa', domains: ['industrial vision'], capacity: 50 },
    responses: { 201: { description: 'Registered', schema: commissionerView }, 200: { description: 'Registration updated', schema: commissionerView } },
    handler: async ({ body, req, principal, deps }) => {
      const user = await deps.db.user.findUniqueOrThrow({ where: { id: body.userId }, include: { organization: true } });
      if (!user.organization || !(institutionKinds as readonly string[]).includes(user.organization.kind) || !user.active) {
        throw new UnprocessableProblem(
          'not-an-institution',
          'Not a university or research institute',
          'Commissioners are active users of a university or research institute.',
        );
      }
      const existing = await deps.db.commissioner.findUnique({ where: { userId: user.id } });
      const registration = { domains: body.domains, capacity: body.capacity, active: true };
      const row = existing
        ? await deps.db.commissioner.update({ where: { id: existing.id }, data: registration })
        : await deps.db.commissioner.create({
            data: {
              id: deterministicId(req, principal),
              userId: user.id,
              institutionOrganizationId: user.organization.id,
              registeredBy: principal.userId,
              ...registration,
            },
          });
      return { status: existing ? 200 : 201, headers: { location: `/v1/commissioners/${row.id}` }, body: view({ ...row, name: user.name }) };
    },
  }),

  listRoute({
    path: '/commissioners',
    summary: 'Commissioners the caller can see, newest first (cursor pagination)',
    tags: ['commissioners'],
    note: "An institution's staff list its commissioners; anyone else their own registration.",
    query: commissionerListQuery,
    page: commissionerPage,
    pageDescription: 'A page of commissioners',
    rows: async ({ query, principal, deps, page }) => {
      const org = principal.organizationId;
      const visible: Prisma.CommissionerWhereInput = principal.roles.has('admin')
        ? {}
        : { OR: [{ userId: principal.userId }, ...(org !== null && isInstitutionStaff(principal) ? [{ institutionOrganizationId: org }] : [])] };
      const filter = query.institutionOrganizationId ? { institutionOrganizationId: query.institutionOrganizationId } : {};
      const rows = await deps.db.commissioner.findMany({ where: { AND: [visible, filter, page.where] }, orderBy: page.orderBy, take: page.take });
      const names = new Map(
        (await deps.db.user.findMany({ where: { id: { in: rows.map((r) => r.userId) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
      );
      return rows.map((r) => ({ ...r, name: names.get(r.userId) ?? '' }));
    },
    item: view,
  }),
];
