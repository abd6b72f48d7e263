// What the MatchingRound workflow asks of storage. Workflow-safe: types only.
import type { ApprenticeshipPlacementInput } from '../../core/apprenticeship-placement/input';
import type { MatchingRoundAnswer, MatchingRoundInput } from '../../workflows/matching-round/contract';

export interface RoundOffersPage {
  offers: ApprenticeshipPlacementInput[];
  /** The cursor of the next page; null after the last. */
  next: string | null;
}

export interface MatchingRoundActivities {
  /**
   * Computes the round over the cohort's open applications and the positions they name and writes it in
   * one transaction: the round (seed and exact inputs), an offered placement row per match, the matched
   * applications marked offered. A round already recorded is answered from its row (a retry).
   */
  recordMatchingRound(input: MatchingRoundInput): Promise<MatchingRoundAnswer>;
  /** The workflow inputs of a recorded round's offers, `limit` at a time in placement id order, after `after`. */
  matchingRoundOffers(page: { roundId: string; after: string | null; limit: number }): Promise<RoundOffersPage>;
}
