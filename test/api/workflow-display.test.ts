// What the Temporal Web UI shows of a process's workflow: a static summary and details on the start,
// a memo with the title and every party (organisation parties too), and a description on each query
// and update (read back as the UI reads it: describe() and __temporal_workflow_metadata). The summary,
// details and memo are payloads: sealed by the payload codec like the workflow's input.
import type { temporal } from '@temporalio/proto';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { allianceFixture, launch, launchBody, organizationParty } from './agreement-fixtures';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('an agreement launched through the API: summary, details, memo with its organisation parties, described handlers', async () => {
  const alliance = await allianceFixture(system);
  const school = await organizationParty(system, 'secondary_vocational_school', 'Display school');
  const enterprise = await organizationParty(system, 'enterprise', 'Display enterprise');
  const body = launchBody(
    alliance,
    [
      { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
      { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId },
    ],
    { title: 'Dual-education memorandum 2027' },
  );
  const { id } = await launch(system, alliance, body);
  const handle = system.client.workflow.getHandle(agreementWorkflowId(id));
  const description = await handle.describe();

  const summary = await description.staticSummary();
  const details = await description.staticDetails();
  process.stdout.write(`staticSummary: ${summary}\nstaticDetails:\n${details}\nmemo: ${JSON.stringify(description.memo)}\n`);
  expect(summary).toBe('Agreement: Dual-education memorandum 2027');
  expect(details).toContain(`| ${school.name} | signer | ${school.organizationId} |  |`);
  expect(details).toContain(`| ${enterprise.name} | signer | ${enterprise.organizationId} |  |`);
  expect(description.memo).toEqual({
    title: 'Dual-education memorandum 2027',
    parties: [
      { name: school.name, role: 'signer', organizationId: school.organizationId, userId: null },
      { name: enterprise.name, role: 'signer', organizationId: enterprise.organizationId, userId: null },
    ],
  });

  // Sealed on the server: what Temporal stores is the codec's ciphertext, not the title.
  const raw = await system.client.workflowService.describeWorkflowExecution({
    namespace: system.config.temporal.namespace,
    execution: { workflowId: handle.workflowId },
  });
  const stored: temporal.api.common.v1.IPayload[] = [
    raw.executionConfig!.userMetadata!.summary!,
    raw.executionConfig!.userMetadata!.details!,
    raw.workflowExecutionInfo!.memo!.fields!.title!,
  ];
  for (const payload of stored) {
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(payload.data!).toString('latin1')).not.toContain('Dual-education');
  }

  // The handlers as the UI lists them (the built-in metadata query).
  const metadata = await handle.query<{
    definition: { queryDefinitions: { name: string; description?: string }[]; updateDefinitions: { name: string; description?: string }[] };
  }>('__temporal_workflow_metadata');
  const handlers = [...metadata.definition.queryDefinitions, ...metadata.definition.updateDefinitions].filter((d) => !d.name.startsWith('__'));
  process.stdout.write(`${handlers.map((d) => `${d.name}: ${d.description}`).join('\n')}\n`);
  expect(handlers.map((d) => d.name)).toEqual(expect.arrayContaining(['status', 'sign', 'approve', 'decline', 'delegate', 'amend', 'void']));
  expect(handlers.filter((d) => !d.description)).toEqual([]);
});
