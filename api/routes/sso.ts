// Single sign-on with OpenID Connect (optional: OIDC_ISSUER_URL and friends). GET /v1/sso/login sends
// the browser to the provider (authorization code flow with PKCE); GET /v1/sso/callback finishes it,
// finds the invited account (api/accounts/sso-sign-in.ts), sets the session cookie and sends the browser
// to the console. A short-lived af_sso cookie binds the handshake to the browser that started it.
import { z } from 'zod';
import type { Request } from 'express';
import { hashSecret, sameSecret } from '../accounts/secrets';
import { sessionCookieHeader } from '../accounts/session-cookie';
import { clientAddress, createSession } from '../accounts/sessions';
import { recordSecurityEvent } from '../accounts/security-events';
import { finishHandshake, startHandshake } from '../accounts/sso-client';
import { resolveSsoIdentity } from '../accounts/sso-sign-in';
import { SsoProblem } from '../accounts/problems';
import type { ApiDependencies } from '../dependencies';
import { defineRoute } from '../routing';

const HANDSHAKE_TTL_MS = 10 * 60 * 1000;
const SSO_COOKIE = 'af_sso';

function settingsOf(deps: ApiDependencies) {
  const settings = deps.config.accounts.oidc;
  if (!settings)
    throw new SsoProblem('sso-not-configured', 'Single sign-on is not configured', 'This server has no OpenID Connect provider (OIDC_ISSUER_URL).', 404);
  return settings;
}

function ssoCookieOf(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SSO_COOKIE) return part.slice(eq + 1).trim();
  }
  return null;
}

const text = z.string().max(4096);

export const ssoRoutes = [
  defineRoute({
    method: 'get',
    path: '/sso/login',
    summary: 'Single sign-on: redirects to the identity provider (authorization code flow with PKCE)',
    tags: ['accounts'],
    access: { public: true },
    responses: { 302: { description: 'To the identity provider' } },
    handler: async ({ deps }) => {
      const settings = settingsOf(deps);
      const handshake = await startHandshake(settings);
      await deps.db.ssoHandshake.create({
        data: {
          stateHash: hashSecret(handshake.state),
          codeVerifier: handshake.codeVerifier,
          nonce: handshake.nonce,
          expiresAt: new Date(Date.now() + HANDSHAKE_TTL_MS),
        },
      });
      // Handshakes nobody finished are dropped now and then (they are useless after ten minutes).
      await deps.db.ssoHandshake.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - HANDSHAKE_TTL_MS) } } });
      return {
        status: 302,
        headers: {
          location: handshake.url,
          'set-cookie': `${SSO_COOKIE}=${handshake.state}; Path=/v1/sso; Max-Age=${HANDSHAKE_TTL_MS / 1000}; HttpOnly; SameSite=Lax`,
          'cache-control': 'no-store',
        },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/sso/callback',
    summary: "Single sign-on: the provider's redirect back; signs the invited person in and redirects to the console",
    tags: ['accounts'],
    access: { public: true },
    query: z
      .object({
        code: text.optional(),
        state: text.optional(),
        iss: text.optional(),
        session_state: text.optional(),
        error: text.optional(),
        error_description: text.optional(),
      })
      .strict(),
    responses: { 303: { description: 'Signed in (Set-Cookie: af_session); to the console' } },
    handler: async ({ query, req, deps }) => {
      const settings = settingsOf(deps);
      const address = clientAddress(req);
      if (query.error || !query.code || !query.state) {
        throw new SsoProblem('sso-failed', 'Single sign-on failed', `The identity provider did not sign you in${query.error ? ` (${query.error})` : ''}.`, 400);
      }
      const stateHash = hashSecret(query.state);
      const handshake = await deps.db.ssoHandshake.findUnique({ where: { stateHash } });
      const cookieState = ssoCookieOf(req);
      if (!handshake || handshake.expiresAt.getTime() <= Date.now() || !cookieState || !sameSecret(cookieState, query.state)) {
        throw new SsoProblem('sso-failed', 'Single sign-on failed', 'This sign-in was not started here, or it took too long; start again.', 400);
      }
      await deps.db.ssoHandshake.delete({ where: { stateHash } }).catch(() => undefined); // single use
      let identity;
      try {
        identity = await finishHandshake(settings, new URL(req.originalUrl, 'http://callback').search, {
          state: query.state,
          nonce: handshake.nonce,
          codeVerifier: handshake.codeVerifier,
        });
      } catch (error) {
        req.log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code ?? null } }, 'single sign-on code exchange failed');
        throw new SsoProblem('sso-failed', 'Single sign-on failed', "The identity provider's answer could not be verified; start again.", 400);
      }
      const userId = await resolveSsoIdentity(deps.db, settings, identity, address);
      const session = await createSession(deps.db, deps.config.accounts, userId, 'sso', { headers: req.headers, ip: address });
      await recordSecurityEvent(deps.db, {
        type: 'sso_sign_in',
        userId,
        email: identity.email,
        address,
        detail: { issuer: identity.issuer, sessionId: session.id },
      });
      return {
        status: 303,
        headers: {
          location: `${deps.config.accounts.linkBaseUrl}/`,
          'set-cookie': sessionCookieHeader(req, deps.config.accounts, session.secret, session.expiresAt),
          'cache-control': 'no-store',
        },
      };
    },
  }),
];
