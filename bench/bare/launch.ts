// Starting a bare workflow the way the API starts ours: the API launches a workflow with Update-with-Start
// (api/workflow-start.ts: the start and a first Update, answered once the launch is recorded), so a
// same-shape baseline does the same, its first Update running the launch's activities. Without an
// Update (the floor), a plain start.
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { BARE_TASK_QUEUE } from '../environment';
import { bareStep, type BareInput, type bareWorkflow } from './workflow';

/** Starts the workflow; with `withUpdate`, its first Update in the same call, answered when that Update has run. */
export async function launchBare(client: Client, workflowId: string, input: BareInput, withUpdate: boolean): Promise<string> {
  if (!withUpdate) {
    await client.workflow.start('bareWorkflow', { taskQueue: BARE_TASK_QUEUE, workflowId, args: [input] });
    return workflowId;
  }
  const startWorkflowOperation = new WithStartWorkflowOperation<typeof bareWorkflow>('bareWorkflow', {
    taskQueue: BARE_TASK_QUEUE,
    workflowId,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
  });
  await client.workflow.executeUpdateWithStart(bareStep, { args: ['launch'], startWorkflowOperation });
  return workflowId;
}
