// Acceptance 2: a 31-party charter where one party declines: the agreement is declined, and a sign
// attempted in the same second by another party is refused. Shown twice: over HTTP with signatures racing
// the decline, and at the workflow itself with a decline and a sign delivered in one workflow task.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { type AgreementSigningInput, agreementWorkflowId, declineUpdate, signUpdate } from '../../workflows/agreement-signing/contract';
import { agreementSigning } from '../../workflows/agreement-signing/workflow';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  type AllianceFixture,
  allianceFixture,
  auditSteps,
  launch,
  launchBody,
  type OrganizationParty,
  organizationParty,
  read,
  recordWithStatus,
  sha256,
  step,
} from './agreement-fixtures';

let system: TestSystem;
let alliance: AllianceFixture;
let members: OrganizationParty[];

const CHARTER = 'Charter of the digital craftsmen co-education alliance: 31 founding members.';

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system, 'Digital craftsmen co-education alliance');
  const kinds = ['secondary_vocational_school', 'university', 'government', 'industrial_park', 'enterprise'] as const;
  // One after another: the fixture's credit codes are unique per millisecond and counter, not across a burst.
  members = [];
  for (let i = 0; i < 31; i++) members.push(await organizationParty(system, kinds[i % kinds.length]!, `Founding member ${i + 1}`));
});
afterAll(async () => {
  await system?.stop();
});

const partyOf = (i: number) => ({
  partyId: `member-${i + 1}`,
  displayName: members[i]!.name,
  role: 'signer',
  routingGroup: 1,
  organizationId: members[i]!.organizationId,
});

test('31-party charter: one decline ends it; signatures racing it either landed before it or are refused', async () => {
  const { id } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      members.map((_, i) => partyOf(i)),
      { kind: 'alliance_charter', title: 'Alliance charter', document: { text: CHARTER } },
    ),
  );
  const hash = sha256(CHARTER);
  const sign = (i: number) => step(system, members[i]!.signatory, id, 'sign', { partyId: `member-${i + 1}`, documentSha256: hash });

  // Ten founding members sign first.
  const early = await Promise.all(Array.from({ length: 10 }, (_, i) => sign(i)));
  expect(early.map((r) => r.status)).toEqual(Array(10).fill(200));

  // Member 11 declines while members 12 to 31 sign, all sent at once.
  const [declined, ...racing] = await Promise.all([
    step(system, members[10]!.signatory, id, 'decline', { partyId: 'member-11', reason: 'Our board has not approved the charter.' }),
    ...Array.from({ length: 20 }, (_, i) => sign(i + 11)),
  ]);
  expect(declined.status).toBe(200);
  expect(declined.body).toMatchObject({ status: 'declined', partyId: 'member-11', alreadyDone: false });
  const declinedAt = Date.now();
  for (const response of racing) {
    // Before the decline (signed) or after it (refused): never anything else.
    if (response.status === 200) expect(response.body).toMatchObject({ status: 'in_progress', alreadyDone: false });
    else expect(response.body).toMatchObject({ status: 409, refusal: 'AgreementClosed' });
  }

  // A sign right after the decline, within the same second, is refused.
  const latecomer = racing.findIndex((r) => r.status !== 200);
  const lateIndex = latecomer >= 0 ? latecomer + 11 : 30;
  const lateSentAt = Date.now();
  const late = await step(system, members[lateIndex]!.signatory, id, 'sign', { partyId: `member-${lateIndex + 1}`, documentSha256: hash });
  expect(lateSentAt - declinedAt).toBeLessThan(1000);
  expect(late.status).toBe(409);
  expect(late.body).toMatchObject({ refusal: 'AgreementClosed', detail: expect.stringContaining('the agreement was declined at') });

  // The records agree: declined, and no signature after the decline, in the trail or in the table.
  const row = await recordWithStatus(system, id, 'declined');
  expect(row).toMatchObject({ closedReason: 'Our board has not approved the charter.', closedBy: members[10]!.signatory.id });
  const accepted = racing.filter((r) => r.status === 200).length;
  expect(await system.db.agreementSignature.count({ where: { agreementId: id } })).toBe(10 + accepted);
  const trail = await auditSteps(system, id);
  const declineEntry = trail.find((e) => e.step === 'declined')!;
  expect(trail.filter((e) => e.step === 'signed')).toHaveLength(10 + accepted);
  expect(trail.filter((e) => e.step === 'signed' && e.sequence > declineEntry.sequence)).toEqual([]);

  const view = await read(system, members[0]!.signatory, `/v1/agreements/${id}`);
  expect(view.body).toMatchObject({
    status: 'declined',
    outcome: { step: 'declined', partyId: 'member-11', reason: 'Our board has not approved the charter.' },
  });
  const result = await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
  expect(result.status).toBe('declined');
  console.log(
    `31-party charter: 10 signed before, ${accepted} of 20 racing signatures landed before the decline, ${20 - accepted} refused; the sign sent ${lateSentAt - declinedAt} ms after the decline's answer: ${late.status} ${late.body.refusal}`,
  );

  // Once the workflow has ended, the answers come from the records: the same refusal, and a repeat by a
  // member who signed is still harmless.
  expect((await sign(lateIndex)).status).toBe(409);
  expect((await sign(0)).body).toMatchObject({ alreadyDone: true, status: 'declined' });
});

