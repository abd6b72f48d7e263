// Finding 5 of issue 13, second half: a workflow that ended abnormally (Temporal terminated it over its
// history limit) left its agreement reading `in_progress` for ever, and every step answered 409 with no
// cause. Here workflows are really terminated with the Temporal client; the API then answers the real
// state (GET: status workflow_terminated; a step: 409 workflow-ended), records it so lists show it, and
// the worker's reconciler records an end that nobody read.
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import { certificationWorkflowId } from '../../workflows/certification-review/contract';
import { reconcileAbnormalEnds } from '../../platform/workflow-ends';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launch, launchBody, organizationParty, read, recordWithStatus, sha256, step } from './agreement-fixtures';
import { apply as applyForCertification, createCast, createProgramme, examResults, waitForStatus as waitForApplication } from './certification-helpers';
import {
  apply as applyForPlacement,
  createPlacementParties,
  fastPolicy,
  offer,
  publishPosition,
  step as placementStep,
  waitForStatus as waitForPlacement,
} from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);
afterAll(async () => system?.stop());

const WORKFLOW_ENDED = 'https://allianceflow.dev/problems/workflow-ended';

test('a terminated agreement reads workflow_terminated, its steps answer 409 workflow-ended, and lists show it', async () => {
  const alliance = await allianceFixture(system, 'Chaos alliance');
  const school = await organizationParty(system, 'secondary_vocational_school', 'Chaos School');
  const enterprise = await organizationParty(system, 'enterprise', 'Chaos Enterprise');
  const text = 'The parties agree, until a chaos tester intervenes.';
  const { id } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      [
        { partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.organizationId },
        { partyId: 'enterprise', displayName: 'Enterprise', role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId },
      ],
      { document: { text }, policy: { deadline: 'PT10M' } },
    ),
  );
  await recordWithStatus(system, id, 'in_progress');
  expect((await step(system, school.signatory, id, 'sign', { partyId: 'school', documentSha256: sha256(text) })).status).toBe(200);

  await system.client.workflow.getHandle(agreementWorkflowId(id)).terminate('history size exceeds limit (simulated)');

  const view = await read(system, school.signatory, `/v1/agreements/${id}`);
  expect(view.status).toBe(200);
  expect(view.body).toMatchObject({ status: 'workflow_terminated', workflowEnd: { status: 'workflow_terminated', temporalStatus: 'TERMINATED' } });

  const signed = await step(system, enterprise.signatory, id, 'sign', { partyId: 'enterprise', documentSha256: sha256(text) });
  expect(signed.status).toBe(409);
  expect(signed.body).toMatchObject({ type: WORKFLOW_ENDED, workflowStatus: 'workflow_terminated', detail: expect.stringContaining('was terminated') });
  const voided = await step(system, alliance.secretariat, id, 'void', { reason: 'Too late.' });
  expect(voided.status).toBe(409);
  expect(voided.body.type).toBe(WORKFLOW_ENDED);

  // Recorded: the row and the lists say so (filtering by the new status works too).
  const row = await system.db.agreement.findUniqueOrThrow({ where: { id } });
  expect(row).toMatchObject({ status: 'workflow_terminated', closedBy: 'system', closedReason: expect.stringContaining('TERMINATED') });
  const listed = await read(system, alliance.secretariat, `/v1/agreements?allianceId=${alliance.allianceId}`);
  expect(listed.body.items.find((a: { id: string }) => a.id === id)?.status).toBe('workflow_terminated');
  const filtered = await read(system, alliance.secretariat, `/v1/agreements?status=workflow_terminated&allianceId=${alliance.allianceId}`);
  expect(filtered.body.items.map((a: { id: string }) => a.id)).toEqual([id]);
  // Read again: the same answer, from the record.
  expect((await read(system, enterprise.signatory, `/v1/agreements/${id}`)).body).toMatchObject({ status: 'workflow_terminated' });
}, 120_000);

test('a terminated placement reads workflow_terminated and its steps answer 409 workflow-ended', async () => {
  const p = await createPlacementParties(system.db);
  const positionId = await publishPosition(system, p);
  const application = await applyForPlacement(system, p, [positionId]);
  const offered = await offer(system, p, application.id, positionId, fastPolicy('PT1S', { offerDeadline: 'PT10M' }));
  expect(offered.status).toBe(201);
  const placementId = offered.body.id as string;
  await waitForPlacement(system, placementId, 'offered');
  await eventually(
    () => system.db.placement.findUnique({ where: { id: placementId } }),
    (row) => row !== null,
  );

  await system.client.workflow.getHandle(placementWorkflowId(placementId)).terminate('simulated');

  const view = await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: p.student.auth });
  expect(view.body).toMatchObject({ status: 'workflow_terminated', workflowEnd: { temporalStatus: 'TERMINATED' } });
  const accepted = await placementStep(system, placementId, 'accept', p.student.auth);
  expect(accepted.status).toBe(409);
  expect(accepted.body).toMatchObject({ type: WORKFLOW_ENDED, workflowStatus: 'workflow_terminated' });
  const listed = await request(system.baseUrl, 'GET', `/v1/placements?status=workflow_terminated&schoolOrganizationId=${p.school.id}`, {
    headers: p.coordinator.auth,
  });
  expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([placementId]);
}, 120_000);

test('a terminated certification application nobody reads is recorded by the reconciler; then its steps answer 409', async () => {
  const cast = await createCast(system);
  const programmeId = await createProgramme(system, cast);
  const applicationId = await applyForCertification(system, cast, programmeId);
  await waitForApplication(system, applicationId, 'awaiting_exam');
  const since = new Date(Date.now() - 60_000);

  await system.client.workflow.getHandle(certificationWorkflowId(applicationId)).terminate('simulated');

  // No API read: the reconciler's pass (as the worker runs it) finds the end through visibility.
  await eventually(
    async () => {
      await reconcileAbnormalEnds(system.client, system.db, since);
      return system.db.certificationApplication.findUniqueOrThrow({ where: { id: applicationId }, select: { status: true, closed: true } });
    },
    (row) => row.status === 'workflow_terminated',
    { timeoutMs: 30_000 },
  );
  const listed = await request(system.baseUrl, 'GET', `/v1/certification-applications?status=workflow_terminated&programmeId=${programmeId}`, {
    headers: cast.secretariat.auth,
  });
  expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([applicationId]);
  const view = await request(system.baseUrl, 'GET', `/v1/certification-applications/${applicationId}`, { headers: cast.candidate.auth });
  expect(view.body.status).toBe('workflow_terminated');
  const results = await examResults(system, cast, applicationId);
  expect(results.status).toBe(409);
  expect(results.body).toMatchObject({ type: WORKFLOW_ENDED, workflowStatus: 'workflow_terminated' });
}, 120_000);
