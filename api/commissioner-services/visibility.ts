// Who sees what of the commissioner programme. A service: the enterprise's staff, the home institution's
// staff and the commissioner. A need: its organisation's staff, and the staff of institutions that are
// accepted members of the need's alliance (they may nominate). Anyone else gets 404. Who may take a step
// is the workflow's decision (workflows/commissioner-service/who-may-act.ts), not this file's.
import type { Prisma, ServiceNeed } from '../../prisma/generated/client';
import { enterpriseStaffRoles, institutionStaffRoles } from '../../workflows/commissioner-service/who-may-act';
import type { Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { acceptedMember } from '../parties/alliance-membership';
import { liveStatus } from '../step-gateway';
import { commissionerServiceProcess } from './process';

const holdsOne = (principal: Principal, roles: readonly Role[]) => roles.some((r) => principal.roles.has(r));

export const isEnterpriseStaff = (principal: Principal) => holdsOne(principal, enterpriseStaffRoles);
export const isInstitutionStaff = (principal: Principal) => holdsOne(principal, institutionStaffRoles);

interface ServiceParties {
  enterpriseOrganizationId: string;
  institutionOrganizationId: string;
  commissionerUserId: string;
}

export function canSeeService(principal: Principal, s: ServiceParties): boolean {
  if (principal.roles.has('admin') || principal.userId === s.commissionerUserId) return true;
  const org = principal.organizationId;
  if (org === null) return false;
  return (org === s.enterpriseOrganizationId && isEnterpriseStaff(principal)) || (org === s.institutionOrganizationId && isInstitutionStaff(principal));
}

export function serviceVisibilityFilter(principal: Principal): Prisma.CommissionerServiceWhereInput {
  if (principal.roles.has('admin')) return {};
  const own: Prisma.CommissionerServiceWhereInput[] = [{ commissionerUserId: principal.userId }];
  const org = principal.organizationId;
  if (org !== null && isEnterpriseStaff(principal)) own.push({ enterpriseOrganizationId: org });
  if (org !== null && isInstitutionStaff(principal)) own.push({ institutionOrganizationId: org });
  return { OR: own };
}

export async function visibleService(deps: ApiDependencies, principal: Principal, id: string) {
  const row = await deps.db.commissionerService.findUnique({ where: { id } });
  if (row) {
    if (!canSeeService(principal, row)) throw new NotFoundProblem(`Commissioner service ${id}`);
    return { row, live: undefined };
  }
  const live = await liveStatus(deps, commissionerServiceProcess, id);
  if (!live || !canSeeService(principal, live)) throw new NotFoundProblem(`Commissioner service ${id}`);
  return { row: null, live };
}

/** The alliances in which the caller's institution may nominate: those it is an accepted member of. */
async function memberAlliances(deps: ApiDependencies, organizationId: string): Promise<string[]> {
  const rows = await deps.db.allianceMember.findMany({ where: { organizationId, ...acceptedMember }, select: { allianceId: true } });
  return rows.map((r) => r.allianceId);
}

export async function needVisibilityFilter(deps: ApiDependencies, principal: Principal): Promise<Prisma.ServiceNeedWhereInput> {
  if (principal.roles.has('admin')) return {};
  const org = principal.organizationId;
  if (org === null) return { id: { in: [] } };
  const own: Prisma.ServiceNeedWhereInput[] = [];
  if (isEnterpriseStaff(principal)) own.push({ organizationId: org });
  if (isInstitutionStaff(principal)) own.push({ allianceId: { in: await memberAlliances(deps, org) } });
  return own.length > 0 ? { OR: own } : { id: { in: [] } };
}

/** How the caller sees a need: as its organisation, as a member institution that may nominate, or not at all (404). */
export async function visibleNeed(
  deps: ApiDependencies,
  principal: Principal,
  id: string,
): Promise<{ need: ServiceNeed; as: 'owner' | 'institution' | 'admin' }> {
  const need = await deps.db.serviceNeed.findUnique({ where: { id } });
  if (need) {
    if (principal.roles.has('admin')) return { need, as: 'admin' };
    const org = principal.organizationId;
    if (org === need.organizationId && isEnterpriseStaff(principal)) return { need, as: 'owner' };
    if (org !== null && isInstitutionStaff(principal) && (await memberAlliances(deps, org)).includes(need.allianceId)) return { need, as: 'institution' };
  }
  throw new NotFoundProblem(`Service need ${id}`);
}
