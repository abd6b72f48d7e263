// Who may read a certification application (else 404, as for one that does not exist), and who may
// object to one. Who may take a step is the workflow's decision (its update validators), not this file's.
import type { CertificationApplication } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import type { OrganizationScope } from '../routing';

/**
 * Who may read an application: the candidate and the applicant, the programme's secretariat, the exam
 * system, reviewers who hold, held or may claim one of its tasks, and admins. Others get 404.
 */
export async function assertMayRead(
  deps: ApiDependencies,
  principal: Principal,
  row: Pick<CertificationApplication, 'id' | 'candidateUserId' | 'appliedBy' | 'secretariatOrganizationId'>,
): Promise<void> {
  const me = principal.userId;
  if (principal.roles.has('admin') || principal.roles.has('exam_system') || row.candidateUserId === me || row.appliedBy === me) return;
  if (principal.roles.has('secretariat') && principal.organizationId === row.secretariatOrganizationId) return;
  if (principal.roles.has('reviewer')) {
    const task = await deps.db.reviewTask.findFirst({
      where: { applicationId: row.id, OR: [{ assigneeUserId: me }, { decidedBy: me }, { candidateUserIds: { has: me } }] },
      select: { id: true },
    });
    if (task) return;
  }
  throw new NotFoundProblem('Certification application');
}

export async function readableApplication(deps: ApiDependencies, principal: Principal, id: string): Promise<CertificationApplication> {
  const row = await deps.db.certificationApplication.findUnique({ where: { id } });
  if (!row) throw new NotFoundProblem('Certification application');
  await assertMayRead(deps, principal, row);
  return row;
}

/**
 * An objection may come from anyone while the application is on public notice (that is what the notice
 * is for); at any other time only from who may read it, so a stranger learns nothing of its state (404).
 */
export async function objectableApplication(deps: ApiDependencies, principal: Principal, id: string): Promise<void> {
  const row = await deps.db.certificationApplication.findUnique({ where: { id } });
  if (!row) throw new NotFoundProblem('Certification application');
  if (row.status === 'public_notice') return;
  await assertMayRead(deps, principal, row);
}

/** The secretariat of the programme a target belongs to (`secretariatOf`: null when there is no such target). */
export function programmeSecretariatScope<P>(
  resource: string,
  secretariatOf: (params: P, deps: ApiDependencies) => Promise<{ secretariatOrganizationId: string } | null>,
): OrganizationScope<P> {
  return {
    resource,
    describe: "the programme secretariat's organisation",
    organizationOf: async ({ params, deps }) => (await secretariatOf(params, deps))?.secretariatOrganizationId ?? null,
  };
}
