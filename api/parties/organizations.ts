// Organisations: the schemas of POST/GET /v1/organizations and the one code path that registers,
// reads and lists them (the routes and `npm run seed` both call these).
import { z } from 'zod';
import type { Database } from '../../platform/database';
import type { Organization, OrganizationKind } from '../../prisma/generated/client';
import { ConflictProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { displayText, resourceId, uniqueViolation } from './common';
import { isValidCreditCode } from './credit-code';

export const organizationKinds = [
  'secondary_vocational_school',
  'university',
  'government',
  'industrial_park',
  'enterprise',
  'research_institute',
  'association',
] as const satisfies readonly OrganizationKind[];

export const organizationKind = z.enum(organizationKinds);

export const creditCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidCreditCode, {
    message: 'is not a valid unified social credit code (18 characters of GB 32100-2015 with a correct check character)',
  })
  .meta({ description: '统一社会信用代码 (unified social credit code), GB 32100-2015.', example: '91440300MA5FUNRX29' });

export const registerOrganizationRequest = z
  .object({ kind: organizationKind, name: displayText(200), creditCode })
  .strict()
  .meta({ id: 'RegisterOrganization' });
export type RegisterOrganizationRequest = z.input<typeof registerOrganizationRequest>;

export const organizationSchema = z
  .object({ id: z.string(), kind: organizationKind, name: z.string(), creditCode: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'Organization' });
export type OrganizationView = z.infer<typeof organizationSchema>;

export const organizationPageSchema = z.object({ items: z.array(organizationSchema), ...pageInfo }).meta({ id: 'OrganizationPage' });

export const listOrganizationsQuery = z
  .object({
    kind: organizationKind.optional(),
    creditCode: z.string().trim().toUpperCase().max(18).optional(),
    allianceId: resourceId.optional().meta({ description: 'Only members of this alliance (accepted; not invited).' }),
    ...paginationQuery,
  })
  .strict();
export type ListOrganizationsQuery = z.infer<typeof listOrganizationsQuery>;

export function organizationView(row: Organization): OrganizationView {
  return { id: row.id, kind: row.kind, name: row.name, creditCode: row.creditCode, createdAt: row.createdAt.toISOString() };
}

/**
 * Registers an organisation under `id`. Registering the same organisation under the same id again (a
 * retried request) returns it; another organisation with the same credit code is a 409 naming the field.
 */
export async function registerOrganization(db: Database, id: string, request: RegisterOrganizationRequest): Promise<Organization> {
  const input = registerOrganizationRequest.parse(request);
  try {
    return await db.organization.create({ data: { id, ...input } });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
  }
  const existing = await db.organization.findUnique({ where: { id } });
  if (existing && existing.kind === input.kind && existing.name === input.name && existing.creditCode === input.creditCode) {
    return existing;
  }
  const holder = await db.organization.findUnique({ where: { creditCode: input.creditCode } });
  throw new ConflictProblem('An organisation with this unified social credit code is already registered.', {
    errors: [{ path: '/creditCode', message: 'is already registered' }],
    ...(holder ? { existingId: holder.id } : {}),
  });
}

export function findOrganization(db: Database, id: string): Promise<Organization | null> {
  return db.organization.findUnique({ where: { id } });
}

export async function listOrganizations(db: Database, query: ListOrganizationsQuery) {
  const page = pageQuery(query.cursor, query.limit);
  const rows = await db.organization.findMany({
    where: {
      AND: [
        page.where,
        query.kind ? { kind: query.kind } : {},
        query.creditCode ? { creditCode: query.creditCode } : {},
        query.allianceId ? { memberOf: { some: { allianceId: query.allianceId, status: 'accepted' } } } : {},
      ],
    },
    orderBy: page.orderBy,
    take: page.take,
  });
  const { items, nextCursor } = toPage(rows, query.limit);
  return { items: items.map(organizationView), nextCursor };
}
