// /v1/service-needs: an organisation posts a service need to an alliance it is a member of; the need's
// own staff and the alliance's member institutions read it; the candidates are the ranking module's
// (core/commissioner-service/ranking.ts) over the alliance's commissioners.
import type { ServiceNeed } from '../../prisma/generated/client';
import { rankCommissioners } from '../../core/commissioner-service/ranking';
import { enterpriseStaffRoles } from '../../workflows/commissioner-service/who-may-act';
import { deterministicId } from '../idempotency';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { assertPostingMember, postingOrganizationScope } from '../parties/alliance-membership';
import { type AnyRoute, defineRoute } from '../routing';
import { candidatePool } from './candidates';
import { candidateList, idParams, serviceNeedListQuery, serviceNeedPage, serviceNeedRequest, serviceNeedView } from './schemas';
import { needVisibilityFilter, visibleNeed } from './visibility';

export function needView(n: ServiceNeed) {
  return {
    id: n.id,
    organizationId: n.organizationId,
    allianceId: n.allianceId,
    domain: n.domain,
    problemStatement: n.problemStatement,
    expectedOutcome: n.expectedOutcome,
    duration: n.duration,
    status: n.status,
    matchedServiceId: n.matchedServiceId,
    createdAt: n.createdAt.toISOString(),
  };
}

export const serviceNeedRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/service-needs',
    summary: "An enterprise's service need (domain, problem, expected outcome, duration), posted to an alliance it is a member of",
    tags: ['commissioners'],
    access: {
      roles: [...enterpriseStaffRoles],
      scope: postingOrganizationScope,
    },
    body: serviceNeedRequest,
    bodyExample: {
      organizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
      allianceId: 'fff12dd3-36dd-4911-9d90-2a8e24991c26',
      domain: 'Industrial vision',
      problemStatement: 'Our inspection line misses surface defects.',
      expectedOutcome: 'Defect detection above 99%.',
      duration: 'P6M',
    },
    responses: { 201: { description: 'Posted', schema: serviceNeedView } },
    handler: async ({ body, req, principal, deps }) => {
      await assertPostingMember(deps.db, body.allianceId, body.organizationId, 'A need');
      const id = deterministicId(req, principal);
      const need =
        (await deps.db.serviceNeed.findUnique({ where: { id } })) ??
        (await deps.db.serviceNeed.create({
          data: {
            id,
            organizationId: body.organizationId,
            allianceId: body.allianceId,
            domain: body.domain,
            problemStatement: body.problemStatement,
            expectedOutcome: body.expectedOutcome,
            duration: body.duration,
            createdBy: principal.userId,
          },
        }));
      return { status: 201, headers: { location: `/v1/service-needs/${id}` }, body: needView(need) };
    },
  }),

  listRoute({
    path: '/service-needs',
    summary: 'Service needs the caller can see, newest first (cursor pagination)',
    tags: ['commissioners'],
    note: "Lists its own organisation's needs (enterprise staff) and the needs of alliances its institution is a member of (institution staff).",
    query: serviceNeedListQuery,
    page: serviceNeedPage,
    pageDescription: 'A page of service needs',
    rows: async ({ query, principal, deps, page }) =>
      deps.db.serviceNeed.findMany({
        where: { AND: [await needVisibilityFilter(deps, principal), equalityFilters(query, ['organizationId', 'allianceId', 'status']), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      }),
    item: needView,
  }),

  defineRoute({
    method: 'get',
    path: '/service-needs/:id/candidates',
    summary:
      'The commissioners proposed for a need, best first: by domain fit and free capacity; never one at capacity, never one of the need’s own organisation',
    tags: ['commissioners'],
    access: {
      roles: 'any',
      note: "Only callers who can see the need (else 404); an institution's staff see only their own commissioners among the candidates.",
    },
    params: idParams,
    responses: { 200: { description: 'The ranked candidates', schema: candidateList } },
    handler: async ({ params, principal, deps }) => {
      const { need, as } = await visibleNeed(deps, principal, params.id);
      const pool = await candidatePool(deps.db, need, as === 'institution' ? principal.organizationId! : undefined);
      const { ranked } = rankCommissioners({ domain: need.domain, organizationId: need.organizationId }, pool.facts);
      const facts = new Map(pool.facts.map((f) => [f.commissionerId, f]));
      return {
        status: 200,
        body: {
          needId: need.id,
          domain: need.domain,
          candidates: ranked.map((r) => {
            const f = facts.get(r.commissionerId)!;
            const d = pool.details.get(r.commissionerId)!;
            return {
              rank: r.rank,
              commissionerId: r.commissionerId,
              userId: f.userId,
              name: d.name,
              institutionOrganizationId: f.institutionOrganizationId,
              institutionName: d.institutionName,
              domains: d.domains,
              matchedDomain: r.matchedDomain,
              domainFit: r.domainFit,
              capacity: f.capacity,
              engagements: f.engagements,
              freeCapacity: r.freeCapacity,
              score: r.score,
            };
          }),
        },
      };
    },
  }),
];
