// Who sees what of training cohorts. A cohort's offering is public to every signed-in user (people find
// cohorts to enrol in); its enrolments (names, hours, scores) only to the base's staff and admins, and
// each person's own enrolment to that person and to the staff of their employer or school. A person's
// hours ledger: the person, the staff of their organisation, the staff of a base they enrolled with, admins.
import type { TrainingCohort } from '../../prisma/generated/client';
import type { CohortView, EnrolmentView } from '../../core/training-cohort/messages';
import { actorOf } from '../actor';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { liveStatus } from '../step-gateway';
import { isBaseStaff, mayActForPerson } from '../../workflows/training-cohort/state';
import { trainingCohortProcess } from './process';

const ORGANISATION_STAFF = ['secretariat', 'school_coordinator', 'signatory', 'mentor'] as const;

export function seesAllEnrolments(principal: Principal, baseOrganizationId: string): boolean {
  return isBaseStaff({ baseOrganizationId }, actorOf(principal));
}

/** The enrolments of the view the caller may see. */
export function visibleEnrolments(principal: Principal, view: CohortView): EnrolmentView[] {
  if (seesAllEnrolments(principal, view.offering.baseOrganizationId)) return view.enrolments;
  return view.enrolments.filter((e) => mayActForPerson(view.offering, actorOf(principal), e));
}

/** The cohort's record, or null right after its start (its live status then proves it exists); 404 otherwise. */
export async function visibleCohort(deps: ApiDependencies, id: string): Promise<{ row: TrainingCohort | null; live: CohortView | null }> {
  const row = await deps.db.trainingCohort.findUnique({ where: { id } });
  if (row) return { row, live: null };
  const live = await liveStatus(deps, trainingCohortProcess, id);
  if (!live) throw new NotFoundProblem(`Training cohort ${id}`);
  return { row: null, live };
}

/** May the caller read this person's hours ledger? Else 404, as for an unknown person. */
export async function mayReadLedger(deps: ApiDependencies, principal: Principal, userId: string): Promise<boolean> {
  if (principal.roles.has('admin') || principal.userId === userId) return true;
  const org = principal.organizationId;
  if (org === null || !ORGANISATION_STAFF.some((r) => principal.roles.has(r))) return false;
  const person = await deps.db.user.findUnique({ where: { id: userId }, select: { organizationId: true } });
  if (!person) return false;
  if (person.organizationId === org) return true;
  const enrolledWithBase = await deps.db.trainingEnrolment.findFirst({ where: { userId, cohort: { baseOrganizationId: org } }, select: { userId: true } });
  return enrolledWithBase !== null;
}
