// GET /v1/me (who I am, my organisation, roles and allowed actions) and POST /v1/me/password.
import type { Request } from 'express';
import { allowedActions } from '../accounts/me';
import { changePassword } from '../accounts/password-change';
import { changePasswordRequest, meSchema } from '../accounts/schemas';
import { signInLimiter } from '../accounts/brute-force';
import { BOOTSTRAP_ADMIN_ID } from '../auth/authenticate';
import type { AnyRoute } from '../routing';
import { defineRoute } from '../routing';

/** The mounted routes, as api/app.ts publishes them on the app (importing app.ts here would be a cycle). */
function mountedRoutesOf(req: Request): { basePath: string; routes: AnyRoute[] }[] {
  return (req.app.locals.mountedRoutes as { basePath: string; routes: AnyRoute[] }[] | undefined) ?? [];
}

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'Who I am: my organisation, roles, how I signed in, the CSRF token of my session, and the actions I may take',
    tags: ['accounts'],
    access: { roles: 'any' },
    responses: { 200: { description: 'The caller', schema: meSchema } },
    handler: async ({ principal, req, deps }) => {
      const credential = principal.credential;
      const actions = allowedActions(principal, mountedRoutesOf(req));
      const organization = principal.organizationId
        ? await deps.db.organization.findUnique({ where: { id: principal.organizationId }, select: { id: true, name: true, kind: true } })
        : null;
      const base = { organization, roles: [...principal.roles].sort(), allowedActions: actions };
      if (credential?.kind === 'service') {
        const account = await deps.db.serviceAccount.findUnique({ where: { id: credential.serviceAccountId } });
        return {
          status: 200,
          body: {
            kind: 'service_account',
            id: principal.userId,
            name: account?.name ?? null,
            email: null,
            locale: null,
            signedInWith: 'service_token',
            csrfToken: null,
            ...base,
          },
        };
      }
      const user = principal.userId === BOOTSTRAP_ADMIN_ID ? null : await deps.db.user.findUnique({ where: { id: principal.userId } });
      return {
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: {
          kind: 'user',
          id: principal.userId,
          name: user?.name ?? null,
          email: user?.email ?? null,
          locale: user?.locale ?? null,
          signedInWith: credential?.kind === 'session' ? 'session' : user ? 'api_token' : 'admin_token',
          csrfToken: credential?.kind === 'session' ? credential.csrfToken : null,
          ...base,
        },
      };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/me/password',
    summary: 'Change my password (the current one is required); my other sessions end',
    tags: ['accounts'],
    access: { roles: 'any', note: 'People with a password only (not service accounts).' },
    body: changePasswordRequest,
    bodyExample: { currentPassword: 'correct horse battery staple 42', newPassword: 'A fresh passphrase 2027' },
    replay: false,
    responses: { 204: { description: 'Changed' } },
    handler: async ({ body, principal, req, deps }) => {
      const limiter = signInLimiter(deps.config.database.url, deps.config.accounts.signIn);
      await changePassword({ db: deps.db, accounts: deps.config.accounts, limiter, req }, principal, body.currentPassword, body.newPassword);
      return { status: 204 };
    },
  }),
];
