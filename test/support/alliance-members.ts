// Test fixtures that make organisations members of an alliance the way the API does: the secretariat
// invites them and each accepts (api/parties/alliance-membership.ts), so only accepted members count.
import { answerInvitation, inviteMembers } from '../../api/parties/alliance-membership';
import type { Database } from '../../platform/database';

export async function admitMembers(db: Database, allianceId: string, organizationIds: readonly string[]): Promise<void> {
  const ids = [...new Set(organizationIds)];
  if (ids.length === 0) return;
  await inviteMembers(db, allianceId, ids, 'test-fixture');
  for (const organizationId of ids) await answerInvitation(db, allianceId, organizationId, 'accepted', 'test-fixture');
}

/** The organisations an agreement launch body names (organisation parties, and user parties' organisations). */
export async function partyOrganizations(db: Database, parties: readonly { organizationId?: string; userId?: string }[]): Promise<string[]> {
  const userIds = parties.flatMap((p) => (p.userId ? [p.userId] : []));
  const users = userIds.length > 0 ? await db.user.findMany({ where: { id: { in: userIds } }, select: { organizationId: true } }) : [];
  return [
    ...new Set([
      ...parties.flatMap((p) => (p.organizationId ? [p.organizationId] : [])),
      ...users.flatMap((u) => (u.organizationId ? [u.organizationId] : [])),
    ]),
  ];
}

/** Admits every organisation a launch body names into its alliance, as the parties' consent would. */
export async function admitParties(
  db: Database,
  body: { allianceId: string; parties: readonly { organizationId?: string; userId?: string }[] },
): Promise<void> {
  await admitMembers(db, body.allianceId, await partyOrganizations(db, body.parties));
}
