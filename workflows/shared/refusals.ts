// How a process refuses a step: its Update validator calls refuseIf with what the process's rules
// decided. A refusal thrown by a validator leaves no trace in the history, so repeats and mistakes
// cost nothing; the caller reads the refusal's type and, for AlreadyDone, the earlier result.
import { ApplicationFailure } from '@temporalio/workflow';
import type { Refusal } from '../../core/refusal';

/** A validator's answer: nothing, or the refusal as a non-retryable ApplicationFailure. */
export function refuseIf(refusal: Refusal | null): void {
  if (!refusal) return;
  throw ApplicationFailure.create({
    type: refusal.type,
    message: refusal.message,
    nonRetryable: true,
    details: refusal.result ? [refusal.result] : [],
  });
}
