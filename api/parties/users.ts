// Users and their API tokens: the schemas of /v1/users and the one code path that registers users,
// issues and revokes tokens, reads and lists them (the routes and `npm run seed` both call these).
// A token is shown once, when it is issued; only its SHA-256 is stored (api/auth/tokens.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../../platform/database';
import type { User } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import { type Role, roles } from '../auth/roles';
import { newApiToken } from '../auth/tokens';
import { ConflictProblem, UnknownReferenceProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { displayText, foreignKeyViolation, isoDate, resourceId, uniqueViolation } from './common';

export const role = z.enum(roles);
export const locales = ['zh-CN', 'en'] as const;

const birthDate = z.iso
  .date()
  .refine((d) => d >= '1900-01-01', { message: 'must be on or after 1900-01-01' })
  .refine((d) => d <= new Date().toISOString().slice(0, 10), { message: 'must not be in the future' })
  .meta({ description: 'YYYY-MM-DD. Required for students (eligibility: age, guardian consent for minors).' });

export const registerUserRequest = z
  .object({
    organizationId: resourceId.optional().meta({ description: 'Omitted only for a guardian: a person of no organisation (roles ["guardian"]).' }),
    name: displayText(200),
    email: z.email().max(254),
    locale: z.enum(locales).default('zh-CN'),
    roles: z
      .array(role)
      .min(1)
      .max(roles.length)
      .refine((r) => new Set(r).size === r.length, { message: 'must not repeat a role' }),
    birthDate: birthDate.optional(),
  })
  .strict()
  .superRefine((user, ctx) => {
    if (user.roles.includes('student') && user.birthDate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'is required for a student' });
    }
    // A guardian is a person of no organisation, with no other role (api/parties/guardians.ts).
    if (user.roles.includes('guardian') && (user.organizationId !== undefined || user.roles.length > 1)) {
      ctx.addIssue({ code: 'custom', path: ['roles'], message: 'a guardian belongs to no organisation and holds no other role' });
    }
    if (user.organizationId === undefined && !user.roles.includes('guardian')) {
      ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'is required (only a guardian belongs to no organisation)' });
    }
  })
  .meta({ id: 'RegisterUser' });
export type RegisterUserRequest = z.input<typeof registerUserRequest>;

