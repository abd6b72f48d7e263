// Signing in and out with a browser session (api/accounts/): POST /v1/session (e-mail and password)
// sets the session cookie and answers the CSRF token; DELETE /v1/session ends the current session; a
// person lists their live sessions and revokes any of them.
import { signInLimiter } from '../accounts/brute-force';
import { idParams, sessionListSchema, signedInSchema, signInRequest } from '../accounts/schemas';
import { clearedSessionCookieHeader, sessionCookieHeader } from '../accounts/session-cookie';
import { clientAddress, listSessions, revokeSession } from '../accounts/sessions';
import { recordSecurityEvent } from '../accounts/security-events';
import { signIn } from '../accounts/sign-in';
import { SignInLockedProblem } from '../accounts/problems';
import { NotFoundProblem } from '../errors';
import { findUser, userView } from '../parties/users';
import { defineRoute } from '../routing';

export const sessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/session',
    summary: 'Sign in with e-mail and password: sets the session cookie and answers its CSRF token',
    tags: ['accounts'],
    access: { public: true },
    body: signInRequest,
    bodyExample: { email: 'zhang.min@example.org', password: 'correct horse battery staple 42' },
    replay: false,
    responses: {
      200: { description: 'Signed in (Set-Cookie: af_session, HttpOnly, SameSite=Lax, Secure over https)', schema: signedInSchema },
    },
    handler: async ({ body, req, deps }) => {
      const limiter = signInLimiter(deps.config.database.url, deps.config.accounts.signIn);
      let result;
      try {
        result = await signIn({ db: deps.db, accounts: deps.config.accounts, limiter, req }, body.email, body.password);
      } catch (error) {
        if (error instanceof SignInLockedProblem) req.res?.setHeader('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
      const user = await findUser(deps.db, result.userId);
      if (!user) throw new NotFoundProblem('User');
      return {
        status: 200,
        headers: { 'set-cookie': sessionCookieHeader(req, deps.config.accounts, result.session.secret, result.session.expiresAt), 'cache-control': 'no-store' },
        body: { user: userView(user), csrfToken: result.session.csrfToken, expiresAt: result.session.expiresAt.toISOString() },
      };
    },
  }),

  defineRoute({
    method: 'delete',
    path: '/session',
    summary: 'Sign out: ends the current session and clears its cookie (with a bearer token: nothing to end)',
    tags: ['accounts'],
    access: { roles: 'any', note: 'With a session cookie, the CSRF token is required.' },
    responses: { 204: { description: 'Signed out' } },
    handler: async ({ principal, req, deps }) => {
      if (principal.credential?.kind === 'session') {
        await revokeSession(deps.db, principal.userId, principal.credential.sessionId);
        await recordSecurityEvent(deps.db, {
          type: 'signed_out',
          userId: principal.userId,
          address: clientAddress(req),
          detail: { sessionId: principal.credential.sessionId },
        });
      }
      return { status: 204, headers: { 'set-cookie': clearedSessionCookieHeader(req, deps.config.accounts) } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/me/sessions',
    summary: 'My live sessions, newest first',
    tags: ['accounts'],
    access: { roles: 'any', note: "Only the caller's own sessions." },
    responses: { 200: { description: 'The sessions', schema: sessionListSchema } },
    handler: async ({ principal, deps }) => {
      const current = principal.credential?.kind === 'session' ? principal.credential.sessionId : undefined;
      return { status: 200, body: { items: await listSessions(deps.db, deps.config.accounts, principal.userId, current) } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/me/sessions/:id/revoke',
    summary: 'End one of my sessions (another browser, a lost device)',
    tags: ['accounts'],
    access: { roles: 'any', note: "Only the caller's own sessions: any other id is 404." },
    params: idParams,
    responses: { 204: { description: 'Ended' } },
    handler: async ({ params, principal, req, deps }) => {
      const own = await deps.db.accountSession.findFirst({ where: { id: params.id, userId: principal.userId }, select: { id: true } });
      if (!own) throw new NotFoundProblem('Session');
      if (await revokeSession(deps.db, principal.userId, params.id)) {
        await recordSecurityEvent(deps.db, {
          type: 'session_revoked',
          userId: principal.userId,
          address: clientAddress(req),
          detail: { sessionId: params.id },
        });
      }
      return { status: 204 };
    },
  }),
];
