// Alliances: the schemas of POST/GET /v1/alliances and the one code path that registers, reads and
// lists them. The secretariat organisation is always a member; the other organisations named are
// invited, and become members when they accept (api/parties/alliance-membership.ts); every organisation
// named must exist (422 naming the field otherwise).
import { z } from 'zod';
import type { Database } from '../../platform/database';
import { ConflictProblem, type FieldError, UnknownReferenceProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { displayText, foreignKeyViolation, resourceId, uniqueViolation } from './common';

export const MAX_ALLIANCE_MEMBERS = 1000;

export const registerAllianceRequest = z
  .object({
    name: displayText(300),
    secretariatOrganizationId: resourceId.meta({ description: 'The organisation that runs the alliance; it becomes a member.' }),
    memberOrganizationIds: z
      .array(resourceId)
      .max(MAX_ALLIANCE_MEMBERS)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name an organisation twice' })
      .default([])
      .meta({ description: 'Organisations invited to join: each becomes a member when it accepts (POST /v1/alliances/{id}/members/{organizationId}/accept).' }),
  })
  .strict()
  .meta({ id: 'RegisterAlliance' });
export type RegisterAllianceRequest = z.input<typeof registerAllianceRequest>;

export const allianceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    secretariatOrganizationId: z.string(),
    /** Members: the secretariat and the organisations that accepted. */
    memberOrganizationIds: z.array(z.string()),
    /** Invited, not yet answered. */
    invitedOrganizationIds: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Alliance' });
export type AllianceView = z.infer<typeof allianceSchema>;

export const alliancePageSchema = z.object({ items: z.array(allianceSchema), ...pageInfo }).meta({ id: 'AlliancePage' });

export const listAlliancesQuery = z
  .object({
    organizationId: resourceId.optional().meta({ description: 'Only alliances this organisation is a member of (accepted; not invited).' }),
    secretariatOrganizationId: resourceId.optional(),
    ...paginationQuery,
  })
  .strict();
export type ListAlliancesQuery = z.infer<typeof listAlliancesQuery>;

const withMembers = { members: { select: { organizationId: true, status: true } } } as const;

interface AllianceRow {
  id: string;
  name: string;
  secretariatOrganizationId: string;
  createdAt: Date;
  members: { organizationId: string; status: string }[];
}

export function allianceView(row: AllianceRow): AllianceView {
  return {
    id: row.id,
    name: row.name,
    secretariatOrganizationId: row.secretariatOrganizationId,
    memberOrganizationIds: row.members
      .filter((m) => m.status === 'accepted')
      .map((m) => m.organizationId)
      .sort(),
    invitedOrganizationIds: row.members
      .filter((m) => m.status === 'invited')
      .map((m) => m.organizationId)
      .sort(),
    createdAt: row.createdAt.toISOString(),
  };
}

async function missingReferences(db: Database, input: z.infer<typeof registerAllianceRequest>): Promise<FieldError[]> {
  const wanted = [input.secretariatOrganizationId, ...input.memberOrganizationIds];
  const found = new Set((await db.organization.findMany({ where: { id: { in: wanted } }, select: { id: true } })).map((o) => o.id));
  const errors: FieldError[] = [];
  if (!found.has(input.secretariatOrganizationId)) {
    errors.push({ path: '/secretariatOrganizationId', message: 'no organisation has this id' });
  }
  input.memberOrganizationIds.forEach((id, index) => {
    if (!found.has(id)) errors.push({ path: `/memberOrganizationIds/${index}`, message: 'no organisation has this id' });
  });
  return errors;
}

/**
 * Registers an alliance under `id`: its secretariat a member, the other organisations named invited.
 * A retry of the same registration returns the alliance it made. `by`: who founded it (the inviter).
 */
export async function registerAlliance(db: Database, id: string, request: RegisterAllianceRequest, by: string | null = null): Promise<AllianceView> {
  const input = registerAllianceRequest.parse(request);
  const missing = await missingReferences(db, input);
  if (missing.length > 0) throw new UnknownReferenceProblem(missing);
  const members = [...new Set([input.secretariatOrganizationId, ...input.memberOrganizationIds])];
  const now = new Date();
  try {
    const row = await db.alliance.create({
      data: {
        id,
        name: input.name,
        secretariatOrganizationId: input.secretariatOrganizationId,
        members: {
          createMany: {
            data: members.map((organizationId) =>
              // Founding is the secretariat's own consent; everyone else is asked.
              organizationId === input.secretariatOrganizationId
                ? { organizationId, status: 'accepted' as const, invitedBy: by, respondedBy: by, respondedAt: now }
                : { organizationId, status: 'invited' as const, invitedBy: by },
            ),
          },
        },
      },
      include: withMembers,
    });
    return allianceView(row);
  } catch (error) {
    if (foreignKeyViolation(error)) throw new UnknownReferenceProblem(await missingReferences(db, input));
    if (!uniqueViolation(error)) throw error;
  }
  const existingRow = await db.alliance.findUnique({ where: { id }, include: withMembers });
  if (
    existingRow &&
    existingRow.name === input.name &&
    existingRow.secretariatOrganizationId === input.secretariatOrganizationId &&
    existingRow.members
      .map((m) => m.organizationId)
      .sort()
      .join() === [...members].sort().join()
  ) {
    return allianceView(existingRow);
  }
  throw new ConflictProblem('An alliance with this id already exists with other details.');
}

export async function findAlliance(db: Database, id: string): Promise<AllianceView | null> {
  const row = await db.alliance.findUnique({ where: { id }, include: withMembers });
  return row ? allianceView(row) : null;
}

export async function listAlliances(db: Database, query: ListAlliancesQuery) {
  const page = pageQuery(query.cursor, query.limit);
  const rows = await db.alliance.findMany({
    where: {
      AND: [
        page.where,
        query.organizationId ? { members: { some: { organizationId: query.organizationId, status: 'accepted' } } } : {},
        query.secretariatOrganizationId ? { secretariatOrganizationId: query.secretariatOrganizationId } : {},
      ],
    },
    include: withMembers,
    orderBy: page.orderBy,
    take: page.take,
  });
  const { items, nextCursor } = toPage(rows, query.limit);
  return { items: items.map(allianceView), nextCursor };
}
