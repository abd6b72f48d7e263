// Test parties written straight to the database: an organisation, and users with API tokens.
// (The API's own registration routes are tested separately; fixtures should not depend on them.)
import { randomUUID } from 'node:crypto';
import { newApiToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/roles';
import { creditCodeCheckCharacter } from '../../api/parties/credit-code';
import type { Database } from '../../platform/database';
import type { OrganizationKind } from '../../prisma/generated/client';

let organizationCounter = 0;

/** A valid, unique unified social credit code. */
export function newCreditCode(): string {
  const serial = (Date.now() % 1e9).toString().padStart(9, '0') + String(++organizationCounter % 10);
  const body = `9144030${serial}`.slice(0, 17).padEnd(17, '0');
  return body + creditCodeCheckCharacter(body);
}

export async function createOrganization(db: Database, kind: OrganizationKind = 'enterprise', name?: string) {
  return db.organization.create({
    data: { id: randomUUID(), kind, name: name ?? `${kind} ${randomUUID().slice(0, 8)}`, creditCode: newCreditCode() },
  });
}

export interface TestUser {
  id: string;
  organizationId: string | null;
  token: string;
  /** Ready-made Authorization header. */
  auth: { authorization: string };
}

export async function createUser(
  db: Database,
  options: { organizationId: string | null; roles: Role[]; email?: string; locale?: 'zh-CN' | 'en'; birthDate?: Date; name?: string },
): Promise<TestUser> {
  const { token, tokenHash } = newApiToken();
  const id = randomUUID();
  await db.user.create({
    data: {
      id,
      organizationId: options.organizationId,
      name: options.name ?? `user ${id.slice(0, 8)}`,
      email: options.email,
      locale: options.locale ?? 'zh-CN',
      roles: options.roles,
      birthDate: options.birthDate,
      tokens: { create: { id: randomUUID(), tokenHash } },
    },
  });
  return { id, organizationId: options.organizationId, token, auth: { authorization: `Bearer ${token}` } };
}
