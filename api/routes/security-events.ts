// GET /v1/security-events: the security log (sign-ins, failures, lockouts, password and invitation
// events), for admins. It holds no secret (api/accounts/security-events.ts).
import { listSecurityEventsQuery, securityEventPageSchema } from '../accounts/schemas';
import { pageQuery, toPage } from '../pagination';
import { defineRoute } from '../routing';

export const securityEventRoutes = [
  defineRoute({
    method: 'get',
    path: '/security-events',
    summary: 'The security log, newest first (filters: type, userId, email)',
    tags: ['accounts'],
    access: { roles: ['admin'] },
    query: listSecurityEventsQuery,
    responses: { 200: { description: 'A page of security events', schema: securityEventPageSchema } },
    handler: async ({ query, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const filter = {
        ...(query.type ? { type: query.type } : {}),
        ...(query.userId ? { userId: query.userId } : {}),
        ...(query.email ? { email: query.email.toLowerCase() } : {}),
      };
      const rows = await deps.db.securityEvent.findMany({ where: { AND: [filter, page.where] }, orderBy: page.orderBy, take: page.take });
      const result = toPage(rows, query.limit);
      return {
        status: 200,
        body: {
          items: result.items.map((r) => ({
            id: r.id,
            type: r.type,
            userId: r.userId,
            email: r.email,
            address: r.address,
            detail: r.detail as Record<string, unknown>,
            createdAt: r.createdAt.toISOString(),
          })),
          nextCursor: result.nextCursor,
        },
      };
    },
  }),
];
