// The TalentMatching messages: the holders' answers to their offers (Workflow Updates, so the caller
// gets the result or a precise refusal at once), the refusals, the round's live status (a Query, and
// the answer of launchRecorded) and its outcome report. Zod-free and workflow-safe: the API, the
// workflow and the tests share it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../actor';
import type { CertificateLevel, TalentMatchingPolicy, TalentOfferStatus, TalentRoundStatus } from './input';
import type { ExclusionReason } from './round';

export type { Actor };

// ---------------------------------------------------------------------------------------------------
// Steps: the holder answers an offer.

export interface OfferAnswerStep {
  actor: Actor;
  offerId: string;
}
export const acceptOfferUpdate = defineUpdate<OfferStepResult, [OfferAnswerStep]>('acceptOffer');
export const declineOfferUpdate = defineUpdate<OfferStepResult, [OfferAnswerStep]>('declineOffer');

export interface OfferStepResult {
  roundId: string;
  offerId: string;
  step: 'accept' | 'decline';
  status: TalentOfferStatus;
  /** True when the offer had been answered so before: repeating it changed nothing. */
  alreadyDone: boolean;
}

/** Why a step was refused: the ApplicationFailure `type` an update validator throws (api/step-gateway.ts maps them). */
export const talentRefusals = {
  notAuthorized: 'NotAuthorized',
  invalidState: 'InvalidState',
  /** No such offer in the round: 404, as for any resource the caller cannot see. */
  unknownOffer: 'UnknownOffer',
  windowClosed: 'WindowClosed',
  alreadyDone: 'AlreadyDone',
} as const;

// ---------------------------------------------------------------------------------------------------
// What the round's activity computed and wrote (the offers it made), as the workflow holds it.

export interface TalentOfferFacts {
  offerId: string;
  demandId: string;
  /** The enterprise whose demand it is. */
  organizationId: string;
  holderUserId: string;
  certificateId: string;
  domain: string;
  level: CertificateLevel;
}

export interface TalentDemandSummary {
  demandId: string;
  organizationId: string;
  domain: string;
  level: CertificateLevel;
  /** The seats the round had to fill. */
  seats: number;
}

export interface TalentRoundComputed {
  algorithm: string;
  holders: number;
  candidates: number;
  excluded: { userId: string; reason: ExclusionReason }[];
  demands: TalentDemandSummary[];
  seats: number;
  offers: TalentOfferFacts[];
}

// ---------------------------------------------------------------------------------------------------
// The outcome report for the talent base: filled, unfilled, by domain.

export interface TalentReportLine {
  demands: number;
  seats: number;
  offered: number;
  /** Offers accepted: the seats filled. */
  filled: number;
  declined: number;
  expired: number;
  /** seats - filled. */
  unfilled: number;
}

export interface TalentRoundReport {
  roundId: string;
  closedAt: string;
  holders: number;
  candidates: number;
  excluded: number;
  totals: TalentReportLine;
  byDomain: ({ domain: string } & TalentReportLine)[];
}

// ---------------------------------------------------------------------------------------------------
// Live status

export interface TalentOfferView extends TalentOfferFacts {
  status: TalentOfferStatus;
  deadlineAt: string;
  answeredAt: string | null;
}

export interface TalentRoundView {
  roundId: string;
  allianceId: string;
  baseOrganizationId: string;
  status: TalentRoundStatus;
  seed: string;
  asOf: string;
  startedAt: string;
  deadlineAt: string | null;
  holders: number;
  candidates: number;
  excluded: { userId: string; reason: ExclusionReason }[];
  demands: TalentDemandSummary[];
  seats: number;
  offers: TalentOfferView[];
  report: TalentRoundReport | null;
  policy: TalentMatchingPolicy;
  revision: number;
}

export const talentRoundQuery = defineQuery<TalentRoundView>('status');

/** Sent with the start (executeUpdateWithStart): answers once the round's offers are written. */
export const launchRecordedUpdate = defineUpdate<TalentRoundView, []>('launchRecorded');
