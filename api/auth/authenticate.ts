// Authentication: a bearer token (a user's API token, the bootstrap ADMIN_TOKEN or a service account's
// token) or a session cookie (api/accounts/), each producing a Principal, so every route keeps the same
// role and organisation checks whichever way the caller signed in. Unknown, revoked, expired and
// malformed credentials all get the same 401: the answer must not tell an attacker which ones exist.
// A request with an Authorization header is judged by it alone (a bad token does not fall back to a
// cookie). A write (any method but GET and HEAD) authenticated by a cookie must carry the session's
// CSRF token in X-CSRF-Token, else 403: a page of another site can make the browser send the cookie,
// but cannot read the token. A route that browser pages of other origins call with the cookie but
// without the token (the Temporal Web UI's codec calls, which can only "include credentials") declares
// those origins instead (`sessionOrigins`): its cookie writes must then carry one of them in Origin,
// which the browser sets and no page can forge; a missing or another Origin is 403 (docs/deployment.md,
// "Temporal trust boundary").
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { findLiveSession, touchSession } from '../accounts/sessions';
import { sessionSecretOf } from '../accounts/session-cookie';
import { findServicePrincipal } from '../accounts/service-accounts';
import { sameSecret, secretPrefixes } from '../accounts/secrets';
import type { ApiDependencies } from '../dependencies';
import { ProblemError } from '../errors';
import type { Principal } from './principal';
import { knownRolesOf, type Role } from './roles';
import { rememberedPrincipal, rememberPrincipal } from './token-cache';
import { bearerToken, hashApiToken } from './tokens';

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';
export const CSRF_HEADER = 'x-csrf-token';
export const METRICS_SCRAPER_ID = 'metrics-scraper';

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class CsrfProblem extends ProblemError {
  constructor() {
    super(
      403,
      'csrf-token-required',
      'CSRF token required',
      "A write with a session cookie needs the session's CSRF token in the X-CSRF-Token header (from POST /v1/session or GET /v1/me).",
    );
  }
}

export class SessionOriginProblem extends ProblemError {
  constructor() {
    super(
      403,
      'session-origin-not-allowed',
      'Origin not allowed',
      'This route accepts a session cookie only from the pages of its configured origins (TEMPORAL_CODEC_CORS_ORIGINS), named in the Origin header.',
    );
  }
}

async function userPrincipal(deps: ApiDependencies, userId: string): Promise<Principal | null> {
  const user = await deps.db.user.findUnique({ where: { id: userId } });
  if (!user || !user.active) return null;
  return { userId: user.id, organizationId: user.organizationId, roles: knownRolesOf(user.roles) };
}

async function bearerPrincipal(deps: ApiDependencies, token: string): Promise<Principal | null> {
  const tokenHash = hashApiToken(token);
  const adminToken = deps.config.auth.adminToken;
  if (adminToken && sameHash(tokenHash, hashApiToken(adminToken))) {
    return { userId: BOOTSTRAP_ADMIN_ID, organizationId: null, roles: new Set<Role>(['admin']) };
  }
  if (token.startsWith(secretPrefixes.serviceToken)) return findServicePrincipal(deps.db, tokenHash);
  // METRICS_TOKEN: Prometheus's credential, which reads /metrics and nothing else.
  const metricsToken = deps.config.auth.metricsToken;
  if (metricsToken && sameHash(tokenHash, hashApiToken(metricsToken))) {
    return { userId: METRICS_SCRAPER_ID, organizationId: null, roles: new Set<Role>(['metrics_reader']) };
  }

  // A user's token: remembered for a few seconds once it authenticated (token-cache.ts, which says the bound).
  const remembered = rememberedPrincipal(deps, tokenHash);
  if (remembered) return remembered;
  const found = await deps.db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!found || found.revokedAt || !found.user.active) return null;
  const principal = { userId: found.user.id, organizationId: found.user.organizationId, roles: knownRolesOf(found.user.roles) };
  rememberPrincipal(deps, tokenHash, principal);
  return principal;
}

async function sessionPrincipal(req: Request, deps: ApiDependencies, secret: string, sessionOrigins: readonly string[] | undefined): Promise<Principal | null> {
  const session = await findLiveSession(deps.db, deps.config.accounts, secret);
  if (!session) return null;
  const principal = await userPrincipal(deps, session.userId);
  if (!principal) return null;
  if (req.method !== 'GET' && req.method !== 'HEAD' && sessionOrigins) {
    // Exact match only: an Origin is scheme://host[:port], compared as the browser sent it.
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !sessionOrigins.includes(origin)) throw new SessionOriginProblem();
  } else if (req.method !== 'GET' && req.method !== 'HEAD') {
    const given = req.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) throw new CsrfProblem();
  }
  // Activity for the idle timeout: a request that succeeded. (A refused one neither extends the session
  // nor writes anything.)
  req.res?.once('finish', () => {
    if (req.res && req.res.statusCode < 400) {
      touchSession(deps.db, deps.config.accounts, session).catch((error: unknown) => req.log?.warn({ err: error }, 'recording session activity failed'));
    }
  });
  return { ...principal, credential: { kind: 'session', sessionId: session.id, csrfToken: session.csrfToken } };
}

export async function authenticate(req: Request, deps: ApiDependencies, sessionOrigins?: readonly string[]): Promise<Principal | null> {
  if (req.headers.authorization !== undefined) {
    const token = bearerToken(req.headers.authorization);
    return token ? bearerPrincipal(deps, token) : null;
  }
  const secret = sessionSecretOf(req);
  return secret ? sessionPrincipal(req, deps, secret, sessionOrigins) : null;
}
