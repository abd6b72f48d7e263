// Starting a process's workflow from a route, the same way for every process: the workflow id is derived
// from the business id (which an Idempotency-Key makes deterministic), a retried start finds the
// workflow already there instead of making a second one (REJECT_DUPLICATE: also after that workflow has
// closed), and an actual start is counted in workflow_starts_total.
//
// Read-your-write: a process is launched with Update-with-Start (Temporal's early-return pattern). The
// start carries the workflow's `launchRecorded` Update, which answers once the workflow has written its
// launch (its first audit entry and its row), so the route answers only when a read of the new process
// finds it. One mechanism for every process, because the workflow is the one writer of its records: the
// API neither writes a row the workflow writes again nor guesses from the execution what the row will say.
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  type WorkflowStartOptions,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { type WorkflowDisplay, type WorkflowDisplayOptions, workflowDisplayOptions } from '../core/workflow-display';
import type { ApiDependencies } from './dependencies';
import { LaunchNotRecordedProblem } from './errors';
import { recordWorkflowStart } from './metrics';

/**
 * A start's options, with what the Temporal UI shows of the workflow (core/workflow-display.ts): required,
 * so that no process starts without a summary, details and a memo naming its parties.
 */
type StartOptions<T extends Workflow> = Omit<
  WorkflowStartOptions<T>,
  'taskQueue' | 'workflowIdReusePolicy' | 'workflowIdConflictPolicy' | 'staticSummary' | 'staticDetails'
> & { display: WorkflowDisplay };

/** The options as the client takes them: the display turned into summary, details and memo. */
function withDisplay<T extends Workflow>({ display, memo, ...options }: StartOptions<T>): Omit<StartOptions<T>, 'display' | 'memo'> & WorkflowDisplayOptions {
  return { ...options, ...workflowDisplayOptions(display, memo) };
}

/**
 * `workflow`: the workflow function itself, so the compiler checks `args` against its signature (a
 * type name is accepted for a workflow the API has no function of).
 */
export async function startWorkflowOnce<T extends Workflow>(
  deps: ApiDependencies,
  workflow: T | string,
  options: StartOptions<T>,
): Promise<{ started: boolean }> {
  try {
    await deps.temporal.workflow.start(workflow, {
      ...withDisplay(options),
      taskQueue: deps.config.temporal.taskQueue,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    } as WorkflowStartOptions<T>);
  } catch (error) {
    // A retry of a request that started the workflow but never got to answer: same id, same result.
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
    throw error;
  }
  recordWorkflowStart(typeof workflow === 'string' ? workflow : workflow.name);
  return { started: true };
}

export interface Launch<V> {
  /** This call started the workflow (false: a retry found it, running or closed). */
  started: boolean;
  /** The process as its launch left it; null when the workflow has closed since, or did not record in time. */
  view: V | null;
}

/**
 * A launch its workflow refused (a direct offer finding no seat): the `launchRecorded` Update failed with
 * the process's refusal type, and so did the workflow's run. The route answers it as a refusal.
 */
export class LaunchRefusedError extends Error {
  constructor(readonly failure: ApplicationFailure) {
    super(failure.message);
    this.name = 'LaunchRefusedError';
  }

  /** The refusal the workflow gave as the failure's first detail. */
  get refusal(): unknown {
    return this.failure.details?.[0];
  }
}

/** The launch's refusal, when `error` is the Update's failure with the process's refusal type. */
function refusalOf(error: unknown, refusalType: string | undefined): LaunchRefusedError | null {
  if (refusalType === undefined || !(error instanceof WorkflowUpdateFailedError)) return null;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === refusalType ? new LaunchRefusedError(cause) : null;
}

export interface LaunchOptions {
  /**
   * The failure type with which the process's workflow refuses a launch (and fails its run). A refused
   * request does not consume its Idempotency-Key, so its retry (same workflow id) starts a new run after
   * a run that ended in this refusal, and after no other end.
   */
  refusalType?: string;
}

/**
 * Starts a process's workflow and answers once it has recorded its launch. A retry (same workflow id)
 * starts nothing: it waits for the launch record of the workflow already there, and after that workflow
 * has closed (REJECT_DUPLICATE) answers at once. A refusal (`launch.refusalType`) is thrown as
 * LaunchRefusedError.
 */
