// Service accounts: machine callers (the exam system posting results) as their own kind of principal,
// not users with a role. An admin creates one in an organisation with scopes (service-scopes.ts); its
// tokens expire (SERVICE_TOKEN_TTL, or a shorter lifetime asked for) and are rotated by issuing a new
// one, which ends the others after an optional overlap so the machine can switch without downtime.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/database';
import type { Principal } from '../auth/principal';
import { knownRolesOf } from '../auth/roles';
import { newSecret } from './secrets';
import { rolesOfScopes } from './service-scopes';

/** The principal of a live service token (its hash), or null: unknown, revoked, expired, account disabled. */
export async function findServicePrincipal(db: Database, tokenHash: string): Promise<Principal | null> {
  const token = await db.serviceAccountToken.findUnique({ where: { tokenHash }, include: { serviceAccount: true } });
  if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now() || !token.serviceAccount.active) return null;
  const account = token.serviceAccount;
  return {
    userId: account.id,
    organizationId: account.organizationId,
    roles: knownRolesOf(rolesOfScopes(account.scopes)),
    credential: { kind: 'service', serviceAccountId: account.id, scopes: account.scopes },
  };
}

export interface ServiceAccountView {
  id: string;
  organizationId: string;
  name: string;
  scopes: string[];
  active: boolean;
  createdAt: string;
  tokens: { id: string; createdAt: string; expiresAt: string; revokedAt: string | null }[];
}

type AccountRow = Awaited<ReturnType<Database['serviceAccount']['findUniqueOrThrow']>> & {
  tokens: { id: string; createdAt: Date; expiresAt: Date; revokedAt: Date | null }[];
};

export function serviceAccountView(row: AccountRow): ServiceAccountView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    scopes: row.scopes,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    tokens: row.tokens.map((t) => ({
      id: t.id,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  };
}

export async function createServiceAccount(
  db: Database,
  input: { id: string; organizationId: string; name: string; scopes: string[]; createdBy: string },
): Promise<AccountRow> {
  const existing = await db.serviceAccount.findUnique({ where: { id: input.id }, include: { tokens: true } });
  if (existing) return existing; // a retried request (deterministic id)
  return db.serviceAccount.create({
    data: { id: input.id, organizationId: input.organizationId, name: input.name, scopes: [...new Set(input.scopes)], createdBy: input.createdBy },
    include: { tokens: true },
  });
}

export async function findServiceAccount(db: Database, id: string): Promise<AccountRow | null> {
  return db.serviceAccount.findUnique({ where: { id }, include: { tokens: { orderBy: { createdAt: 'desc' }, take: 20 } } });
}

/**
 * Issues a token (shown once). `overlapMs` 0 revokes every other live token at once; more lets them
 * live that much longer (bounded by their own expiry), for a rotation without downtime.
 */
export async function issueServiceToken(
  db: Database,
  serviceAccountId: string,
  lifetimeMs: number,
  overlapMs: number | null,
): Promise<{ id: string; token: string; expiresAt: string }> {
  const { secret, hash } = newSecret('serviceToken');
  const id = randomUUID();
  const now = Date.now();
  const expiresAt = new Date(now + lifetimeMs);
  await db.$transaction(async (tx) => {
    if (overlapMs !== null) {
      const until = new Date(now + overlapMs);
      await tx.serviceAccountToken.updateMany({ where: { serviceAccountId, revokedAt: null, expiresAt: { gt: until } }, data: { expiresAt: until } });
      if (overlapMs === 0) await tx.serviceAccountToken.updateMany({ where: { serviceAccountId, revokedAt: null }, data: { revokedAt: new Date(now) } });
    }
    await tx.serviceAccountToken.create({ data: { id, serviceAccountId, tokenHash: hash, expiresAt } });
  });
  return { id, token: secret, expiresAt: expiresAt.toISOString() };
}

export async function disableServiceAccount(db: Database, id: string): Promise<void> {
  await db.$transaction([
    db.serviceAccount.update({ where: { id }, data: { active: false } }),
    db.serviceAccountToken.updateMany({ where: { serviceAccountId: id, revokedAt: null }, data: { revokedAt: new Date() } }),
  ]);
}
