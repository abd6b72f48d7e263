// A step on a resource the caller cannot see answers exactly like a step on an id that does not exist:
// 404, same title and detail (the id aside). A 403 ("not the assignee") or a 409 ("wrong state") to a
// stranger would tell that the resource exists and what state it is in (docs/authorization.md). Checked
// across the three processes: agreement steps, placement steps, certification steps and review tasks.
import { randomUUID } from 'node:crypto';
import { CERTIFICATION_REVIEW_WORKFLOW, certificationWorkflowId } from '../../workflows/certification-review/contract';
import { admitMembers } from '../support/alliance-members';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launch, launchBody, organizationParty } from './agreement-fixtures';
import { createCast, createProgramme, directApplicationInput, openTask, testPolicy } from './certification-helpers';
import { apply, createPlacementParties, offer, publishPosition, waitForStatus } from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

/** The answer to `who` posting `path`, and to the same post on a fresh id in place of `id`. */
async function asUnknown(who: TestUser, path: string, id: string, body: unknown) {
  const seen = await request(system.baseUrl, 'POST', path, { headers: who.auth, body });
  const ghost = randomUUID();
  const unknown = await request(system.baseUrl, 'POST', path.replace(id, ghost), { headers: who.auth, body });
  const shape = (r: typeof seen, theId: string) => ({
    status: r.status,
    type: r.body?.type,
    title: r.body?.title,
    detail: typeof r.body?.detail === 'string' ? r.body.detail.replace(theId, '<id>') : r.body?.detail,
    refusal: r.body?.refusal,
  });
  return { stranger: shape(seen, id), unknown: shape(unknown, ghost) };
}

test('agreement steps: a caller of an organisation that is no party gets the 404 of an unknown agreement', async () => {
  const alliance = await allianceFixture(system, 'Unseen steps alliance');
  const school = await organizationParty(system, 'secondary_vocational_school', 'Unseen School');
  const enterprise = await organizationParty(system, 'enterprise', 'Unseen Works');
  await admitMembers(system.db, alliance.allianceId, [school.organizationId, enterprise.organizationId]);
  const parties = [
    { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
    { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 2, organizationId: enterprise.organizationId },
  ];
  const agreement = await launch(system, alliance, launchBody(alliance, parties));
  const stranger = (await organizationParty(system, 'enterprise', 'Stranger Works')).signatory;
  const steps: [string, unknown][] = [
    ['sign', { partyId: 'enterprise', documentSha256: agreement.documentSha256 }], // not its turn: a party would get 409
    ['decline', { partyId: 'school', reason: 'no' }],
    ['void', { reason: 'no' }],
  ];
  for (const [name, body] of steps) {
    const { stranger: answer, unknown } = await asUnknown(stranger, `/v1/agreements/${agreement.id}/${name}`, agreement.id, body);
    expect({ name, ...answer }).toEqual({ name, ...unknown });
    expect(answer.status).toBe(404);
  }
});

test('placement steps: a student of another school gets the 404 of an unknown placement', async () => {
  const p = await createPlacementParties(system.db);
  const positionId = await publishPosition(system, p);
  const application = await apply(system, p, [positionId]);
  const offered = await offer(system, p, application.id, positionId);
  expect(offered.status).toBe(201);
  const placementId = offered.body.id as string;
  await waitForStatus(system, placementId, 'offered');
  const otherSchool = await createOrganization(system.db, 'secondary_vocational_school');
  const stranger = await createUser(system.db, { organizationId: otherSchool.id, roles: ['student', 'school_coordinator'] });
  const steps: [string, unknown][] = [
    ['accept', {}],
    ['decline', { reason: 'no' }],
    ['check-ins', { week: 1, days: [{ date: '2027-03-01', hours: 8 }], tasks: 'x', reflections: 'y' }], // not active: a party would get 409
    ['terminate', { reason: 'no' }],
  ];
  for (const [name, body] of steps) {
    const { stranger: answer, unknown } = await asUnknown(stranger, `/v1/placements/${placementId}/${name}`, placementId, body);
    expect({ name, ...answer }).toEqual({ name, ...unknown });
    expect(answer.status).toBe(404);
  }
});

test('certification steps and review tasks: a stranger gets the 404 of an unknown application or task', async () => {
  const cast = await createCast(system, 3);
  const programmeId = await createProgramme(system, cast, testPolicy());
  const input = await directApplicationInput(system, cast, programmeId, 'Candidate');
  const { applicationId } = input;
  await system.client.workflow.start(CERTIFICATION_REVIEW_WORKFLOW, {
    taskQueue: system.config.temporal.taskQueue,
    workflowId: certificationWorkflowId(applicationId),
    args: [input],
  });
  const exam = await request(system.baseUrl, 'POST', `/v1/certification-applications/${applicationId}/exam-results`, {
    headers: cast.examSystem.auth,
    body: { examId: 'unseen', theoryScore: 80, practicalScore: 80 },
  });
  expect(exam.status).toBe(200);
  const task = await openTask(system, applicationId, 'formal');

  // Outside the programme's evaluation bodies and not involved in the application.
  const elsewhere = await createOrganization(system.db, 'enterprise');
  const stranger = await createUser(system.db, { organizationId: elsewhere.id, roles: ['reviewer', 'candidate', 'school_coordinator'] });
  const taskSteps: [string, unknown][] = [
    ['claim', undefined],
    ['unclaim', undefined],
    ['decision', { decision: 'approve' }],
  ];
  for (const [name, body] of taskSteps) {
    const { stranger: answer, unknown } = await asUnknown(stranger, `/v1/review-tasks/${task.id}/${name}`, task.id, body);
    expect({ name, ...answer }).toEqual({ name, ...unknown });
    expect(answer.status).toBe(404);
  }
  const applicationSteps: [string, unknown][] = [
    ['resubmit', { note: 'x' }], // no changes were requested: the candidate would get 409
    ['appeal', { reason: 'x' }],
    ['objections', { reason: 'x' }], // not on public notice
  ];
  for (const [name, body] of applicationSteps) {
    const { stranger: answer, unknown } = await asUnknown(stranger, `/v1/certification-applications/${applicationId}/${name}`, applicationId, body);
    expect({ name, ...answer }).toEqual({ name, ...unknown });
    expect(answer.status).toBe(404);
  }
  // Who can see it still gets the workflow's precise refusal: the candidate, told it is not the time.
  const resubmit = await request(system.baseUrl, 'POST', `/v1/certification-applications/${applicationId}/resubmit`, {
    headers: cast.candidate.auth,
    body: { note: 'x' },
  });
  expect(resubmit.status).toBe(409);
  // A reviewer of the evaluation body who is not the assignee: 403 by name, as before.
  const notAssignee = await request(system.baseUrl, 'POST', `/v1/review-tasks/${task.id}/decision`, {
    headers: cast.reviewers[0]!.auth,
    body: { decision: 'approve' },
  });
  expect(notAssignee.body).toMatchObject({ status: 403, refusal: 'NotAssignee' });
});
