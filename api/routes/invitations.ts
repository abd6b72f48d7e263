// Person (account) invitations, api/accounts/invitations.ts: invite by e-mail into an organisation with
// roles, list, revoke; and accepting a link (public: the link's token is the proof), which sets the
// password and signs the person in. (Alliance membership invitations are another thing, elsewhere.)
import { acceptInvitation, pendingInvitationByToken } from '../accounts/accept-invitation';
import { hashPassword, passwordProblem } from '../accounts/passwords';
import { invitationView, invite, revokeInvitation } from '../accounts/invitations';
import {
  acceptInvitationRequest,
  idParams,
  invitationPageSchema,
  invitationSchema,
  invitedSchema,
  inviteRequest,
  listInvitationsQuery,
  signedInSchema,
} from '../accounts/schemas';
import { sessionCookieHeader } from '../accounts/session-cookie';
import { clientAddress, createSession } from '../accounts/sessions';
import { recordSecurityEvent } from '../accounts/security-events';
import { assertMayManageRoles, organizationFilter } from '../auth/authorize';
import { NotFoundProblem, ValidationProblem } from '../errors';
import { pageQuery, toPage } from '../pagination';
import { findUser, userView } from '../parties/users';
import { defineRoute, type OrganizationScope, type ScopeContext } from '../routing';
import { addIsoDuration } from '../../core/iso-duration';

const MAX_INVITATION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

const theInvitationsOrganization: OrganizationScope<{ id: string }> = {
  resource: 'Invitation',
  describe: "the invitation must be into the caller's organisation",
  organizationOf: async ({ params, deps }: ScopeContext<{ id: string }>) => {
    const row = await deps.db.accountInvitation.findUnique({ where: { id: params.id }, select: { organizationId: true } });
    return row ? row.organizationId : null;
  },
};

export const invitationRoutes = [
  defineRoute({
    method: 'post',
    path: '/invitations',
    summary: 'Invite a person by e-mail into an organisation with roles; they get a single-use link (re-inviting replaces the earlier link)',
    tags: ['accounts'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Organization',
        describe: "organizationId must be the caller's organisation",
        denial: 403,
        organizationOf: async ({ body }) => body.organizationId,
      },
      note: 'Only admins grant the roles admin and exam_system.',
    },
    body: inviteRequest,
    bodyExample: { organizationId: '83ac9902-8559-41a8-84da-051e39359cc3', email: 'wang.fang@example.org', name: 'Wang Fang', roles: ['mentor'] },
    responses: { 201: { description: 'Invited (the e-mail sent, unless `delivery` says otherwise)', schema: invitedSchema } },
    handler: async ({ body, principal, req, deps }) => {
      assertMayManageRoles(principal, body.roles);
      let lifetimeMs: number | undefined;
      if (body.expiresIn !== undefined) {
        const now = new Date();
        lifetimeMs = addIsoDuration(now, body.expiresIn).getTime() - now.getTime();
        if (lifetimeMs <= 0 || lifetimeMs > MAX_INVITATION_LIFETIME_MS)
          throw new ValidationProblem([{ path: '/expiresIn', message: 'must be more than zero and at most P30D' }]);
      }
      const inviter = await deps.db.user.findUnique({ where: { id: principal.userId }, select: { name: true } });
      const { invitation, delivery, link } = await invite(
        {
          db: deps.db,
          accounts: deps.config.accounts,
          notifications: deps.config.notifications,
          log: req.log,
          invitedBy: { userId: principal.userId, name: inviter?.name ?? null },
          address: clientAddress(req),
        },
        { ...body, lifetimeMs },
      );
      const answer = { ...invitation, delivery };
      return {
        status: 201,
        headers: { location: `/v1/invitations/${invitation.id}`, 'cache-control': 'no-store' },
        // The link only when nobody else can deliver it; never kept for an idempotent replay.
        body: delivery === 'not_configured' ? { ...answer, link } : answer,
        replayBody: answer,
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/invitations',
    summary: 'List invitations, newest first (filter by status: pending, accepted, revoked, expired)',
    tags: ['accounts'],
    access: { roles: ['secretariat'], note: "Non-admins see only their own organisation's invitations." },
    query: listInvitationsQuery,
    responses: { 200: { description: 'A page of invitations', schema: invitationPageSchema } },
    handler: async ({ query, principal, deps }) => {
      const scope = organizationFilter(principal, query.organizationId);
      if (!scope) return { status: 200, body: { items: [], nextCursor: null } };
      const now = new Date();
      const status =
        query.status === 'pending'
          ? { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }
          : query.status === 'accepted'
            ? { acceptedAt: { not: null } }
            : query.status === 'revoked'
              ? { acceptedAt: null, revokedAt: { not: null } }
              : query.status === 'expired'
                ? { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } }
                : {};
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.accountInvitation.findMany({ where: { AND: [scope, status, page.where] }, orderBy: page.orderBy, take: page.take });
      const result = toPage(rows, query.limit);
      return { status: 200, body: { items: result.items.map(invitationView), nextCursor: result.nextCursor } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/invitations/:id/revoke',
    summary: 'Revoke a pending invitation: its link stops working (one no longer pending is answered as it is)',
    tags: ['accounts'],
    access: { roles: ['secretariat'], scope: theInvitationsOrganization },
    params: idParams,
    responses: { 200: { description: 'The invitation', schema: invitationSchema } },
    handler: async ({ params, principal, req, deps }) => {
      const row = await revokeInvitation(deps.db, params.id, principal.userId, clientAddress(req));
      if (!row) throw new NotFoundProblem('Invitation');
      return { status: 200, body: invitationView(row) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/invitations/accept',
    summary: 'Accept an invitation with the token of its link: choose a password, and be signed in',
    tags: ['accounts'],
    access: { public: true },
    body: acceptInvitationRequest,
    bodyExample: { token: 'afi_C6gbHfn6x41s5jVGhswfguthHW0iJvvfz8i0giW0nyg', password: 'My own passphrase 2027' },
    replay: false,
    responses: { 201: { description: 'The account is made and signed in (Set-Cookie: af_session)', schema: signedInSchema } },
    handler: async ({ body, req, deps }) => {
      const invitation = await pendingInvitationByToken(deps.db, body.token);
      const problem = passwordProblem(body.password, deps.config.accounts.passwordMinLength, { email: invitation.email });
      if (problem) throw new ValidationProblem([{ path: '/password', message: problem }]);
      const address = clientAddress(req);
      const userId = await acceptInvitation(deps.db, invitation, { passwordHash: await hashPassword(body.password) }, address);
      const session = await createSession(deps.db, deps.config.accounts, userId, 'invitation', { headers: req.headers, ip: address });
      await recordSecurityEvent(deps.db, {
        type: 'sign_in',
        userId,
        email: invitation.email,
        address,
        detail: { method: 'invitation', sessionId: session.id },
      });
      const user = await findUser(deps.db, userId);
      if (!user) throw new NotFoundProblem('User');
      return {
        status: 201,
        headers: { 'set-cookie': sessionCookieHeader(req, deps.config.accounts, session.secret, session.expiresAt), 'cache-control': 'no-store' },
        body: { user: userView(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() },
      };
    },
  }),
];
