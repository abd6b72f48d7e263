// MatchingRound: one school's round for a cohort, started by POST /v1/matching-rounds.
//
//   record the round (a local activity: read the cohort, run the matching, write the round and its
//   offers' rows in one transaction) ──► answer the API (roundRecordedUpdate) ──► start every offer's
//   ApprenticeshipPlacement workflow, a page of offers at a time ──► done
//
// The offers are child workflows that outlive the round (parent close policy ABANDON) with the ids the
// offers always had (placement-<placementId>), and a child already started (a retried round, a second
// run of the same round) is left as it is. The matching itself is pure (apprenticeship-placement/
// matching); the activity runs it next to the data it reads.
import {
  type ActivityOptions,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { MatchingRoundActivities, RoundOffersPage } from '../../activities/matching-round/contract';
import { type ApprenticeshipPlacementInput, placementWorkflowId } from '../../core/apprenticeship-placement/input';
import { apprenticeshipPlacement } from '../apprenticeship-placement/workflow';
import { OrganizationIdsKey, PlacementStatusKey } from '../../core/search-attributes';
import { storageActivityOptions } from '../shared/activity-options';
import { type MatchingRoundAnswer, type MatchingRoundInput, type MatchingRoundOutcome, roundRecordedUpdate } from './contract';
import { workflowDisplayOptions } from '../../core/workflow-display';
import { placementDisplay } from '../../core/apprenticeship-placement/display';

/** Offers' inputs per activity call: bounds each activity result (about 2 KB per offer). */
const OFFERS_PER_PAGE = 100;

// The round's transaction may take up to 60 s; a storage outage is waited out as for every process.
const roundActivityOptions: ActivityOptions = { ...storageActivityOptions, startToCloseTimeout: '2 minutes' };
const rounds = proxyActivities<MatchingRoundActivities>(roundActivityOptions);
// The recording as a local activity: it runs inside the round's first workflow task, so the Update is
// answered in that same task, without an activity task's trip through the task queue and a second
// workflow task (measured by test/faults F6: together most of a quiet round's answer time).
const local = proxyLocalActivities<MatchingRoundActivities>(roundActivityOptions);
/** Rounds recorded by a regular activity (started before this change) replay as they ran. */
const RECORD_IN_LOCAL_ACTIVITY = 'matching-round-record-in-local-activity';

export async function matchingRound(input: MatchingRoundInput): Promise<MatchingRoundOutcome> {
  const round: { answer?: MatchingRoundAnswer } = {};
  // The API's Update-with-Start waits here: it answers once the round's rows are written.
  setHandler(
    roundRecordedUpdate,
    async () => {
      await condition(() => round.answer !== undefined);
      return round.answer!;
    },
    { description: "Answers once the round's rows are recorded, before its offers start; the API runs the round with this Update-with-Start." },
  );

  const recorded = patched(RECORD_IN_LOCAL_ACTIVITY) ? await local.recordMatchingRound(input) : await rounds.recordMatchingRound(input);
  round.answer = recorded;
  let offersStarted = 0;
  let offersAlreadyStarted = 0;
  if (recorded.kind === 'recorded' && recorded.matched > 0) {
    for (let after: string | null = null; ;) {
      const page: RoundOffersPage = await rounds.matchingRoundOffers({ roundId: input.roundId, after, limit: OFFERS_PER_PAGE });
      for (const started of await Promise.all(page.offers.map((offer) => startOffer(offer, input.offerTaskQueue)))) {
        if (started) offersStarted++;
        else offersAlreadyStarted++;
      }
      if (page.next === null) break;
      after = page.next;
    }
  }
  await condition(allHandlersFinished);
  return { answer: recorded, offersStarted, offersAlreadyStarted };
}

/** Starts one offer's workflow; false when it was already there (started by an earlier run of the round). */
async function startOffer(offer: ApprenticeshipPlacementInput, taskQueue: string | undefined): Promise<boolean> {
  try {
    await startChild(apprenticeshipPlacement, {
      workflowId: placementWorkflowId(offer.placementId),
      // The processes' queue (the round runs on its own); a round started before that names none.
      ...(taskQueue === undefined ? {} : { taskQueue }),
      args: [offer],
      // The placement lasts months after the round is over.
      parentClosePolicy: 'ABANDON',
      // Never a second workflow for an offer, even once the first has closed (declined, expired).
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // What the Temporal UI shows of it (core/workflow-display.ts), as for an offer made by hand.
      ...workflowDisplayOptions(placementDisplay(offer)),
      typedSearchAttributes: [
        { key: PlacementStatusKey, value: 'offered' },
        { key: OrganizationIdsKey, value: [offer.school.organizationId, offer.enterprise.organizationId] },
      ],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
