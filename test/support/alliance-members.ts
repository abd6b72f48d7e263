// Test fixtures that make organisations members of an alliance. Membership is an invitation the
// organisation accepts (api/parties/alliance-membership.ts); fixtures go through the same functions.
import type { Database } from '../../platform/database';

export async function admitMembers(db: Database, allianceId: string, organizationIds: readonly string[]): Promise<void> {
  await db.allianceMember.createMany({ data: organizationIds.map((organizationId) => ({ allianceId, organizationId })), skipDuplicates: true });
}
