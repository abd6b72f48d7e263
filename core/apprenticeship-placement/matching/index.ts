// Matching for placement rounds: pure, deterministic, workflow-safe. See round.ts for the steps.
export { blockingPairs, deferredAcceptance, type DaPosition, type DaResult, type DaStudent } from '../../matching/deferred-acceptance';
export { lotteryRanks, seededLottery, shuffled } from '../../matching/lottery';
export {
  type ApplicantOutcome,
  buildInstance,
  MATCHING_ALGORITHM,
  type PositionCapacity,
  type PositionPreference,
  priorityOrder,
  type RoundApplicant,
  type RoundInput,
  type RoundPosition,
  type RoundResult,
  runMatchingRound,
  type StrictInstance,
} from './round';