export async function launchProcess<T extends Workflow, V>(
  deps: ApiDependencies,
  workflow: T,
  launchRecorded: UpdateDefinition<V, []>,
  options: StartOptions<T>,
  launch: LaunchOptions = {},
): Promise<Launch<V>> {
  // Only a launch with no worker to run the workflow (or one held up by a fault) waits this long
  // (LAUNCH_RECORD_WAIT_SECONDS); it is answered then with a 503 to retry (the start is durable, its record
  // follows once a worker runs): never left without an answer, never told of a process it cannot read yet.
  const deadline = Date.now() + deps.config.http.launchRecordWaitMs;
  const first = await startWithUpdate(deps, workflow, launchRecorded, options, launch, deadline, 'REJECT_DUPLICATE');
  if (!(first instanceof LaunchRefusedError)) return first;
  // The last run refused this very request: a retry runs the launch again, in a new run of the same id.
  const again = await startWithUpdate(deps, workflow, launchRecorded, options, launch, deadline, 'ALLOW_DUPLICATE_FAILED_ONLY');
  // A concurrent retry's new run refused it as well.
  if (again instanceof LaunchRefusedError) throw again;
  return again;
}

async function startWithUpdate<T extends Workflow, V>(
  deps: ApiDependencies,
  workflow: T,
  launchRecorded: UpdateDefinition<V, []>,
  options: StartOptions<T>,
  launch: LaunchOptions,
  deadline: number,
  workflowIdReusePolicy: 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY',
): Promise<Launch<V> | LaunchRefusedError> {
  const startWorkflowOperation = new WithStartWorkflowOperation(workflow, {
    ...withDisplay(options),
    taskQueue: deps.config.temporal.taskQueue,
    workflowIdReusePolicy,
    // A workflow already running is a retry's: its launch record is read below, and no start is counted.
    workflowIdConflictPolicy: 'FAIL',
  } as WorkflowStartOptions<T> & { workflowIdConflictPolicy: 'FAIL' });
  try {
    const view = await deps.temporal.withDeadline(deadline, () => deps.temporal.workflow.executeUpdateWithStart(launchRecorded, { startWorkflowOperation }));
    recordWorkflowStart(workflow.name);
    return { started: true, view };
  } catch (error) {
    const refused = refusalOf(error, launch.refusalType);
    if (refused) {
      recordWorkflowStart(workflow.name);
      throw refused;
    }
    if (error instanceof WorkflowExecutionAlreadyStartedError) return launchRecord(deps, options.workflowId, launchRecorded, launch, deadline);
    // Not recorded in time (no worker ran the workflow): started, but without its record yet, so a 503
    // that the retry with the same key answers once the record is written.
    // (The client reports the deadline as an Update timeout or as the call's DEADLINE_EXCEEDED.)
    if ((error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || Date.now() >= deadline) && (await isRunning(deps, options.workflowId))) {
      deps.log.warn({ workflowId: options.workflowId }, 'launch not recorded in time: answered 503 (a retry with the same key finds it)');
      recordWorkflowStart(workflow.name);
      throw new LaunchNotRecordedProblem();
    }
    throw error;
  }
}

/**
 * The launch record of a workflow a retry found: waited for while it runs; none once it has closed, or
 * the refusal its run ended with (returned, not thrown: the retry may run the launch again).
 */
async function launchRecord<V>(
  deps: ApiDependencies,
  workflowId: string,
  launchRecorded: UpdateDefinition<V, []>,
  launch: LaunchOptions,
  deadline: number,
): Promise<Launch<V> | LaunchRefusedError> {
  const handle = deps.temporal.workflow.getHandle(workflowId);
  try {
    return { started: false, view: await deps.temporal.withDeadline(deadline, () => handle.executeUpdate(launchRecorded)) };
  } catch (error) {
    const refused = refusalOf(error, launch.refusalType);
    if (refused) throw refused;
    const closedBy = error instanceof WorkflowNotFoundError ? await closingRefusal(handle, launch.refusalType) : null;
    if (closedBy) return new LaunchRefusedError(closedBy);
    // Still running and not recorded in time: as for the first attempt, a 503 to retry.
    if ((error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || Date.now() >= deadline) && (await isRunning(deps, workflowId))) {
      throw new LaunchNotRecordedProblem();
    }
    // Closed, or started before workflows answered launchRecorded: its row is there.
    if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateFailedError) return { started: false, view: null };
    throw error;
  }
}

/** The refusal the workflow's last run ended with, if it ended refusing its launch. */
async function closingRefusal(handle: WorkflowHandle, refusalType: string | undefined): Promise<ApplicationFailure | null> {
  if (refusalType === undefined) return null;
  const description = await handle.describe().catch(() => null);
  if (description?.status.name !== 'FAILED') return null;
  try {
    await handle.result();
    return null;
  } catch (error) {
    return error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure && error.cause.type === refusalType ? error.cause : null;
  }
}

/** Is the workflow there and running (its start went through)? */
async function isRunning(deps: ApiDependencies, workflowId: string): Promise<boolean> {
  return deps.temporal.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      (d) => d.status.name === 'RUNNING',
      () => false,
    );
}
