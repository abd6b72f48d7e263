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
  WorkflowNotFoundError,
  type WorkflowStartOptions,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { UpdateDefinition, Workflow } from '@temporalio/common';
import type { ApiDependencies } from './dependencies';
import { recordWorkflowStart } from './metrics';

type StartOptions<T extends Workflow> = Omit<WorkflowStartOptions<T>, 'taskQueue' | 'workflowIdReusePolicy' | 'workflowIdConflictPolicy'>;

/**
 * How long a launch waits for its workflow to record it. Only a launch with no worker to run the
 * workflow waits that long; it is answered then all the same (the start is durable, its record follows
 * once a worker runs), so a client is never left without an answer while the workers are down.
 */
export const LAUNCH_RECORD_WAIT_MS = 60_000;

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
      ...options,
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
 * Starts a process's workflow and answers once it has recorded its launch. A retry (same workflow id)
 * starts nothing: it waits for the launch record of the workflow already there, and after that workflow
 * has closed (REJECT_DUPLICATE) answers at once.
 */
export async function launchProcess<T extends Workflow, V>(
  deps: ApiDependencies,
  workflow: T,
  launchRecorded: UpdateDefinition<V, []>,
  options: StartOptions<T>,
): Promise<Launch<V>> {
  const startWorkflowOperation = new WithStartWorkflowOperation(workflow, {
    ...options,
    taskQueue: deps.config.temporal.taskQueue,
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    // A workflow already running is a retry's: its launch record is read below, and no start is counted.
    workflowIdConflictPolicy: 'FAIL',
  } as WorkflowStartOptions<T> & { workflowIdConflictPolicy: 'FAIL' });
  const deadline = Date.now() + LAUNCH_RECORD_WAIT_MS;
  try {
    const view = await deps.temporal.withDeadline(deadline, () => deps.temporal.workflow.executeUpdateWithStart(launchRecorded, { startWorkflowOperation }));
    recordWorkflowStart(workflow.name);
    return { started: true, view };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError)
      return { started: false, view: await launchRecord(deps, options.workflowId, launchRecorded, deadline) };
    // Not recorded in time (no worker ran the workflow): answered as started if the start went through.
    if (
      error instanceof WorkflowUpdateRPCTimeoutOrCancelledError &&
      (await startWorkflowOperation.workflowHandle().then(
        () => true,
        () => false,
      ))
    ) {
      deps.log.warn({ workflowId: options.workflowId }, 'launch not recorded in time: answered before its record');
      recordWorkflowStart(workflow.name);
      return { started: true, view: null };
    }
    throw error;
  }
}

/** The launch record of a workflow a retry found: waited for while it runs; none once it has closed. */
async function launchRecord<V>(deps: ApiDependencies, workflowId: string, launchRecorded: UpdateDefinition<V, []>, deadline: number): Promise<V | null> {
  try {
    return await deps.temporal.withDeadline(deadline, () => deps.temporal.workflow.getHandle(workflowId).executeUpdate(launchRecorded));
  } catch (error) {
    // Closed, not recorded in time, or started before workflows answered launchRecorded: its row is there or follows.
    if (error instanceof WorkflowNotFoundError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof WorkflowUpdateFailedError)
      return null;
    throw error;
  }
}
