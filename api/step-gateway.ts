// One way from an HTTP request to a process's workflow and back, for every process: a step is a Workflow
// Update sent to the workflow id the process derives from its record id; the workflow's validators
// decide; a refusal becomes problem+json by one table; a repeat of a completed step answers what it
// left (the validator's AlreadyDone); and a step on a workflow that is gone is answered from the
// process's closed record (its descriptor's reader), or as the abnormal end it was.
//
// Each process exports a ProcessDescriptor (api/agreements/process.ts, api/placements/process.ts,
// api/certification/process.ts); nothing here knows a process by name.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';
import { isOpenStatus, type ProcessKind } from '../platform/workflow-ends';
import { isAbnormalEndStatus } from '../core/workflow-ends';
import type { Principal } from './auth/principal';
import type { ApiDependencies } from './dependencies';
import { ProblemError } from './errors';
import { stepAnswered } from './read-your-write';
import { findAbnormalEnd, WorkflowEndedProblem } from './workflow-ends';

/** The refusal type a validator answers a repeat with; its first detail is the step's earlier result. */
const ALREADY_DONE = 'AlreadyDone';

interface RefusalAnswer {
  status: number;
  slug: string;
  title: string;
}

/**
 * Every refusal type of every process's workflow (their `refusals` vocabularies), as HTTP. A type two
 * processes share (NotAuthorized, InvalidStep) means the same to a client whichever process refused.
 */
const refusalAnswers: Record<string, RefusalAnswer> = {
  NotAuthorized: { status: 403, slug: 'not-authorized', title: 'Not authorised for this step' },
  ConflictOfInterest: { status: 403, slug: 'conflict-of-interest', title: 'Conflict of interest' },
  FourEyes: { status: 403, slug: 'four-eyes', title: 'Four-eyes principle' },
  NotCandidate: { status: 403, slug: 'not-a-candidate', title: 'Not in the candidate pool' },
  NotAssignee: { status: 403, slug: 'not-assignee', title: 'Not the assignee' },
  UnknownTask: { status: 404, slug: 'not-found', title: 'Not found' },
  UnknownObjection: { status: 404, slug: 'not-found', title: 'Not found' },
  UnknownOffer: { status: 404, slug: 'not-found', title: 'Not found' },
  NotYourTurn: { status: 409, slug: 'not-your-turn', title: "Not this party's turn" },
  AgreementClosed: { status: 409, slug: 'agreement-closed', title: 'Agreement closed' },
  AmendmentLimitReached: { status: 409, slug: 'amendment-limit-reached', title: 'Amendment limit reached' },
  InvalidState: { status: 409, slug: 'invalid-state', title: 'Not possible in this state' },
  WrongState: { status: 409, slug: 'wrong-state', title: 'Not possible now' },
  WindowClosed: { status: 409, slug: 'window-closed', title: 'The window has closed' },
  TaskTaken: { status: 409, slug: 'task-taken', title: 'Task already claimed' },
  UnknownParty: { status: 422, slug: 'unknown-party', title: 'Unknown party' },
  DocumentHashMismatch: { status: 422, slug: 'document-hash-mismatch', title: 'Document hash mismatch' },
  InvalidStep: { status: 422, slug: 'invalid-step', title: 'Invalid step' },
  RuleViolation: { status: 422, slug: 'placement-rule-violation', title: 'Placement rule violated' },
};
const unknownRefusal: RefusalAnswer = { status: 422, slug: 'step-refused', title: 'Step refused' };

/** A workflow's refusal (its type and the validator's words) as a problem. */
export function refusalProblem(type: string, detail: string): ProblemError {
  const answer = refusalAnswers[type] ?? unknownRefusal;
  return new ProblemError(answer.status, answer.slug, answer.title, detail, { refusal: type });
}

/** A step as the gateway sends it: the Update, its argument, and who asked. */
export interface StepCall<R, A> {
  update: UpdateDefinition<R, [A]>;
  /** Prepares the Update's argument: only for a step that goes to the workflow, not one a closed record answers. */
  args: () => A | Promise<A>;
  principal: Principal;
  /** Derived from the Idempotency-Key when there is one: Temporal then deduplicates a retry itself. */
  updateId?: string;
}

/** A step on a process whose workflow has ended, as its descriptor answers it. */
export interface ClosedStep {
  /** The Update's name. */
  name: string;
  principal: Principal;
  /** The prepared argument; undefined when the record answered before the argument was prepared (`ended`). */
  args: unknown;
}

/** What a process's record tells the gateway once its workflow is gone. */
export interface RecordStatus {
  status: string;
  closedAt: Date | null;
}

/** What a process tells the gateway about itself. `Row`: its record, as its closed-record reader reads it. */
export interface ProcessDescriptor<Row extends RecordStatus, View> {
  kind: ProcessKind;
  /** Its steps answer before their records are written: reads wait for its trail position (api/read-your-write.ts). */
  recordsFollowSteps?: boolean;
  /** How problems name one: `${noun} ${id}`. */
  noun: string;
  workflowId(id: string): string;
  statusQuery: QueryDefinition<View>;
  notFound(id: string): ProblemError;
  /** The record of a process (its workflow may be gone); null for an unknown id. */
  readRecord(deps: ApiDependencies, id: string): Promise<Row | null>;
  /** The record says the workflow runs, yet an Update found none: between two runs (continue-as-new). */
  betweenRuns?(row: Row): boolean;
  /** The record says the workflow has ended normally: a step is answered from it without sending. */
  ended?(row: Row): boolean;
  /** A step on a process whose workflow has ended: the answer (a repeat of the step that closed it), or a refusal thrown. */
  stepOnClosed(row: Row, step: ClosedStep): unknown;
}

