// The API's reads of who may act for an agreement's party. The rule itself is the workflow's
// (core/agreement-signing/who-may-sign.ts); here it is read against the users table (at launch: is there
// anybody who could act for each party?) and turned into list filters (what waits for the caller).
import type { Prisma } from '../../prisma/generated/client';
import { type PartyActors, partiesActedForBy, type ResolvedParty, whoMayActFor } from '../../workflows/agreement-signing/contract';
import type { Principal } from '../auth/principal';
import { actorOf } from '../actor';
import type { ApiDependencies } from '../dependencies';
import type { FieldError } from '../errors';

export interface UnreachableParty {
  partyId: string;
  displayName: string;
  organizationId: string | null;
  userId: string | null;
  /** Who would have to exist (and be active) for the party to be reachable. */
  needs: string;
}

function needs(actors: PartyActors): string {
  return 'userId' in actors ? `active user ${actors.userId}` : `an active user of organisation ${actors.organizationId} with the ${actors.role} role`;
}

/**
 * The parties of a launch that no active user may act for: an organisation none of whose active users
 * holds the signing role, a user who is not active. (cc parties only receive copies: never unreachable.)
 */
export async function unreachableParties(
  deps: Pick<ApiDependencies, 'db'>,
  parties: readonly ResolvedParty[],
): Promise<(UnreachableParty & { index: number })[]> {
  const acting = parties.map((p, index) => ({ p, index, actors: whoMayActFor({ ...p, delegatedTo: null }) })).filter(({ p }) => p.role !== 'cc');
  const userIds = acting.flatMap(({ actors }) => ('userId' in actors && actors.userId ? [actors.userId] : []));
  const groups = acting.flatMap(({ actors }) =>
    'organizationId' in actors && actors.organizationId ? [{ organizationId: actors.organizationId, role: actors.role }] : [],
  );
  const or: Prisma.UserWhereInput[] = [
    ...(userIds.length ? [{ id: { in: userIds } }] : []),
    ...groups.map((g) => ({ organizationId: g.organizationId, roles: { has: g.role } })),
  ];
  const present = or.length ? await deps.db.user.findMany({ where: { active: true, OR: or }, select: { id: true, organizationId: true, roles: true } }) : [];
  const reachable = ({ actors }: (typeof acting)[number]) =>
    'userId' in actors
      ? present.some((u) => u.id === actors.userId)
      : present.some((u) => u.organizationId === actors.organizationId && (u.roles as string[]).includes(actors.role));
  return acting
    .filter((a) => !reachable(a))
    .map(({ p, index, actors }) => ({
      index,
      partyId: p.partyId,
      displayName: p.displayName,
      organizationId: p.organizationId,
      userId: p.userId,
      needs: needs(actors),
    }));
}

export function unreachableFieldErrors(parties: readonly (UnreachableParty & { index: number })[]): FieldError[] {
  return parties.map((p) => ({
    path: `/parties/${p.index}/${p.userId ? 'userId' : 'organizationId'}`,
    message: `nobody may act for party ${p.partyId}: it needs ${p.needs}`,
  }));
}

export const pendingForValues = ['me', 'myOrganization'] as const;
export type PendingFor = (typeof pendingForValues)[number];

/**
 * Agreements waiting for the caller: a pending party the caller may act for (me), or a pending party
 * of the caller's organisation, whoever in it acts (myOrganization; nothing for a caller without one).
 */
export function pendingForFilter(principal: Principal, pendingFor: PendingFor): Prisma.AgreementWhereInput {
  if (pendingFor === 'me') return { parties: { some: { state: 'pending', ...partiesActedForBy(actorOf(principal)) } } };
  if (principal.organizationId === null) return { id: { in: [] } };
  return { parties: { some: { state: 'pending', organizationId: principal.organizationId } } };
}
