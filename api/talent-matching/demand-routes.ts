// /v1/talent-demands: an enterprise posts a talent demand (domain, certificate level, count, location,
// deadline) to an alliance it is an accepted member of; its own staff and the alliance's talent base
// read it. Rounds (round-routes.ts) fill demands with certified people.
import type { TalentDemand } from '../../prisma/generated/client';
import { deterministicId } from '../idempotency';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { assertPostingMember, postingOrganizationScope } from '../parties/alliance-membership';
import { type AnyRoute, defineRoute } from '../routing';
import { demandListQuery, demandPage, demandRequest, demandView } from './schemas';
import { demandVisibilityFilter, enterpriseStaffRoles } from './visibility';

export function demandViewOf(d: TalentDemand) {
  return {
    id: d.id,
    organizationId: d.organizationId,
    allianceId: d.allianceId,
    domain: d.domain,
    level: d.level,
    count: d.count,
    filled: d.filled,
    location: d.location,
    deadline: d.deadline.toISOString(),
    description: d.description,
    status: d.status as 'open' | 'filled',
    createdAt: d.createdAt.toISOString(),
  };
}

export const talentDemandRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/talent-demands',
    summary: "An enterprise's talent demand (domain, certificate level, count, location, deadline), posted to an alliance it is a member of",
    tags: ['talent-matching'],
    access: {
      roles: [...enterpriseStaffRoles],
      scope: postingOrganizationScope,
    },
    body: demandRequest,
    bodyExample: {
      organizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
      allianceId: '40105778-98ea-4ac2-8029-d6030274ca91',
      domain: 'industrial vision',
      level: 'junior',
      count: 2,
      location: 'Ningbo',
      deadline: '2027-06-30T10:00:00.000Z',
    },
    responses: { 201: { description: 'Posted', schema: demandView } },
    handler: async ({ body, req, principal, deps }) => {
      await assertPostingMember(deps.db, body.allianceId, body.organizationId, 'A demand');
      const id = deterministicId(req, principal);
      const demand =
        (await deps.db.talentDemand.findUnique({ where: { id } })) ??
        (await deps.db.talentDemand.create({
          data: {
            id,
            organizationId: body.organizationId,
            allianceId: body.allianceId,
            domain: body.domain,
            level: body.level,
            count: body.count,
            location: body.location,
            deadline: new Date(body.deadline),
            description: body.description ?? '',
            createdBy: principal.userId,
          },
        }));
      return { status: 201, headers: { location: `/v1/talent-demands/${id}` }, body: demandViewOf(demand) };
    },
  }),

  listRoute({
    path: '/talent-demands',
    summary: 'Talent demands the caller can see, newest first (cursor pagination)',
    tags: ['talent-matching'],
    note: "Lists its own organisation's demands (enterprise staff) and the demands of alliances its organisation runs (the talent base's secretariat staff).",
    query: demandListQuery,
    page: demandPage,
    pageDescription: 'A page of talent demands',
    rows: async ({ query, principal, deps, page }) =>
      deps.db.talentDemand.findMany({
        where: { AND: [await demandVisibilityFilter(deps, principal), equalityFilters(query, ['allianceId', 'organizationId', 'status']), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      }),
    item: demandViewOf,
  }),
];
