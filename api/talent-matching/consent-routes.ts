// /v1/talent-consents: a certificate holder opts in to (or out of) an alliance's talent matching, and
// says what enterprises may see of them. Each answer is a new append-only event (the table refuses
// UPDATE and DELETE); the latest per person and alliance decides (activities/talent-matching/consents.ts).
import type { TalentConsent } from '../../prisma/generated/client';
import type { TalentShareField } from '../../core/talent-matching/input';
import { UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { consentListQuery, consentPage, consentRequest, consentView } from './schemas';

function consentViewOf(c: TalentConsent) {
  return {
    id: c.id,
    userId: c.userId,
    allianceId: c.allianceId,
    decision: c.decision as 'granted' | 'withdrawn',
    shares: c.shares as TalentShareField[],
    locations: c.locations,
    createdAt: c.createdAt.toISOString(),
  };
}

export const talentConsentRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/talent-consents',
    summary: "The caller's consent to an alliance's talent matching (granted or withdrawn), with what enterprises may see of them",
    tags: ['talent-matching'],
    access: { roles: 'any', note: 'Every signed-in person, for themselves only: the event is recorded under the caller.' },
    body: consentRequest,
    bodyExample: { allianceId: '40105778-98ea-4ac2-8029-d6030274ca91', decision: 'granted', shares: ['name'], locations: ['Ningbo'] },
    responses: { 201: { description: 'Recorded', schema: consentView } },
    handler: async ({ body, req, principal, deps }) => {
      const alliance = await deps.db.alliance.findUnique({ where: { id: body.allianceId }, select: { id: true } });
      if (!alliance) throw new UnknownReferenceProblem([{ path: '/allianceId', message: `no alliance ${body.allianceId}` }]);
      const id = deterministicId(req, principal);
      const granted = body.decision === 'granted';
      const event =
        (await deps.db.talentConsent.findUnique({ where: { id } })) ??
        (await deps.db.talentConsent.create({
          data: {
            id,
            userId: principal.userId,
            allianceId: body.allianceId,
            decision: body.decision,
            // A withdrawal shares nothing.
            shares: granted ? [...new Set(body.shares)] : [],
            locations: granted ? body.locations : [],
          },
        }));
      return { status: 201, body: consentViewOf(event) };
    },
  }),

  listRoute({
    path: '/talent-consents',
    summary: "The caller's own consent events, newest first (cursor pagination): the first is the current one",
    tags: ['talent-matching'],
    note: 'Lists only the caller’s own events.',
    query: consentListQuery,
    page: consentPage,
    pageDescription: 'A page of consent events',
    rows: ({ query, principal, deps, page }) =>
      deps.db.talentConsent.findMany({
        where: { AND: [{ userId: principal.userId }, equalityFilters(query, ['allianceId']), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      }),
    item: consentViewOf,
  }),
];
