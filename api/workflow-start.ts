// Starting a workflow from a route, the same way for every process: the workflow id is derived from the
// business id (which an Idempotency-Key makes deterministic), a retried start finds the workflow already
// there instead of making a second one (REJECT_DUPLICATE: also after that workflow has closed), and an
// actual start is counted in workflow_starts_total.
import { WorkflowExecutionAlreadyStartedError, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { ApiDependencies } from './dependencies';
import { recordWorkflowStart } from './metrics';

/**
 * `workflow`: the workflow function itself, so the compiler checks `args` against its signature (a
 * type name is accepted for a workflow the API has no function of).
 */
export async function startWorkflowOnce<T extends Workflow>(
  deps: ApiDependencies,
  workflow: T | string,
  options: Omit<WorkflowStartOptions<T>, 'taskQueue' | 'workflowIdReusePolicy' | 'workflowIdConflictPolicy'>,
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
