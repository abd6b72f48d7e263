// The MatchingRound contract, defined once: the API starts the round with this input and reads its
// answer through `roundRecordedUpdate`; the worker runs it. Workflow-safe (types and message definitions).
import { defineUpdate } from '@temporalio/workflow';
import type { PlacementPolicy } from '../../core/apprenticeship-placement/input';
import type { PositionPreference } from '../../core/apprenticeship-placement/matching';
import type { PlacementRulesPolicy } from '../../core/apprenticeship-placement/rules';

export const MATCHING_ROUND_WORKFLOW = 'matchingRound';

/** The round's id (derived from the request's Idempotency-Key) is the workflow's: a retry meets its round. */
export function matchingRoundWorkflowId(roundId: string): string {
  return `matching-round-${roundId}`;
}

export interface MatchingRoundInput {
  roundId: string;
  schoolOrganizationId: string;
  cohort: string;
  /** The lottery's seed, stored with the round. */
  seed: string;
  /** The enterprises' priorities per position; a position not listed uses the lottery alone. */
  positionPreferences: { positionId: string; preference: PositionPreference }[];
  rules: PlacementRulesPolicy;
  /** The offers' policy (deadlines, check-in period...), stored with the round. */
  offerPolicy: PlacementPolicy;
  /** The coordinator who ran the round: the offers' `offeredBy`. */
  offeredBy: string;
  /**
   * The task queue of the offers' workflows: the processes' queue, as the round runs on its own. Absent
   * in rounds started when rounds ran on that queue too (their offers started on the round's queue).
   */
  offerTaskQueue?: string;
}

/**
 * What the round's computation answered: the round is recorded (its row, the offers' rows, the
 * applications marked offered), or it named positions that are not open among the cohort's preferences
 * (nothing recorded).
 */
export type MatchingRoundAnswer = { kind: 'recorded'; roundId: string; matched: number } | { kind: 'unknown_positions'; positionIds: string[] };

/** The round's result once the rows are written, before the offers' workflows start. */
export const roundRecordedUpdate = defineUpdate<MatchingRoundAnswer>('roundRecorded');

/** The workflow's result: the answer and how many offers' workflows it started (the others were there). */
export interface MatchingRoundOutcome {
  answer: MatchingRoundAnswer;
  offersStarted: number;
  offersAlreadyStarted: number;
}
