// A direct offer's seat: the ApprenticeshipPlacement workflow's launch activity takes it (under the
// enterprise's capacity lock: the application still open, the position not full, the staff shares
// respected) and writes the offer's row in the same transaction, so the workflow is the one writer of
// its row. A refusal travels back to the API as the launch's failure (type OFFER_REFUSED, the refusal
// as its detail), which answers it as the route did when it checked the seat itself. Workflow-safe: types.
import type { ApprenticeshipPlacementInput } from './input';
import type { RuleViolation } from './rule-facts';

/** The failure type of a refused offer: the `launchRecorded` Update's and the workflow run's. */
export const OFFER_REFUSED = 'OfferRefused';

export type OfferRefusal =
  /** The application has an offer already, or was closed (409). */
  | { kind: 'application_closed'; applicationStatus: string }
  /** The position's or the enterprise's staff share leaves no room for another intern (422). */
  | { kind: 'no_room'; violations: RuleViolation[] }
  /** The position's places are taken (409). */
  | { kind: 'position_full'; capacity: number };

export type OfferClaim = { claimed: true } | { claimed: false; refusal: OfferRefusal };

export interface OfferClaimActivities {
  /**
   * Takes the offer's seat and writes its row (status offered, revision 0) with the application marked
   * offered, in one transaction under the enterprise's lock; or answers why not, writing nothing. A row
   * already there for this placement (a retried activity) is a seat taken.
   */
  claimOfferSeat(input: ApprenticeshipPlacementInput): Promise<OfferClaim>;
}

/** The refusal's words, as the API answers them (in English, as the route always did). */
export function offerRefusalDetail(refusal: OfferRefusal): string {
  switch (refusal.kind) {
    case 'application_closed':
      return `The application is ${refusal.applicationStatus}: it has an offer already or was closed.`;
    case 'no_room':
      return 'The position or the enterprise has no room for another intern.';
    case 'position_full':
      return `The position is full (${refusal.capacity} places).`;
  }
}
