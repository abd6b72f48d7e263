// A talent round's process state, its guarded transitions (the `transitions` table), the holders' answers
// with their refusals, expiry and the outcome report. Pure: no I/O, no clocks (the workflow passes time
// in), and every function returns a new state.
import type { Refusal as CoreRefusal } from '../../core/refusal';
import { offerDeadlineAt, type TalentMatchingInput, type TalentOfferStatus, type TalentRoundStatus } from '../../core/talent-matching/input';
import {
  type OfferAnswerStep,
  type OfferStepResult,
  type TalentOfferView,
  talentRefusals,
  type TalentReportLine,
  type TalentRoundComputed,
  type TalentRoundReport,
  type TalentRoundView,
} from '../../core/talent-matching/messages';
import { domainKey } from '../../core/talent-matching/round';

export type Refusal = CoreRefusal<(typeof talentRefusals)[keyof typeof talentRefusals], OfferStepResult>;

export interface TalentRoundState {
  input: TalentMatchingInput;
  status: TalentRoundStatus;
  startedAt: string;
  computed: TalentRoundComputed | null;
  deadlineAt: string | null;
  offers: TalentOfferView[];
  report: TalentRoundReport | null;
  revision: number;
}

// ---------------------------------------------------------------------------------------------------
// Guarded transitions

export const transitions: Record<TalentRoundStatus, readonly TalentRoundStatus[]> = {
  matching: ['offering', 'closed'],
  offering: ['closed'],
  closed: [],
};

function moveTo(state: TalentRoundState, status: TalentRoundStatus): TalentRoundState {
  if (!transitions[state.status].includes(status)) throw new Error(`talent round ${state.input.roundId}: no transition from ${state.status} to ${status}`);
  return { ...state, status, revision: state.revision + 1 };
}

export function initialState(input: TalentMatchingInput, now: Date): TalentRoundState {
  return { input, status: 'matching', startedAt: now.toISOString(), computed: null, deadlineAt: offerDeadlineAt(input), offers: [], report: null, revision: 1 };
}

/** The round's activity matched and wrote the offers: they are out until the deadline. */
export function offersMade(state: TalentRoundState, computed: TalentRoundComputed): TalentRoundState {
  const deadlineAt = state.deadlineAt!;
  const offers = computed.offers.map((o): TalentOfferView => ({ ...o, status: 'offered', deadlineAt, answeredAt: null }));
  return { ...moveTo(state, 'offering'), computed, offers };
}

export function allAnswered(state: TalentRoundState): boolean {
  return state.offers.every((o) => o.status !== 'offered');
}

// ---------------------------------------------------------------------------------------------------
// The holders' answers

const answerStatus = { accept: 'accepted', decline: 'declined' } as const satisfies Record<OfferStepResult['step'], TalentOfferStatus>;

function result(state: TalentRoundState, offer: TalentOfferView, step: OfferStepResult['step'], alreadyDone: boolean): OfferStepResult {
  return { roundId: state.input.roundId, offerId: offer.offerId, step, status: offer.status, alreadyDone };
}

/** Who the caller is comes first, then the offer's state, then the clock. */
export function checkAnswer(state: TalentRoundState, step: OfferAnswerStep, kind: OfferStepResult['step'], now: Date): Refusal | null {
  const offer = state.offers.find((o) => o.offerId === step.offerId);
  if (!offer) {
    return state.status === 'matching'
      ? { type: talentRefusals.invalidState, message: 'the round is still matching: no offers yet' }
      : { type: talentRefusals.unknownOffer, message: `offer ${step.offerId} is not one of this round's` };
  }
  if (offer.holderUserId !== step.actor.userId) return { type: talentRefusals.notAuthorized, message: 'only the holder the offer was made to answers it' };
  if (offer.status === answerStatus[kind])
    return { type: talentRefusals.alreadyDone, message: `the offer was ${offer.status} already`, result: result(state, offer, kind, true) };
  if (offer.status !== 'offered') return { type: talentRefusals.invalidState, message: `the offer is ${offer.status}` };
  if (now.getTime() >= new Date(offer.deadlineAt).getTime())
    return { type: talentRefusals.windowClosed, message: `the offer's deadline ${offer.deadlineAt} has passed` };
  return null;
}

