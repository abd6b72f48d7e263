// Bearer-token authentication. Unknown, revoked and malformed tokens all get the same 401: the answer
// must not tell an attacker which tokens exist.
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { ApiDependencies } from '../dependencies';
import type { Principal } from './principal';
import { type Role, roles as knownRoles } from './roles';
import { bearerToken, hashApiToken } from './tokens';

export const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';
export const METRICS_SCRAPER_ID = 'metrics-scraper';

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export async function authenticate(req: Request, deps: ApiDependencies): Promise<Principal | null> {
  const token = bearerToken(req.headers.authorization);
  if (!token) return null;
  const tokenHash = hashApiToken(token);

  const adminToken = deps.config.auth.adminToken;
  if (adminToken && sameHash(tokenHash, hashApiToken(adminToken))) {
    return { userId: BOOTSTRAP_ADMIN_ID, organizationId: null, roles: new Set<Role>(['admin']) };
  }
  // METRICS_TOKEN: Prometheus's credential, which reads /metrics and nothing else.
  const metricsToken = deps.config.auth.metricsToken;
  if (metricsToken && sameHash(tokenHash, hashApiToken(metricsToken))) {
    return { userId: METRICS_SCRAPER_ID, organizationId: null, roles: new Set<Role>(['metrics_reader']) };
  }

  const found = await deps.db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
  if (!found || found.revokedAt || !found.user.active) return null;
  return {
    userId: found.user.id,
    organizationId: found.user.organizationId,
    roles: new Set(found.user.roles.filter((r): r is Role => (knownRoles as readonly string[]).includes(r))),
  };
}
