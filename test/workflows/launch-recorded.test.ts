// Read-your-write after a start: each process answers the Update `launchRecorded`, sent with the start
// (executeUpdateWithStart, Temporal's early-return pattern), once its launch is recorded, so its row is
// there as soon as the call returns. Driven through the contracts on the real server (no API).
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { type AgreementSigningInput, agreementWorkflowId, launchRecordedUpdate as agreementLaunchRecorded } from '../../workflows/agreement-signing/contract';
import type { agreementSigning } from '../../workflows/agreement-signing/workflow';
import { launchRecordedUpdate as placementLaunchRecorded, placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import type { apprenticeshipPlacement } from '../../workflows/apprenticeship-placement/workflow';
import { certificationWorkflowId, launchRecordedUpdate as certificationLaunchRecorded } from '../../workflows/certification-review/contract';
import type { certificationReview } from '../../workflows/certification-review/workflow';
import { allianceFixture, organizationParty, sha256 } from '../api/agreement-fixtures';
import { createCast, createProgramme, directApplicationInput, testPolicy } from '../api/certification-helpers';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { createPlacementParties, fastPolicy, placementInput } from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

function startOperation<T extends typeof agreementSigning | typeof apprenticeshipPlacement | typeof certificationReview>(
  workflow: string,
  workflowId: string,
  args: Parameters<T>,
) {
  return new WithStartWorkflowOperation<T>(workflow, {
    workflowId,
    args,
    taskQueue: system.config.temporal.taskQueue,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

test('an agreement answers once its row and launch entry are written; a repeat answers the same', async () => {
  const alliance = await allianceFixture(system, 'Launch-recorded alliance');
  const member = await organizationParty(system, 'enterprise', 'Launch-recorded enterprise');
  const agreementId = randomUUID();
  const text = 'A memorandum of cooperation.';
  const input: AgreementSigningInput = {
    agreementId,
    allianceId: alliance.allianceId,
    secretariatOrganizationId: alliance.secretariatOrganizationId,
    launchedBy: alliance.secretariat.id,
    title: 'Launch recorded',
    kind: 'cooperation_memorandum',
    document: { text },
    documentSha256: sha256(text),
    parties: [
      {
        partyId: 'member',
        displayName: member.name,
        role: 'signer',
        routingGroup: 1,
        kind: 'organization',
        userId: null,
        organizationId: member.organizationId,
      },
    ],
    policy: { deadline: 'P30D' },
  };
  const workflowId = agreementWorkflowId(agreementId);
  const view = await system.client.workflow.executeUpdateWithStart(agreementLaunchRecorded, {
    startWorkflowOperation: startOperation<typeof agreementSigning>('agreementSigning', workflowId, [input]),
  });
  expect(view).toMatchObject({ agreementId, status: 'in_progress', version: 1, documentSha256: sha256(text) });
  // No waiting: the row and the launch entry are there when the update answers.
  expect(await system.db.agreement.findUnique({ where: { id: agreementId } })).toMatchObject({ status: 'in_progress' });
  expect(await system.db.auditEntry.count({ where: { subjectId: agreementId, step: 'launched' } })).toBe(1);

  const again = await system.client.workflow.executeUpdateWithStart(agreementLaunchRecorded, {
    startWorkflowOperation: startOperation<typeof agreementSigning>('agreementSigning', workflowId, [input]),
  });
  expect(again).toMatchObject({ agreementId, status: 'in_progress' });
  await system.client.workflow.getHandle(workflowId).terminate('test over');
});

test('a placement answers once its offer is recorded', async () => {
  const p = await createPlacementParties(system.db);
  const input = placementInput(p, { policy: fastPolicy('PT1M') });
  const workflowId = placementWorkflowId(input.placementId);
  const view = await system.client.workflow.executeUpdateWithStart(placementLaunchRecorded, {
    startWorkflowOperation: startOperation<typeof apprenticeshipPlacement>('apprenticeshipPlacement', workflowId, [input]),
  });
  expect(view).toMatchObject({ placementId: input.placementId, status: 'offered' });
  expect(await system.db.placement.findUnique({ where: { id: input.placementId } })).toMatchObject({ status: 'offered' });
  await system.client.workflow.getHandle(workflowId).terminate('test over');
});

test('a certification application answers once its submission (with the eligibility outcome) is recorded', async () => {
  const cast = await createCast(system, 2);
  const programmeId = await createProgramme(system, cast, testPolicy());
  const input = await directApplicationInput(system, cast, programmeId);
  const { applicationId } = input;
  const workflowId = certificationWorkflowId(applicationId);
  const view = await system.client.workflow.executeUpdateWithStart(certificationLaunchRecorded, {
    startWorkflowOperation: startOperation<typeof certificationReview>('certificationReview', workflowId, [input]),
  });
  expect(view).toMatchObject({ applicationId, status: 'awaiting_exam' });
  expect(await system.db.certificationApplication.findUnique({ where: { id: applicationId } })).toMatchObject({ status: 'awaiting_exam' });
  await system.client.workflow.getHandle(workflowId).terminate('test over');
});
