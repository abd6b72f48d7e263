// What the TalentMatching workflow asks its activities to write. Workflow-safe: types only.
import type { TalentOfferStatus } from './input';
import type { TalentRoundReport } from './messages';

/** A holder's answer to an offer: the offer's row, and the demand's filled seats when accepted. */
export interface TalentOfferAnswer {
  roundId: string;
  offerId: string;
  status: Extract<TalentOfferStatus, 'accepted' | 'declined'>;
  answeredAt: string;
  answeredBy: string;
}

/** The round is over: offers still open expire, the report is stored, full demands are marked filled. */
export interface TalentRoundClose {
  roundId: string;
  expiredOfferIds: string[];
  report: TalentRoundReport;
}
