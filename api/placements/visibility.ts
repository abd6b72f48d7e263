// Who sees a placement: the staff of its school and of its enterprise, and its student, mentors and
// (while the school's link to the student stands) guardian; anyone else gets 404. Who may take a step
// is the workflow's decision, not this file's.
import type { Prisma } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { studentsInCareOf } from '../parties/guardians';
import { liveStatus } from '../step-gateway';
import { placementProcess } from './process';

/** Staff of the school or the enterprise see its placements; students, guardians and mentors their own. */
const staffRoles = ['school_coordinator', 'mentor', 'signatory'] as const;

interface Visibility {
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  studentUserId: string;
  guardianUserId: string | null;
  schoolMentorUserId: string;
  enterpriseMentorUserId: string;
}

/**
 * `inCareOf`: the students whose confirmed guardian the caller is. A guardian named on a placement reads
 * it only while the school's link to the student stands (a removed link ends it).
 */
export function canSeePlacement(principal: Principal, p: Visibility, inCareOf: readonly string[] = []): boolean {
  if (principal.roles.has('admin')) return true;
  const me = principal.userId;
  if ([p.studentUserId, p.schoolMentorUserId, p.enterpriseMentorUserId].includes(me)) return true;
  if (p.guardianUserId === me && inCareOf.includes(p.studentUserId)) return true;
  const org = principal.organizationId;
  const staff = staffRoles.some((r) => principal.roles.has(r));
  return staff && org !== null && (org === p.schoolOrganizationId || org === p.enterpriseOrganizationId);
}

export function placementVisibilityFilter(principal: Principal, inCareOf: readonly string[] = []): Prisma.PlacementWhereInput {
  if (principal.roles.has('admin')) return {};
  const me = principal.userId;
  const own: Prisma.PlacementWhereInput[] = [{ studentUserId: me }, { schoolMentorUserId: me }, { enterpriseMentorUserId: me }];
  if (inCareOf.length > 0) own.push({ guardianUserId: me, studentUserId: { in: [...inCareOf] } });
  const org = principal.organizationId;
  if (org !== null && staffRoles.some((r) => principal.roles.has(r))) {
    own.push({ schoolOrganizationId: org }, { enterpriseOrganizationId: org });
  }
  return { OR: own };
}

export async function visiblePlacement(deps: ApiDependencies, principal: Principal, id: string) {
  const row = await deps.db.placement.findUnique({ where: { id } });
  if (row) {
    const inCareOf = row.guardianUserId === principal.userId ? await studentsInCareOf(deps.db, principal.userId) : [];
    if (!canSeePlacement(principal, row, inCareOf)) throw new NotFoundProblem(`Placement ${id}`);
    return { row, live: undefined };
  }
  // Right after a start, before the workflow's first record: the live status decides.
  const live = await liveStatus(deps, placementProcess, id);
  const inCareOf = live?.guardianUserId === principal.userId ? await studentsInCareOf(deps.db, principal.userId) : [];
  if (!live || !canSeePlacement(principal, { ...live }, inCareOf)) throw new NotFoundProblem(`Placement ${id}`);
  return { row: null, live };
}
