// Who sees an agreement: its parties' organisations (and a user party itself, or its delegate) and the
// alliance's secretariat; anyone else gets 404, as for an agreement that does not exist. Who may take a
// step is the workflow's decision (its update validators), not this file's.
import { Prisma } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';

interface Visibility {
  secretariatOrganizationId: string | null;
  parties: { organizationId: string | null; userId: string | null; delegatedToUserId?: string | null }[];
}

function canSee(principal: Principal, agreement: Visibility): boolean {
  if (principal.roles.has('admin')) return true;
  const org = principal.organizationId;
  if (org !== null && agreement.secretariatOrganizationId === org) return true;
  return agreement.parties.some((p) => (org !== null && p.organizationId === org) || p.userId === principal.userId || p.delegatedToUserId === principal.userId);
}

export async function agreementRecord(deps: Pick<ApiDependencies, 'db'>, id: string) {
  return deps.db.agreement.findUnique({ where: { id }, include: { parties: { orderBy: [{ routingGroup: 'asc' }, { partyId: 'asc' }] } } });
}

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof agreementRecord>>>;

/**
 * The agreement if the caller may see it; 404 otherwise. Its row is there from the moment its launch is
 * answered (the launch waits for the workflow to record it: api/workflow-start.ts).
 */
export async function visibleAgreement(deps: Pick<ApiDependencies, 'db'>, principal: Principal, id: string): Promise<{ record: AgreementRow }> {
  const record = await agreementRecord(deps, id);
  if (!record || !canSee(principal, record)) throw new NotFoundProblem(`Agreement ${id}`);
  return { record };
}

/**
 * The 404 unless the caller may see the agreement, from one statement over the columns the rule reads:
 * for a step that needs no record (sign, approve, decline: the workflow decides), where the full record
 * (two statements through Prisma's query planner, 12 % of the API's thread in a profiled B2 run) is more
 * than the rule reads (BENCHMARKS.md, Round 2, eighth pass).
 */
export async function assertAgreementVisible(deps: Pick<ApiDependencies, 'db'>, principal: Principal, id: string): Promise<void> {
  // One row per party (a party names an organisation or a user), or one row of nulls for none.
  const rows = await deps.db.$queryRaw<(Visibility['parties'][number] & { secretariatOrganizationId: string | null })[]>(Prisma.sql`
    SELECT a.secretariat_organization_id AS "secretariatOrganizationId", p.organization_id AS "organizationId",
           p.user_id AS "userId", p.delegated_to_user_id AS "delegatedToUserId"
    FROM agreements a LEFT JOIN agreement_parties p ON p.agreement_id = a.id
    WHERE a.id = ${id}`);
  const [first] = rows;
  if (!first || !canSee(principal, { secretariatOrganizationId: first.secretariatOrganizationId, parties: rows })) throw new NotFoundProblem(`Agreement ${id}`);
}

/**
 * The ways a caller may see agreements, one list filter each: everything (admin); as the secretariat
 * of the alliance; as a party organisation; as a party in person. Listed as separate queries and
 * merged (mergeBranches), so each uses its own index.
 */
export function visibilityBranches(principal: Principal): Prisma.AgreementWhereInput[] {
  if (principal.roles.has('admin')) return [{}];
  const org = principal.organizationId;
  return [
    ...(org === null ? [] : [{ secretariatOrganizationId: org }, { parties: { some: { organizationId: org } } }]),
    { parties: { some: { userId: principal.userId } } },
  ];
}
