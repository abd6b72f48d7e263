// A direct offer's launch activity (core/apprenticeship-placement/offer-claim.ts): the seat taken and the
// offer's row written in one transaction under the enterprise's capacity lock, the same lock the
// matching round and the other offers take, so two offers never both take the last seat.
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import { checkCapacity } from '../../core/apprenticeship-placement/rules';
import type { ApprenticeshipPlacementInput } from '../../core/apprenticeship-placement/input';
import type { OfferClaim, OfferClaimActivities } from '../../core/apprenticeship-placement/offer-claim';
import { lockEnterprises, offeredRow, seatsTaken } from './offers';

export function createOfferClaimActivities(db: Database): OfferClaimActivities {
  return {
    async claimOfferSeat(input: ApprenticeshipPlacementInput): Promise<OfferClaim> {
      const enterpriseId = input.enterprise.organizationId;
      const positionId = input.position.positionId;
      const applicationId = input.applicationId;
      // The workflow claims a seat only for an offer of an application.
      if (applicationId === null) throw ApplicationFailure.nonRetryable('a direct offer without an application has no seat to claim', 'InvalidOffer');
      return db.$transaction(async (tx) => {
        await lockEnterprises(tx, [enterpriseId]);
        // Written by an earlier attempt of this activity (committed, its answer lost): the seat is this offer's.
        if (await tx.placement.findUnique({ where: { id: input.placementId }, select: { id: true } })) return { claimed: true };
        const application = await tx.placementApplication.findUniqueOrThrow({ where: { id: applicationId }, select: { status: true } });
        if (application.status !== 'open') return { claimed: false, refusal: { kind: 'application_closed', applicationStatus: application.status } };
        // The position as it stands now (its capacity and staff may have changed since the request read it).
        const position = await tx.placementPosition.findUniqueOrThrow({
          where: { id: positionId },
          select: { capacity: true, positionStaff: true, enterpriseStaff: true },
        });
        const seats = await seatsTaken(tx, [positionId], [enterpriseId]);
        const taken = seats.position.get(positionId) ?? 0;
        const violations = checkCapacity(
          {
            positionStaff: position.positionStaff,
            enterpriseStaff: position.enterpriseStaff,
            positionInterns: taken,
            enterpriseInterns: seats.enterprise.get(enterpriseId) ?? 0,
          },
          input.rules,
        );
        if (violations.length > 0) return { claimed: false, refusal: { kind: 'no_room', violations } };
        if (taken >= position.capacity) return { claimed: false, refusal: { kind: 'position_full', capacity: position.capacity } };
        await tx.placement.createMany({ data: [offeredRow(input, null)], skipDuplicates: true });
        await tx.placementApplication.update({ where: { id: applicationId }, data: { status: 'offered' } });
        return { claimed: true };
      });
    },
  };
}