/** A query needs a worker to answer; with none answering in time, a reader with a record still gets it. */
const LIVE_QUERY_TIMEOUT_MS = 5000;
/** Attempts of an Update that finds no workflow while the record says one runs (continue-as-new). */
const BETWEEN_RUNS_ATTEMPTS = 5;

/**
 * The workflow's live status; null when there is no such workflow (any more), or, when the caller has
 * a record to fall back on (`fallback`), when the query could not be answered in time (no worker, a
 * worker shutting down, the workflow's history beyond retention...).
 */
export async function liveStatus<View>(
  deps: ApiDependencies,
  process: ProcessDescriptor<RecordStatus, View>,
  id: string,
  fallback = false,
): Promise<View | null> {
  const handle = deps.temporal.workflow.getHandle(process.workflowId(id));
  return deps.temporal
    .withDeadline(Date.now() + LIVE_QUERY_TIMEOUT_MS, () => handle.query(process.statusQuery))
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      if (!fallback) throw error;
      deps.log.warn({ err: error, kind: process.kind, id }, 'live status unavailable: answering from the record');
      return null;
    });
}

async function endedAbnormally<Row extends RecordStatus>(deps: ApiDependencies, process: ProcessDescriptor<Row, unknown>, id: string, row: Row): Promise<void> {
  const what = `${process.noun} ${id}`;
  if (isAbnormalEndStatus(row.status)) throw new WorkflowEndedProblem(what, row.status, row.closedAt);
  // Closed while its record is open: the workflow ended abnormally (terminated, failed...).
  const end = isOpenStatus(process.kind, row.status) ? await findAbnormalEnd(deps, process.kind, id, process.workflowId(id)) : null;
  if (end) throw new WorkflowEndedProblem(what, end.status, end.closedAt);
}

/**
 * The caller's visibility of the record, read while the Update is under way (`alongside`): resolves to
 * the record when the caller may see it, rejects with the route's 404 when not (or with a read's error).
 */
export type VisibilityRead<Row> = Promise<Row | null>;

/**
 * Runs a step on a process's workflow and answers its result. `known`: the record when the route has
 * read it already (an abnormal or a normal end is then answered without a round trip to Temporal), or
 * the visibility read still under way (`VisibilityRead`): no answer (a result, a refusal, an error) goes
 * out before it has said the caller may see the record, and a caller who may not gets its 404 as soon
 * as the read says so, whatever the workflow answers. The workflow admits only callers who can see the
 * record (a party, its delegate, the secretariat), so an accepted step never waits for more than the
 * slower of the two.
 */
export async function runStep<Row extends RecordStatus, R, A>(
  deps: ApiDependencies,
  process: ProcessDescriptor<Row, unknown>,
  id: string,
  call: StepCall<R, A>,
  known?: Row | null | VisibilityRead<Row>,
): Promise<R> {
  if (!(known instanceof Promise)) return sendStep(deps, process, id, call, known, () => process.readRecord(deps, id));
  const visibility = known;
  // The 404 as soon as the read gives it; the Update's own outcome (or error) is then not waited for.
  const invisible = visibility.then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => {
      throw error;
    },
  );
  const sent = sendStep(deps, process, id, call, undefined, async () => {
    // The workflow is gone: its record answers, for a caller who may see it (else the read's 404). Read
    // again: the visibility read may have begun before the workflow wrote its last record and ended.
    await visibility;
    return process.readRecord(deps, id);
  });
  sent.catch(() => undefined);
  try {
    const result = await Promise.race([sent, invisible]);
    await visibility;
    return result;
  } catch (error) {
    // Whatever went wrong with the step, a caller who may not see the record learns only the 404.
    await visibility;
    throw error;
  }
}

async function sendStep<Row extends RecordStatus, R, A>(
  deps: ApiDependencies,
  process: ProcessDescriptor<Row, unknown>,
  id: string,
  call: StepCall<R, A>,
  known: Row | null | undefined,
  readRecord: () => Promise<Row | null>,
): Promise<R> {
  if (known && isAbnormalEndStatus(known.status)) throw new WorkflowEndedProblem(`${process.noun} ${id}`, known.status, known.closedAt);
  if (known && process.ended?.(known)) return process.stepOnClosed(known, { name: call.update.name, principal: call.principal, args: undefined }) as R;
  const args = await call.args();
  const handle = deps.temporal.workflow.getHandle(process.workflowId(id));
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await handle.executeUpdate(call.update, { args: [args], ...(call.updateId ? { updateId: call.updateId } : {}) });
      if (process.recordsFollowSteps) stepAnswered(deps, handle.workflowId);
      return result;
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === ALREADY_DONE) return error.cause.details?.[0] as R;
        throw refusalProblem(error.cause.type ?? '', error.cause.message);
      }
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      const row = await readRecord();
      if (!row) throw process.notFound(id);
      if (process.betweenRuns?.(row) && attempt < BETWEEN_RUNS_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      await endedAbnormally(deps, process, id, row);
      return process.stepOnClosed(row, { name: call.update.name, principal: call.principal, args }) as R;
    }
  }
}