export const userSchema = z
  .object({
    id: z.string(),
    organizationId: z.string().nullable(),
    name: z.string(),
    email: z.string().nullable(),
    locale: z.string(),
    roles: z.array(role),
    birthDate: z.iso.date().nullable().optional().meta({
      description: "Shown to admins, the organisation's secretariat and school coordinators, and the user; omitted for others.",
    }),
    active: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof userSchema>;

export const issuedTokenSchema = z
  .object({
    id: z.string(),
    token: z.string().optional().meta({
      description: 'The bearer token, shown once. Absent in an idempotent replay: issue a new one instead.',
    }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IssuedApiToken' });
export type IssuedToken = z.infer<typeof issuedTokenSchema>;

export const registeredUserSchema = userSchema.extend({ apiToken: issuedTokenSchema }).meta({ id: 'RegisteredUser' });

export const userPageSchema = z.object({ items: z.array(userSchema), ...pageInfo }).meta({ id: 'UserPage' });

export const listUsersQuery = z
  .object({
    organizationId: resourceId.optional().meta({ description: 'Admins only; others always see their own organisation.' }),
    role: role.optional(),
    email: z.string().trim().max(254).optional(),
    ...paginationQuery,
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const revokeTokensRequest = z
  .object({ tokenId: resourceId.optional().meta({ description: 'Revoke only this token; omitted: every active token.' }) })
  .strict()
  .meta({ id: 'RevokeTokens' });

export const revokedTokensSchema = z.object({ revoked: z.number().int() }).meta({ id: 'RevokedTokens' });

/** Roles whose holders see a colleague's birth date (minors' data: need to know). */
const seesBirthDates: readonly Role[] = ['admin', 'secretariat', 'school_coordinator'];

export function userView(row: User, viewer?: Principal): UserView {
  const showBirthDate = !viewer || viewer.userId === row.id || seesBirthDates.some((r) => viewer.roles.has(r));
  return {
    id: row.id,
    organizationId: row.organizationId,
    name: row.name,
    email: row.email,
    locale: row.locale,
    roles: row.roles,
    ...(showBirthDate ? { birthDate: isoDate(row.birthDate) } : {}),
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

function tokenView(row: { id: string; createdAt: Date }, token?: string): IssuedToken {
  return { id: row.id, ...(token !== undefined ? { token } : {}), createdAt: row.createdAt.toISOString() };
}

function sameUser(row: User, input: z.infer<typeof registerUserRequest>): boolean {
  return (
    row.organizationId === (input.organizationId ?? null) &&
    row.name === input.name &&
    row.email === input.email &&
    row.locale === input.locale &&
    [...row.roles].sort().join() === [...input.roles].sort().join() &&
    isoDate(row.birthDate) === (input.birthDate ?? null)
  );
}

/**
 * Registers a user under `id` with a first API token, returned in clear this once. A retry of the same
 * registration (its first answer lost) finds the user and issues a fresh token: the first one was never
 * seen, and only its hash exists.
 */
export async function registerUser(db: Database, id: string, request: RegisterUserRequest): Promise<{ user: User; token: IssuedToken }> {
  const input = registerUserRequest.parse(request);
  const organization =
    input.organizationId === undefined ? { id: null } : await db.organization.findUnique({ where: { id: input.organizationId }, select: { id: true } });
  if (!organization) throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no organisation has this id' }]);
  const { token, tokenHash } = newApiToken();
  try {
    const user = await db.user.create({
      data: {
        id,
        organizationId: input.organizationId ?? null,
        name: input.name,
        email: input.email,
        locale: input.locale,
        roles: input.roles,
        birthDate: input.birthDate ? new Date(`${input.birthDate}T00:00:00Z`) : null,
        tokens: { create: { id: randomUUID(), tokenHash } },
      },
      include: { tokens: true },
    });
    return { user, token: tokenView(user.tokens[0]!, token) };
  } catch (error) {
    if (foreignKeyViolation(error)) {
      throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no organisation has this id' }]);
    }
    if (!uniqueViolation(error)) throw error;
  }
  const existing = await db.user.findUnique({ where: { id } });
  if (!existing || !sameUser(existing, input)) throw new ConflictProblem('A user with this id already exists with other details.');
  return { user: existing, token: await issueToken(db, id) };
}

/** A new API token for a user, returned in clear this once. */
export async function issueToken(db: Database, userId: string): Promise<IssuedToken> {
  const { token, tokenHash } = newApiToken();
  const row = await db.apiToken.create({ data: { id: randomUUID(), userId, tokenHash } });
  return tokenView(row, token);
}

/** Revokes one token of the user, or all of its active ones; answers how many were revoked. */
export async function revokeTokens(db: Database, userId: string, tokenId?: string): Promise<number> {
  const { count } = await db.apiToken.updateMany({
    where: { userId, revokedAt: null, ...(tokenId ? { id: tokenId } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}

export function findUser(db: Database, id: string): Promise<User | null> {
  return db.user.findUnique({ where: { id } });
}

export async function listUsers(db: Database, query: ListUsersQuery, scope: { organizationId?: string }) {
  const page = pageQuery(query.cursor, query.limit);
  const rows = await db.user.findMany({
    where: {
      AND: [
        page.where,
        scope.organizationId ? { organizationId: scope.organizationId } : {},
        query.role ? { roles: { has: query.role } } : {},
        query.email ? { email: query.email } : {},
      ],
    },
    orderBy: page.orderBy,
    take: page.take,
  });
  return toPage(rows, query.limit);
}
