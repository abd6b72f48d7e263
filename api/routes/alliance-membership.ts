// Alliance membership by consent: the alliance's secretariat invites organisations; an invited
// organisation's secretariat or signatory accepts or declines; every organisation lists its pending
// invitations. The logic lives in api/parties/alliance-membership.ts.
import { z } from 'zod';
import { organizationFilter } from '../auth/authorize';
import { NotFoundProblem } from '../errors';
import {
  answerInvitation,
  invitedOrganization,
  inviteMembers,
  inviteMembersRequest,
  membershipListSchema,
  membershipSchema,
  membershipView,
} from '../parties/alliance-membership';
import { allianceSchema, findAlliance } from '../parties/alliances';
import { idParams, resourceId } from '../parties/common';
import { defineRoute, type OrganizationScope } from '../routing';

const invitationParams = z.object({ id: resourceId, organizationId: resourceId }).strict();

/** An invitation belongs to the organisation invited: only it answers; anyone else is told it does not exist. */
const theInvitedOrganization: OrganizationScope<z.infer<typeof invitationParams>> = {
  resource: 'Alliance invitation',
  describe: "the invited organisation is the caller's organisation",
  organizationOf: async ({ params, deps }) => invitedOrganization(deps.db, params.id, params.organizationId),
};

const LIST_LIMIT = 200;

function answerRoute(answer: 'accepted' | 'declined') {
  const verb = answer === 'accepted' ? 'accept' : 'decline';
  return defineRoute({
    method: 'post',
    path: `/alliances/:id/members/:organizationId/${verb}`,
    summary:
      answer === 'accepted' ? 'Accept an invitation to join an alliance: the organisation becomes a member' : 'Decline an invitation to join an alliance',
    tags: ['parties'],
    access: { roles: ['secretariat', 'signatory'], scope: theInvitedOrganization },
    params: invitationParams,
    responses: { 200: { description: answer === 'accepted' ? 'A member (or one before)' : 'Declined (or declined before)', schema: membershipSchema } },
    handler: async ({ params, principal, deps }) => ({
      status: 200,
      body: membershipView(await answerInvitation(deps.db, params.id, params.organizationId, answer, principal.userId)),
    }),
  });
}

export const allianceMembershipRoutes = [
  defineRoute({
    method: 'post',
    path: '/alliances/:id/invitations',
    summary: 'Invite organisations to join the alliance (each becomes a member when it accepts)',
    tags: ['parties'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Alliance',
        describe: "the alliance's secretariat is the caller's organisation",
        organizationOf: async ({ params, deps }) =>
          (await deps.db.alliance.findUnique({ where: { id: (params as { id: string }).id }, select: { secretariatOrganizationId: true } }))
            ?.secretariatOrganizationId ?? null,
      },
    },
    params: idParams,
    body: inviteMembersRequest,
    bodyExample: { organizationIds: ['d8f34535-abd3-4cfb-99b9-1f571b926018'] },
    responses: { 200: { description: 'Invited (members and pending invitations are left as they are)', schema: allianceSchema } },
    handler: async ({ params, body, principal, deps }) => {
      await inviteMembers(deps.db, params.id, body.organizationIds, principal.userId);
      const alliance = await findAlliance(deps.db, params.id);
      if (!alliance) throw new NotFoundProblem('Alliance');
      return { status: 200, body: alliance };
    },
  }),

  answerRoute('accepted'),
  answerRoute('declined'),

  defineRoute({
    method: 'get',
    path: '/alliance-invitations',
    summary: "The caller's organisation's alliance invitations (pending by default)",
    tags: ['parties'],
    access: { roles: 'any', note: "Non-admins see only their own organisation's invitations." },
    query: z
      .object({
        organizationId: resourceId.optional().meta({ description: 'Admins only; others always see their own organisation.' }),
        status: z.enum(['invited', 'accepted', 'declined']).default('invited'),
      })
      .strict(),
    responses: { 200: { description: 'The invitations', schema: membershipListSchema } },
    handler: async ({ query, principal, deps }) => {
      const scope = organizationFilter(principal, query.organizationId);
      if (!scope) return { status: 200, body: { items: [], nextCursor: null } };
      const rows = await deps.db.allianceMember.findMany({
        where: { ...scope, status: query.status },
        include: { alliance: { select: { name: true } } },
        orderBy: [{ invitedAt: 'desc' }, { allianceId: 'asc' }],
        take: LIST_LIMIT,
      });
      return { status: 200, body: { items: rows.map(membershipView), nextCursor: null } };
    },
  }),
];
