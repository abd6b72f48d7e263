// How a process refuses a step: its Update validator calls refuseIf with what the process's rules
// decided. A refusal thrown by a validator leaves no trace in the history, so repeats and mistakes
// cost nothing; the caller reads the refusal's type and, for AlreadyDone, the earlier result.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
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

/**
 * Registers one step of a process: `check` is the Update's validator (a refusal leaves no trace in the
 * history), `take` runs only for a step the rules admit. Every step is one argument.
 */
export function handleStep<Step, Ret>(
  update: UpdateDefinition<Ret, [Step]>,
  check: (step: Step) => Refusal | null,
  take: (step: Step) => Promise<Ret>,
  /** What the step does, shown next to the Update in the Temporal UI (test/structure/handler-descriptions.test.ts). */
  description: string,
): void {
  setHandler(update, take, { description, validator: (step: Step) => refuseIf(check(step)) });
}

/**
 * A step's answer once its audit entry is written: the result is taken as of the step (before the write,
 * so a later step cannot show through), and the caller hears of it only when the record is durable.
 */
export async function answerOnceRecorded<T>(result: T, recording: Promise<unknown>): Promise<T> {
  await recording;
  return result;
}

/**
 * A step's answer once the workflow has accepted it and queued its record (README "Read your own
 * write"): the record follows; one that fails for good is logged, as nothing waits for it.
 */
export function answerOnceQueued<T>(result: T, recording: Promise<unknown>): T {
  recording.catch((error: unknown) => log.error("a step's record was not written", { error: String(error) }));
  return result;
}