test('a decline and a sign delivered in the same workflow task: the sign is refused', async () => {
  const { id } = await launch(system, alliance, launchBody(alliance, [0, 1, 2].map(partyOf), { kind: 'alliance_charter', document: { text: CHARTER } }));
  const handle = system.client.workflow.getHandle(agreementWorkflowId(id));
  await recordWithStatus(system, id, 'in_progress');
  const actor = (i: number) => ({ userId: members[i]!.signatory.id, organizationId: members[i]!.organizationId, roles: ['signatory'] });

  // With no worker, both updates wait at the server and reach the workflow together.
  await system.stopWorker();
  const decline = handle.executeUpdate(declineUpdate, { args: [{ actor: actor(0), partyId: 'member-1', reason: 'Withdrawn.' }] });
  // Time for the decline's request to reach the server first (there is no admission stage to wait for without a worker).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const sign = handle.executeUpdate(signUpdate, { args: [{ actor: actor(1), partyId: 'member-2', documentSha256: sha256(CHARTER) }] }).then(
    () => null,
    (error: unknown) => error,
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await system.startWorker();

  expect(await decline).toMatchObject({ status: 'declined' });
  const refusal = await sign;
  expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refusal as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
  expect(((refusal as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('AgreementClosed');
  expect((await handle.result()).parties.find((p: { partyId: string }) => p.partyId === 'member-2')?.state).toBe('pending');

  // The refused sign left no trace in the history: only the decline was accepted (after the launch's own
  // Update, launchRecorded, which the API sends with the start: api/workflow-start.ts).
  const history = await handle.fetchHistory();
  const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toEqual(['launchRecorded', 'decline']);
  await saveHistory(system.client, agreementWorkflowId(id), 'decline-and-sign-in-one-task');
});

test('steps that reach the workflow with its start are recorded after the launch', async () => {
  // A launch through the API answers once the workflow has recorded it (Update-with-Start,
  // api/workflow-start.ts), so no step sent through the API can reach a workflow with its start any more.
  // Started here by the Temporal client with no worker, the launch and three signatures wait at the
  // server and reach the workflow in its first task.
  await system.stopWorker();
  const id = randomUUID();
  const documentSha256 = sha256(CHARTER);
  const input: AgreementSigningInput = {
    agreementId: id,
    allianceId: alliance.allianceId,
    secretariatOrganizationId: alliance.secretariatOrganizationId,
    launchedBy: alliance.secretariat.id,
    title: 'Charter',
    kind: 'alliance_charter',
    document: { text: CHARTER },
    documentSha256,
    parties: [0, 1, 2].map((i) => ({ ...partyOf(i), role: 'signer' as const, kind: 'organization' as const, userId: null })),
    policy: { deadline: 'P30D' },
  };
  const handle = await system.client.workflow.start(agreementSigning, {
    workflowId: agreementWorkflowId(id),
    taskQueue: system.config.temporal.taskQueue,
    args: [input],
  });
  const actor = (i: number) => ({ userId: members[i]!.signatory.id, organizationId: members[i]!.organizationId, roles: ['signatory'] });
  const signing = [0, 1, 2].map((i) => handle.executeUpdate(signUpdate, { args: [{ actor: actor(i), partyId: `member-${i + 1}`, documentSha256 }] }));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await system.startWorker();
  expect((await Promise.all(signing)).map((r) => r.alreadyDone)).toEqual([false, false, false]);
  await recordWithStatus(system, id, 'effective');
  // The certificate of completion's PDF is recorded right after completion (issue 21).
  const trail = await eventually(
    () => auditSteps(system, id),
    (entries) => entries.some((e) => e.step === 'certificate_rendered'),
  );
  expect(trail.map((e) => e.step)).toEqual(['launched', 'signed', 'signed', 'signed', 'completed', 'certificate_rendered']);
  await saveHistory(system.client, agreementWorkflowId(id), 'steps-with-the-start');
});
