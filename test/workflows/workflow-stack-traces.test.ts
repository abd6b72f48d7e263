// WORKER_WORKFLOW_STACK_TRACES (worker/workflow-stack-traces.ts): off by default, the worker's workflow
// thread runs without the SDK's promise hook and Temporal's stack trace query fails (its message reaches
// the client as "Encoded failure": the failure converter seals messages); on, the query answers with
// where the workflow waits. Real worker processes (npm run worker): the setting reaches the workflow
// thread through the process's environment, which a worker made inside jest would not see (jest gives a
// test file a copy of process.env). The workflow is an agreement launched through the API, waiting for
// its signatures.
import { startChildService } from '../../devtools/child-service';
import { allianceFixture, launch, launchBody, organizationParty } from '../api/agreement-fixtures';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ worker: false });
});
afterAll(async () => {
  await system?.stop();
});

/** Runs a worker process with the setting, launches an agreement on it, and returns its stack trace query's outcome. */
async function stackTraceQuery(setting: Record<string, string>): Promise<{ answer?: string; error?: string }> {
  const worker = await startChildService({
    name: 'stack traces worker',
    entry: 'worker/main.ts',
    env: { ...process.env, ...setting, LOG_LEVEL: 'info', TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue, DATABASE_URL: system.config.database.url },
    readyMessage: 'worker started',
    onLine: () => undefined,
  });
  try {
    const alliance = await allianceFixture(system, 'Stack trace alliance');
    const member = await organizationParty(system, 'enterprise', 'Stack trace enterprise');
    const body = launchBody(alliance, [
      { partyId: 'member', displayName: member.name, role: 'signer', routingGroup: 1, organizationId: member.organizationId },
    ]);
    const { workflowId } = await launch(system, alliance, body);
    try {
      return { answer: await system.client.workflow.getHandle(workflowId).query<string>('__stack_trace') };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  } finally {
    await worker.stop();
  }
}

test('off (the default): no promise hook, and the stack trace query fails', async () => {
  expect(system.config.worker.workflowStackTraces).toBe(false);
  const outcome = await stackTraceQuery({});
  expect(outcome.answer).toBeUndefined();
  expect(outcome.error).toEqual(expect.any(String));
}, 60_000);

test('on: the stack trace query shows the agreement waiting in its workflow', async () => {
  const outcome = await stackTraceQuery({ WORKER_WORKFLOW_STACK_TRACES: 'true' });
  expect(outcome.error).toBeUndefined();
  expect(outcome.answer).toContain('agreementSigning');
}, 60_000);
