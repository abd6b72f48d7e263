// The facts the ranking module (core/commissioner-service/ranking.ts) decides on, read from the
// database: the active commissioners of institutions that are accepted members of the need's alliance,
// and each one's engagements holding a place now.
import type { Prisma, ServiceNeed } from '../../prisma/generated/client';
import { engagementHoldingStatuses } from '../../core/commissioner-service/input';
import type { CommissionerForRanking } from '../../core/commissioner-service/ranking';
import type { Database } from '../../platform/database';
import { acceptedMember } from '../parties/alliance-membership';

type Db = Database | Prisma.TransactionClient;

/** Engagements holding a place, per commissioner. */
export async function engagementsOf(db: Db, commissionerIds: readonly string[]): Promise<Map<string, number>> {
  if (commissionerIds.length === 0) return new Map();
  const counts = await db.commissionerService.groupBy({
    by: ['commissionerId'],
    where: { commissionerId: { in: [...commissionerIds] }, status: { in: [...engagementHoldingStatuses] } },
    _count: { _all: true },
  });
  return new Map(counts.map((c) => [c.commissionerId, c._count._all]));
}

export interface CandidatePool {
  facts: CommissionerForRanking[];
  /** For the answer: names and registrations by commissioner id. */
  details: Map<string, { name: string; institutionName: string; domains: string[]; capacity: number }>;
}

/** The commissioners that may serve the need's alliance (their institution is an accepted member), with their engagements. */
export async function candidatePool(db: Db, need: Pick<ServiceNeed, 'allianceId'>, onlyInstitution?: string): Promise<CandidatePool> {
  const members = await db.allianceMember.findMany({ where: { allianceId: need.allianceId, ...acceptedMember }, select: { organizationId: true } });
  const institutions = members.map((m) => m.organizationId).filter((id) => onlyInstitution === undefined || id === onlyInstitution);
  const registered = await db.commissioner.findMany({ where: { institutionOrganizationId: { in: institutions }, active: true }, orderBy: { id: 'asc' } });
  const [engagements, users, organizations] = await Promise.all([
    engagementsOf(
      db,
      registered.map((c) => c.id),
    ),
    db.user.findMany({ where: { id: { in: registered.map((c) => c.userId) } }, select: { id: true, name: true, active: true } }),
    db.organization.findMany({ where: { id: { in: institutions } }, select: { id: true, name: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const orgName = new Map(organizations.map((o) => [o.id, o.name]));
  const active = registered.filter((c) => userById.get(c.userId)?.active);
  return {
    facts: active.map((c) => ({
      commissionerId: c.id,
      userId: c.userId,
      institutionOrganizationId: c.institutionOrganizationId,
      domains: c.domains,
      capacity: c.capacity,
      engagements: engagements.get(c.id) ?? 0,
    })),
    details: new Map(
      active.map((c) => [
        c.id,
        { name: userById.get(c.userId)!.name, institutionName: orgName.get(c.institutionOrganizationId) ?? '', domains: c.domains, capacity: c.capacity },
      ]),
    ),
  };
}
