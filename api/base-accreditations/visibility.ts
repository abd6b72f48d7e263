// Who sees what of base accreditations. That an organisation is (or was) a base, its status and its
// years' outcomes are public to every signed-in user (the programme publishes its bases, and anyone may
// object during the notice); the application's details, the review tasks, the reports and the audit
// trail are for the base's staff, the authority's staff, the reviewers of its tasks and admins.
import type { BaseAccreditation } from '../../prisma/generated/client';
import type { AccreditationView } from '../../core/base-accreditation/messages';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { liveStatus } from '../step-gateway';
import { baseAccreditationProcess } from './process';

const STAFF = ['secretariat', 'school_coordinator', 'signatory', 'mentor'] as const;

/** The record, or the live status right after the start (before the record); 404 for an unknown id. */
export async function visibleAccreditation(deps: ApiDependencies, id: string): Promise<{ row: BaseAccreditation | null; live: AccreditationView | null }> {
  const row = await deps.db.baseAccreditation.findUnique({ where: { id } });
  if (row) return { row, live: null };
  const live = await liveStatus(deps, baseAccreditationProcess, id);
  if (!live) throw new NotFoundProblem(`Base accreditation ${id}`);
  return { row: null, live };
}

/** May the caller see the whole accreditation (details, tasks, reports, trail)? */
export function seesDetails(
  principal: Principal,
  parties: { organizationId: string; authorityOrganizationId: string },
  view: AccreditationView | null,
): boolean {
  if (principal.roles.has('admin')) return true;
  const org = principal.organizationId;
  if (org !== null && (org === parties.organizationId || org === parties.authorityOrganizationId) && STAFF.some((r) => principal.roles.has(r))) return true;
  if (!principal.roles.has('reviewer') || !view) return false;
  return view.tasks.some((t) => t.pool.includes(principal.userId) || t.assigneeUserId === principal.userId || t.decision?.by === principal.userId);
}
