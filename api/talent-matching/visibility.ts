// Who sees what of talent matching. The talent base (the secretariat staff of the alliance's secretariat
// organisation) sees its alliance's demands, rounds and offers with the holders' ids; an enterprise's
// staff see their own demands and the offers made for them, with only what each holder consented to
// share; a holder sees their own consent events and offers. Anyone else gets 404. Who may answer an
// offer is the workflow's decision (workflows/talent-matching/state.ts), not this file's.
import type { Prisma } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';

/** The roles that act for an enterprise (its signatories and mentors), as for service needs. */
export const enterpriseStaffRoles = ['signatory', 'mentor'] as const;

export const isEnterpriseStaff = (principal: Principal) => enterpriseStaffRoles.some((r) => principal.roles.has(r));

/** The alliances whose talent base the caller acts for: those its organisation runs, as secretariat staff. */
export async function baseAlliances(deps: ApiDependencies, principal: Principal): Promise<string[]> {
  if (principal.organizationId === null || !principal.roles.has('secretariat')) return [];
  const rows = await deps.db.alliance.findMany({ where: { secretariatOrganizationId: principal.organizationId }, select: { id: true } });
  return rows.map((r) => r.id);
}

export async function actsForBase(deps: ApiDependencies, principal: Principal, allianceId: string): Promise<boolean> {
  return principal.roles.has('admin') || (await baseAlliances(deps, principal)).includes(allianceId);
}

export async function demandVisibilityFilter(deps: ApiDependencies, principal: Principal): Promise<Prisma.TalentDemandWhereInput> {
  if (principal.roles.has('admin')) return {};
  const own: Prisma.TalentDemandWhereInput[] = [];
  if (principal.organizationId !== null && isEnterpriseStaff(principal)) own.push({ organizationId: principal.organizationId });
  const alliances = await baseAlliances(deps, principal);
  if (alliances.length > 0) own.push({ allianceId: { in: alliances } });
  return own.length > 0 ? { OR: own } : { id: { in: [] } };
}

/** How the caller sees an offer: as the talent base, as the holder, as the demand's enterprise; else not at all. */
export type OfferReader = 'base' | 'holder' | 'enterprise';

export async function offerVisibilityFilter(deps: ApiDependencies, principal: Principal): Promise<Prisma.TalentOfferWhereInput> {
  if (principal.roles.has('admin')) return {};
  const own: Prisma.TalentOfferWhereInput[] = [{ holderUserId: principal.userId }];
  if (principal.organizationId !== null && isEnterpriseStaff(principal)) own.push({ organizationId: principal.organizationId });
  const alliances = await baseAlliances(deps, principal);
  if (alliances.length > 0) {
    const rounds = await deps.db.talentRound.findMany({ where: { allianceId: { in: alliances } }, select: { id: true } });
    own.push({ roundId: { in: rounds.map((r) => r.id) } });
  }
  return { OR: own };
}

export function readerOf(principal: Principal, offer: { holderUserId: string; organizationId: string }, base: boolean): OfferReader | null {
  if (base) return 'base';
  if (offer.holderUserId === principal.userId) return 'holder';
  if (principal.organizationId === offer.organizationId && isEnterpriseStaff(principal)) return 'enterprise';
  return null;
}

/** A round the caller may see: the base's, or one with an offer to them or for their enterprise. */
export async function visibleRound(deps: ApiDependencies, principal: Principal, id: string) {
  const row = await deps.db.talentRound.findUnique({ where: { id } });
  if (row) {
    const base = await actsForBase(deps, principal, row.allianceId);
    if (base) return { row, base };
    const mine = await deps.db.talentOffer.count({ where: { roundId: id, AND: [await offerVisibilityFilter(deps, principal)] } });
    if (mine > 0) return { row, base };
  }
  throw new NotFoundProblem(`Talent round ${id}`);
}
