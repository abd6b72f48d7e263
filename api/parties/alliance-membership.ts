// Alliance membership is consent: the alliance's secretariat invites an organisation, and the
// organisation (its secretariat or a signatory) accepts or declines. Only accepted memberships count,
// for everything that reads membership: the alliance's member list, listing alliances by member, and
// the parties an agreement of the alliance may name (assertPartiesAreMembers). The founding
// secretariat is a member from the start: founding is its own consent.
import { z } from 'zod';
import type { Database } from '../../platform/database';
import type { AllianceMember, Prisma } from '../../prisma/generated/client';
import { ConflictProblem, type FieldError, NotFoundProblem, ProblemError, UnknownReferenceProblem } from '../errors';
import { pageInfo } from '../pagination';
import type { OrganizationScope } from '../routing';
import { resourceId } from './common';

export const MAX_INVITATIONS = 1000;

export const inviteMembersRequest = z
  .object({
    organizationIds: z
      .array(resourceId)
      .min(1)
      .max(MAX_INVITATIONS)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name an organisation twice' }),
  })
  .strict()
  .meta({ id: 'InviteAllianceMembers' });

export const membershipSchema = z
  .object({
    allianceId: z.string(),
    allianceName: z.string(),
    organizationId: z.string(),
    status: z.enum(['invited', 'accepted', 'declined']),
    invitedBy: z.string().nullable(),
    invitedAt: z.iso.datetime(),
    respondedBy: z.string().nullable(),
    respondedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'AllianceMembership' });
export type MembershipView = z.infer<typeof membershipSchema>;

export const membershipListSchema = z.object({ items: z.array(membershipSchema), ...pageInfo }).meta({ id: 'AllianceMembershipList' });

type Row = AllianceMember & { alliance: { name: string } };

export function membershipView(row: Row): MembershipView {
  return {
    allianceId: row.allianceId,
    allianceName: row.alliance.name,
    organizationId: row.organizationId,
    status: row.status,
    invitedBy: row.invitedBy,
    invitedAt: row.invitedAt.toISOString(),
    respondedBy: row.respondedBy,
    respondedAt: row.respondedAt?.toISOString() ?? null,
  };
}

/** The filter of rows that are members: everything that reads membership uses it. */
export const acceptedMember = { status: 'accepted' } as const satisfies Prisma.AllianceMemberWhereInput;

/**
 * Invites organisations into an alliance. A new invitation is `invited`; one declined before is invited
 * again; a member or a pending invitation is left as it is. Unknown organisations: 422 naming each.
 */
export async function inviteMembers(
  db: Database | Prisma.TransactionClient,
  allianceId: string,
  organizationIds: readonly string[],
  invitedBy: string,
  path = '/organizationIds',
): Promise<void> {
  const found = new Set((await db.organization.findMany({ where: { id: { in: [...organizationIds] } }, select: { id: true } })).map((o) => o.id));
  const errors: FieldError[] = organizationIds.flatMap((id, index) =>
    found.has(id) ? [] : [{ path: `${path}/${index}`, message: 'no organisation has this id' }],
  );
  if (errors.length > 0) throw new UnknownReferenceProblem(errors);
  await db.allianceMember.createMany({ data: organizationIds.map((organizationId) => ({ allianceId, organizationId, invitedBy })), skipDuplicates: true });
  await db.allianceMember.updateMany({
    where: { allianceId, organizationId: { in: [...organizationIds] }, status: 'declined' },
    data: { status: 'invited', invitedBy, invitedAt: new Date(), respondedBy: null, respondedAt: null },
  });
}