export function answer(
  state: TalentRoundState,
  step: OfferAnswerStep,
  kind: OfferStepResult['step'],
  now: Date,
): { state: TalentRoundState; result: OfferStepResult } {
  const offers = state.offers.map((o) => (o.offerId === step.offerId ? { ...o, status: answerStatus[kind], answeredAt: now.toISOString() } : o));
  const next = { ...state, offers, revision: state.revision + 1 };
  return {
    state: next,
    result: result(
      next,
      offers.find((o) => o.offerId === step.offerId)!,
      kind,
      false,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------
// Close: offers still open expire; the outcome report.

export function expireOpenOffers(state: TalentRoundState): { state: TalentRoundState; expired: string[] } {
  const expired = state.offers.filter((o) => o.status === 'offered').map((o) => o.offerId);
  const offers = state.offers.map((o) => (o.status === 'offered' ? { ...o, status: 'expired' as const } : o));
  return { state: { ...state, offers, revision: state.revision + 1 }, expired };
}

function emptyLine(): TalentReportLine {
  return { demands: 0, seats: 0, offered: 0, filled: 0, declined: 0, expired: 0, unfilled: 0 };
}

/** Filled, unfilled, by domain (as compared: domainKey), and the totals: each line adds up. */
export function outcomeReport(state: TalentRoundState, now: Date): TalentRoundReport {
  const computed = state.computed;
  const byDomain = new Map<string, TalentReportLine>();
  const line = (domain: string) => byDomain.get(domain) ?? byDomain.set(domain, emptyLine()).get(domain)!;
  const domainOf = new Map<string, string>();
  for (const d of computed?.demands ?? []) {
    const l = line(domainKey(d.domain));
    l.demands++;
    l.seats += d.seats;
    domainOf.set(d.demandId, domainKey(d.domain));
  }
  for (const o of state.offers) {
    const l = line(domainOf.get(o.demandId) ?? domainKey(o.domain));
    l.offered++;
    if (o.status === 'accepted') l.filled++;
    if (o.status === 'declined') l.declined++;
    if (o.status === 'expired') l.expired++;
  }
  const totals = emptyLine();
  const lines = [...byDomain]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([domain, l]) => {
      l.unfilled = l.seats - l.filled;
      for (const k of Object.keys(totals) as (keyof TalentReportLine)[]) totals[k] += l[k];
      return { domain, ...l };
    });
  return {
    roundId: state.input.roundId,
    closedAt: now.toISOString(),
    holders: computed?.holders ?? 0,
    candidates: computed?.candidates ?? 0,
    excluded: computed?.excluded.length ?? 0,
    totals,
    byDomain: lines,
  };
}

export function close(state: TalentRoundState, now: Date): TalentRoundState {
  const closed = moveTo(state, 'closed');
  return { ...closed, report: outcomeReport(closed, now) };
}

/** Every way a report could fail to add up, as sentences (none for a sound report): for the tests and the API's readers. */
export function reportDiscrepancies(report: TalentRoundReport): string[] {
  const found: string[] = [];
  const check = (name: string, l: TalentReportLine) => {
    if (l.offered !== l.filled + l.declined + l.expired) found.push(`${name}: offered ${l.offered} != filled + declined + expired`);
    if (l.seats !== l.filled + l.unfilled) found.push(`${name}: seats ${l.seats} != filled + unfilled`);
    if (l.offered > l.seats) found.push(`${name}: more offers than seats`);
  };
  check('totals', report.totals);
  for (const l of report.byDomain) check(l.domain, l);
  const sum = emptyLine();
  for (const l of report.byDomain) for (const k of Object.keys(sum) as (keyof TalentReportLine)[]) sum[k] += l[k];
  for (const k of Object.keys(sum) as (keyof TalentReportLine)[])
    if (sum[k] !== report.totals[k]) found.push(`by domain ${k} ${sum[k]} != totals ${report.totals[k]}`);
  if (report.holders !== report.candidates + report.excluded) found.push(`holders ${report.holders} != candidates + excluded`);
  return found;
}

export function toView(state: TalentRoundState): TalentRoundView {
  return {
    roundId: state.input.roundId,
    allianceId: state.input.allianceId,
    baseOrganizationId: state.input.baseOrganizationId,
    status: state.status,
    seed: state.input.seed,
    asOf: state.input.asOf,
    startedAt: state.startedAt,
    deadlineAt: state.deadlineAt,
    holders: state.computed?.holders ?? 0,
    candidates: state.computed?.candidates ?? 0,
    excluded: state.computed?.excluded ?? [],
    demands: state.computed?.demands ?? [],
    seats: state.computed?.seats ?? 0,
    offers: state.offers,
    report: state.report,
    policy: state.input.policy,
    revision: state.revision,
  };
}
