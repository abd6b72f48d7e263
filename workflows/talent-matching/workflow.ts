// TalentMatching: one workflow per matching round of a talent base (an alliance's secretariat), from
// the matching to the outcome report.
//
//   matching ──the round's activity: consenting holders with valid certificates × open demands,
//     │        deferred acceptance with the level filter, the offers written──► offering
//     ▼                                                                         │ each holder accepts or
//   (no offers: closed at once)                                                 │ declines before the deadline
//                                                                               ▼ (one durable timer)
//                                          closed: open offers expire; the outcome report (filled, unfilled, by domain)
//
// The holders' answers are Updates (validators refuse precisely, without touching history); the rules
// are in state.ts. The matching itself runs in an activity, as the placement rounds' does
// (workflows/matching-round/): it reads and writes in one transaction and the workflow holds only the
// offers. A round makes at most one offer per candidate, so its history stays bounded.
import { allHandlersFinished, type ActivityOptions, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createAuditActivities } from '../../activities/audit/audit-trail';
import type { createTalentMatchingActivities } from '../../activities/talent-matching/round-records';
import type { TalentMatchingInput } from '../../core/talent-matching/input';
import {
  acceptOfferUpdate,
  declineOfferUpdate,
  launchRecordedUpdate,
  type OfferAnswerStep,
  type OfferStepResult,
  talentRoundQuery,
  type TalentRoundView,
} from '../../core/talent-matching/messages';
import { storageActivityOptions } from '../shared/activity-options';
import { Trail } from '../shared/audit-trail';
import { LaunchRecord } from '../shared/launch-record';
import { refuseIf } from '../shared/refusals';
import { untilMs } from '../shared/timers';
import { allAnswered, answer, checkAnswer, close, expireOpenOffers, initialState, offersMade, type TalentRoundState, toView } from './state';

type Activities = ReturnType<typeof createTalentMatchingActivities> & ReturnType<typeof createAuditActivities>;
const storage = proxyActivities<Activities>(storageActivityOptions);
/** The matching reads every consenting holder's certificates and every open demand: a longer budget. */
const roundActivityOptions: ActivityOptions = { ...storageActivityOptions, startToCloseTimeout: '2 minutes' };
const rounds = proxyActivities<Activities>(roundActivityOptions);

export async function talentMatching(input: TalentMatchingInput): Promise<TalentRoundView> {
  const { workflowId } = workflowInfo();
  let state: TalentRoundState = initialState(input, new Date());
  const trail = new Trail({ subjectType: 'talent_round', subjectId: input.roundId, workflowId }, storage.appendAudit);
  const launch = new LaunchRecord(false);

  setHandler(talentRoundQuery, () => toView(state), { description: "The round's live status: its offers and their answers." });
  setHandler(launchRecordedUpdate, () => launch.recorded(() => toView(state)), {
    description: 'Answers once the round and its offers are recorded; the API launches with this Update-with-Start.',
  });

  // ---- The holders' answers. A validator refuses precisely without touching the history; a handler
  // changes the state before its first await, so an answer in the same instant sees the new state.
  for (const [update, kind, description] of [
    [acceptOfferUpdate, 'accept', 'The certificate holder accepts the offer, before its deadline.'],
    [declineOfferUpdate, 'decline', 'The certificate holder declines the offer.'],
  ] as const) {
    setHandler(
      update,
      async (step: OfferAnswerStep): Promise<OfferStepResult> => {
        const at = new Date();
        const answered = answer(state, step, kind, at);
        state = answered.state;
        const status = answered.result.status as 'accepted' | 'declined';
        await trail.record(`offer_${status}`, `offer/${step.offerId}`, step.actor.userId, { offerId: step.offerId }, () =>
          storage.recordTalentOfferAnswer({
            roundId: input.roundId,
            offerId: step.offerId,
            status,
            answeredAt: at.toISOString(),
            answeredBy: step.actor.userId,
          }),
        );
        return answered.result;
      },
      { description, validator: (step: OfferAnswerStep) => refuseIf(checkAnswer(state, step, kind, new Date())) },
    );
  }

  // ---- The matching, in one activity: the round's row (seed and exact input) and its offers.
  const computed = await launch.track(rounds.computeTalentRound(input));
  state = offersMade(state, computed);
  void trail.record('offers_made', 'offers-made', input.startedBy, {
    algorithm: computed.algorithm,
    holders: computed.holders,
    candidates: computed.candidates,
    excluded: computed.excluded.length,
    demands: computed.demands.length,
    seats: computed.seats,
    offers: computed.offers.length,
    deadlineAt: state.deadlineAt,
  });

  // ---- Offers out until every one is answered or the deadline passes (one durable timer).
  await condition(() => allAnswered(state), untilMs(state.deadlineAt!));
  await condition(allHandlersFinished);
  const expired = expireOpenOffers(state);
  state = close(expired.state, new Date());
  const report = state.report!;
  await trail.record('closed', 'closed', 'system', { expired: expired.expired.length, totals: report.totals }, () =>
    storage.closeTalentRound({ roundId: input.roundId, expiredOfferIds: expired.expired, report }),
  );

  do {
    await condition(allHandlersFinished);
    await trail.settled();
  } while (!allHandlersFinished() || !trail.idle);
  return toView(state);
}
