// /v1/users: register users (admins; a secretariat for its own organisation), read and list them
// (admins, and users of the same organisation: others get 404), issue and revoke their API tokens.
// The logic lives in api/parties/users.ts; the policy is declared here and enforced by mountRoutes.
import { assertMayManageRoles, organizationFilter } from '../auth/authorize';
import { NotFoundProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { idParams } from '../parties/common';
import {
  findUser,
  issuedTokenSchema,
  issueToken,
  listUsers,
  listUsersQuery,
  registeredUserSchema,
  registerUser,
  registerUserRequest,
  revokedTokensSchema,
  revokeTokens,
  revokeTokensRequest,
  userPageSchema,
  userSchema,
  userView,
} from '../parties/users';
import { defineRoute, type OrganizationScope, type ScopeContext } from '../routing';
import { forgetPrincipals } from '../auth/token-cache';

/** A user belongs to its organisation; a user without one (a platform admin) is in nobody's scope. */
const theUsersOrganization: OrganizationScope<{ id: string }> = {
  resource: 'User',
  describe: "the user must be in the caller's organisation",
  organizationOf: async ({ params, deps }: ScopeContext<{ id: string }>) => {
    const user = await deps.db.user.findUnique({ where: { id: params.id }, select: { organizationId: true } });
    return user ? (user.organizationId ?? '') : null;
  },
};

export const userRoutes = [
  defineRoute({
    method: 'post',
    path: '/users',
    summary: "Register a user; the answer holds the user's API token, shown this once",
    tags: ['parties'],
    access: {
      roles: ['secretariat'],
      scope: {
        resource: 'Organization',
        describe: "organizationId must be the caller's organisation (a guardian, of none, is registered by an admin)",
        denial: 403,
        // No organisation (a guardian): in no secretariat's scope, so only an admin registers one.
        organizationOf: async ({ body }) => body.organizationId ?? '',
      },
      note: 'Only admins grant the roles admin, exam_system and metrics_reader.',
    },
    body: registerUserRequest,
    bodyExample: { organizationId: '83ac9902-8559-41a8-84da-051e39359cc3', name: 'Li Wei', email: 'mentor@example.com', roles: ['mentor'] },
    responses: { 201: { description: 'Registered, with its first API token', schema: registeredUserSchema } },
    handler: async ({ body, req, principal, deps }) => {
      assertMayManageRoles(principal, body.roles);
      const { user, token } = await registerUser(deps.db, deterministicId(req, principal), body);
      const view = userView(user, principal);
      return {
        status: 201,
        headers: { location: `/v1/users/${user.id}` },
        body: { ...view, apiToken: token },
        // Never stored: a replay answers without the token (issue a new one with POST /v1/users/{id}/tokens).
        replayBody: { ...view, apiToken: { id: token.id, createdAt: token.createdAt } },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/users',
    summary: 'List users, newest first (filters: organisation, role, e-mail)',
    tags: ['parties'],
    access: { roles: 'any', note: 'Non-admins see only the users of their own organisation.' },
    query: listUsersQuery,
    responses: { 200: { description: 'A page of users', schema: userPageSchema } },
    handler: async ({ query, principal, deps }) => {
      const scope = organizationFilter(principal, query.organizationId);
      if (!scope) return { status: 200, body: { items: [], nextCursor: null } };
      const page = await listUsers(deps.db, query, scope);
      return { status: 200, body: { items: page.items.map((u) => userView(u, principal)), nextCursor: page.nextCursor } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/users/:id',
    summary: 'A user',
    tags: ['parties'],
    access: { roles: 'any', scope: theUsersOrganization },
    params: idParams,
    responses: { 200: { description: 'The user', schema: userSchema } },
    handler: async ({ params, principal, deps }) => {
      const user = await findUser(deps.db, params.id);
      if (!user) throw new NotFoundProblem('User');
      return { status: 200, body: userView(user, principal) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/users/:id/tokens',
    summary: 'Issue a new API token for a user, shown this once',
    tags: ['parties'],
    access: {
      roles: ['secretariat'],
      scope: theUsersOrganization,
      note: 'Only admins manage the tokens of admin, exam_system and metrics_reader users.',
    },
    params: idParams,
    responses: { 201: { description: 'Issued', schema: issuedTokenSchema } },
    handler: async ({ params, principal, deps }) => {
      const user = await findUser(deps.db, params.id);
      if (!user) throw new NotFoundProblem('User');
      assertMayManageRoles(principal, user.roles);
      const token = await issueToken(deps.db, user.id);
      return { status: 201, body: token, replayBody: { id: token.id, createdAt: token.createdAt } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/users/:id/tokens/revoke',
    summary: 'Revoke one or all API tokens of a user (a revoked token answers 401 like an unknown one)',
    tags: ['parties'],
    access: {
      roles: ['secretariat'],
      scope: theUsersOrganization,
      note: 'Only admins manage the tokens of admin, exam_system and metrics_reader users.',
    },
    params: idParams,
    body: revokeTokensRequest,
    bodyExample: {},
    responses: { 200: { description: 'Revoked', schema: revokedTokensSchema } },
    handler: async ({ params, body, principal, deps }) => {
      const user = await findUser(deps.db, params.id);
      if (!user) throw new NotFoundProblem('User');
      assertMayManageRoles(principal, user.roles);
      const revoked = await revokeTokens(deps.db, user.id, body.tokenId);
      // This process answers the revoked token 401 from now on (api/auth/token-cache.ts).
      forgetPrincipals(deps);
      return { status: 200, body: { revoked } };
    },
  }),
];
