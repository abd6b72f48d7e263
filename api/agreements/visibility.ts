// Who sees an agreement: its parties' organisations (and a user party itself, or its delegate) and the
// alliance's secretariat; anyone else gets 404, as for an agreement that does not exist. Who may take a
// step is the workflow's decision (its update validators), not this file's.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Prisma } from '../../prisma/generated/client';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { OrganizationIdsKey } from '../../core/search-attributes';
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
  return agreement.parties.some(
    (p) => (org !== null && p.organizationId === org) || p.userId === principal.userId || p.delegatedToUserId === principal.userId,
  );
}

export async function agreementRecord(deps: Pick<ApiDependencies, 'db'>, id: string) {
  return deps.db.agreement.findUnique({ where: { id }, include: { parties: { orderBy: [{ routingGroup: 'asc' }, { partyId: 'asc' }] } } });
}

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof agreementRecord>>>;

/**
 * Who sees an agreement whose row is not written yet (the moments after its launch), from what the
 * launch put on the workflow execution: the OrganizationIds search attribute (the secretariat's and the
 * parties' organisations) and the memo's party user ids. Describing an execution is answered by the
 * server alone, without waiting for a worker as a query would.
 */
async function launchedVisibility(deps: ApiDependencies, id: string): Promise<{ organizationIds: string[]; userIds: string[] } | null> {
  try {
    const description = await deps.temporal.workflow.getHandle(agreementWorkflowId(id)).describe();
    const memo = description.memo as { partyUserIds?: string[] } | undefined;
    return { organizationIds: description.typedSearchAttributes.get(OrganizationIdsKey) ?? [], userIds: memo?.partyUserIds ?? [] };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

/** The agreement if the caller may see it; 404 otherwise. The row decides, else the launched execution. */
export async function visibleAgreement(deps: ApiDependencies, principal: Principal, id: string): Promise<{ record: AgreementRow | null }> {
  const record = await agreementRecord(deps, id);
  if (record) {
    if (!canSee(principal, record)) throw new NotFoundProblem(`Agreement ${id}`);
    return { record };
  }
  const launched = await launchedVisibility(deps, id);
  const visible =
    launched !== null &&
    (principal.roles.has('admin') ||
      (principal.organizationId !== null && launched.organizationIds.includes(principal.organizationId)) ||
      launched.userIds.includes(principal.userId));
  if (!visible) throw new NotFoundProblem(`Agreement ${id}`);
  return { record: null };
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