/** The organisation's answer to its invitation. Accepting twice is harmless; a declined one must be invited again. */
export async function answerInvitation(db: Database, allianceId: string, organizationId: string, answer: 'accepted' | 'declined', by: string): Promise<Row> {
  const row = await db.allianceMember.findUnique({
    where: { allianceId_organizationId: { allianceId, organizationId } },
    include: { alliance: { select: { name: true } } },
  });
  if (!row) throw new NotFoundProblem('Alliance invitation');
  if (row.status === answer) return row;
  if (row.status !== 'invited') {
    throw new ConflictProblem(
      row.status === 'accepted'
        ? 'The organisation is a member already; it cannot decline an invitation it accepted.'
        : "The organisation declined this invitation; the alliance's secretariat may invite it again.",
    );
  }
  // Only a pending invitation changes: a concurrent answer finds it answered.
  const { count } = await db.allianceMember.updateMany({
    where: { allianceId, organizationId, status: 'invited' },
    data: { status: answer, respondedBy: by, respondedAt: new Date() },
  });
  if (count === 0) return answerInvitation(db, allianceId, organizationId, answer, by);
  return db.allianceMember.findUniqueOrThrow({
    where: { allianceId_organizationId: { allianceId, organizationId } },
    include: { alliance: { select: { name: true } } },
  });
}

/** Is the organisation a member (accepted) of the alliance? */
export async function isMember(db: Database, allianceId: string, organizationId: string): Promise<boolean> {
  return (await db.allianceMember.count({ where: { allianceId, organizationId, ...acceptedMember } })) > 0;
}

/** The invitation an organisation may answer: its organisation when there is one, else null (404). */
export async function invitedOrganization(db: Database, allianceId: string, organizationId: string): Promise<string | null> {
  const row = await db.allianceMember.findUnique({ where: { allianceId_organizationId: { allianceId, organizationId } }, select: { organizationId: true } });
  return row?.organizationId ?? null;
}

/**
 * An agreement of an alliance names only its members: every organisation party, and the organisation of
 * every user party that has one. 422 naming each party otherwise (an invited organisation has not
 * consented yet; the secretariat invites it and waits for its answer).
 */
export async function assertPartiesAreMembers(
  db: Database,
  allianceId: string,
  parties: readonly { partyId: string; kind: 'user' | 'organization'; organizationId: string | null }[],
): Promise<void> {
  const named = [...new Set(parties.flatMap((p) => (p.organizationId ? [p.organizationId] : [])))];
  const members = new Set(
    (await db.allianceMember.findMany({ where: { allianceId, organizationId: { in: named }, ...acceptedMember }, select: { organizationId: true } })).map(
      (m) => m.organizationId,
    ),
  );
  const errors: FieldError[] = parties.flatMap((p, index) =>
    p.organizationId === null || members.has(p.organizationId)
      ? []
      : [
          {
            path: `/parties/${index}/${p.kind === 'user' ? 'userId' : 'organizationId'}`,
            message:
              p.kind === 'user'
                ? `party ${p.partyId}: the user's organisation ${p.organizationId} is not a member of alliance ${allianceId}`
                : `party ${p.partyId}: organisation ${p.organizationId} is not a member of alliance ${allianceId} (invite it; it becomes one when it accepts)`,
          },
        ],
  );
  if (errors.length > 0) {
    throw new ProblemError(
      422,
      'not-a-member',
      'Not a member of the alliance',
      'An agreement of an alliance names only organisations that accepted its invitation.',
      { errors },
    );
  }
}

/**
 * The scope of something an organisation posts to an alliance (a service need, a talent demand): the
 * body's `organizationId` is the caller's own organisation (403 otherwise: the caller named it).
 */
export const postingOrganizationScope: OrganizationScope = {
  resource: 'Organization',
  describe: "organizationId is the caller's organisation",
  organizationOf: async ({ body, deps }) =>
    (await deps.db.organization.findUnique({ where: { id: (body as { organizationId: string }).organizationId }, select: { id: true } }))?.id ?? null,
  denial: 403,
};

/** What an organisation posts goes to an alliance it is an accepted member of: 422 on `/allianceId` otherwise. */
export async function assertPostingMember(db: Database, allianceId: string, organizationId: string, what: string): Promise<void> {
  if (await isMember(db, allianceId, organizationId)) return;
  throw new ProblemError(422, 'not-a-member', 'Not a member of the alliance', `${what} is posted to an alliance the organisation is an accepted member of.`, {
    errors: [{ path: '/allianceId', message: `organisation ${organizationId} is not a member of alliance ${allianceId}` }],
  });
}
