// The guardian party of a tripartite placement agreement acts only while the student's school link to
// that guardian stands confirmed. The workflow admits only the guardian's own user for the party (and a
// student is never named guardian: api/placements/application-routes.ts); this adds what only the database knows,
// that the school has not removed the link since the offer.
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ProblemError } from '../errors';
import { TRIPARTITE_PARTIES } from '../../workflows/apprenticeship-placement/agreement';

export async function assertGuardianPartyLinked(deps: ApiDependencies, agreementId: string, partyId: string | null, principal: Principal): Promise<void> {
  if (partyId !== TRIPARTITE_PARTIES.guardian) return;
  const placement = await deps.db.placement.findFirst({ where: { agreementId }, select: { studentUserId: true, guardianUserId: true } });
  if (!placement || placement.guardianUserId !== principal.userId) return; // not a placement's, or not the guardian: the workflow answers
  const link = await deps.db.guardianLink.findFirst({
    where: { studentUserId: placement.studentUserId, guardianUserId: principal.userId, status: 'confirmed' },
    select: { id: true },
  });
  if (!link) {
    throw new ProblemError(
      403,
      'not-authorized',
      'Not authorised for this step',
      "only the student's guardian, linked by the school and confirmed, acts for the guardian party",
      {
        refusal: 'NotAuthorized',
      },
    );
  }
}
