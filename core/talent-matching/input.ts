// What a TalentMatching workflow (one matching round of a talent base) is started with: its statuses,
// its policy, the certificate levels it filters by and the fields a holder may share. Zod-free and
// workflow-safe: the request schemas are api/talent-matching/schemas.ts.
import { addIsoDuration } from '../iso-duration';

export const TALENT_MATCHING_WORKFLOW = 'talentMatching';

/** Business ids as workflow ids: a retried start can never make a second round. */
export function talentRoundWorkflowId(roundId: string): string {
  return `talent-round-${roundId}`;
}

/** The levels of an AllianceFlow certificate (the certification programmes' levels), lowest first. */
export const certificateLevels = ['junior', 'intermediate', 'senior'] as const;
export type CertificateLevel = (typeof certificateLevels)[number];

/** A level's rank: a holder qualifies for a demand when their certificate's rank is at least the demand's. */
export function levelRank(level: CertificateLevel): number {
  return certificateLevels.indexOf(level);
}

/** States of a round. Every transition is in workflows/talent-matching/state.ts `transitions`. */
export const talentRoundStatuses = [
  /** The round's activity reads the demands and the consenting holders, matches and writes the offers. */
  'matching',
  /** Offers are out: each holder accepts or declines before the offer deadline. */
  'offering',
  /** Every offer answered or expired: the outcome report is recorded. */
  'closed',
] as const;
export type TalentRoundStatus = (typeof talentRoundStatuses)[number];

export const talentOfferStatuses = ['offered', 'accepted', 'declined', 'expired'] as const;
export type TalentOfferStatus = (typeof talentOfferStatuses)[number];

/**
 * What a holder may let enterprises see of them. Matching itself uses only the certificate's domain and
 * level (an offer names those); everything else reaches an enterprise only when consented to.
 */
export const talentShareFields = ['name', 'email', 'organization', 'certificate_number', 'locations'] as const;
export type TalentShareField = (typeof talentShareFields)[number];

/** Every duration is ISO 8601 (P7D in production, seconds in tests). */
export interface TalentMatchingPolicy {
  /** A holder accepts or declines an offer within this long after the round made it. */
  offerDeadline: string;
}

export const talentMatchingPolicyDefaults: TalentMatchingPolicy = { offerDeadline: 'P7D' };

export interface TalentMatchingInput {
  roundId: string;
  allianceId: string;
  /** The talent base that runs the round: the alliance's secretariat organisation. */
  baseOrganizationId: string;
  /** The lottery's seed (ties among equally certified holders); stored with the round. */
  seed: string;
  /** Certificates must be valid and demands open at this instant (the round's request time). */
  asOf: string;
  startedBy: string;
  policy: TalentMatchingPolicy;
}

/** The offers' deadline: the policy's duration after the round was asked for (written on every offer). */
export function offerDeadlineAt(input: Pick<TalentMatchingInput, 'asOf' | 'policy'>): string {
  return addIsoDuration(new Date(input.asOf), input.policy.offerDeadline).toISOString();
}
