// The matching round as a workflow: POST /v1/matching-rounds starts a MatchingRound workflow that
// records the round in an activity and starts each offer as a child ApprenticeshipPlacement workflow
// (placement-<placementId>) which outlives the round. A request retried after its stored response was
// lost (a crash between the round and the answer) meets the same round: the same answer, no second round
// row, no second offer; a second run of the round's workflow finds every offer's workflow already there.
// Its histories are recorded for the replay test (`npm run histories:record`).
import { randomUUID } from 'node:crypto';
import type { MatchingRoundOutcome } from '../../workflows/matching-round/contract';
import { matchingRoundWorkflowId } from '../../workflows/matching-round/contract';
import { matchingRound } from '../../workflows/matching-round/workflow';
import { placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { saveAllRuns } from './placement-fixtures';
import { birthDateForAge, compliantPosition } from '../workflows/placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('a round is a workflow: offers are child workflows that outlive it; a retried request meets the same round and offers', async () => {
  const cohort = `round-wf-${randomUUID().slice(0, 8)}`;
  const school = await createOrganization(system.db, 'secondary_vocational_school', 'Round school');
  const enterprise = await createOrganization(system.db, 'enterprise', 'Round enterprise');
  const coordinator = await createUser(system.db, { organizationId: school.id, roles: ['school_coordinator'] });
  const schoolMentor = await createUser(system.db, { organizationId: school.id, roles: ['mentor'] });
  const signatory = await createUser(system.db, { organizationId: enterprise.id, roles: ['signatory'] });
  const mentor = await createUser(system.db, { organizationId: enterprise.id, roles: ['mentor'] });
  const facts = compliantPosition();
  const position = await request(system.baseUrl, 'POST', '/v1/positions', {
    headers: signatory.auth,
    body: { enterpriseOrganizationId: enterprise.id, mentorUserId: mentor.id, title: 'Round position', location: 'Shenzhen', capacity: 2, ...facts },
  });
  expect(position.status).toBe(201);
  for (let i = 0; i < 3; i++) {
    const student = await createUser(system.db, { organizationId: school.id, roles: ['student'], birthDate: new Date(`${birthDateForAge(19)}T00:00:00Z`) });
    const applied = await request(system.baseUrl, 'POST', '/v1/applications', {
      headers: student.auth,
      body: { cohort, yearOfStudy: 2, majorCode: '460104', schoolMentorUserId: schoolMentor.id, preferences: [position.body.id] },
    });
    expect(applied.status).toBe(201);
  }

  const key = randomUUID();
  const body = { schoolOrganizationId: school.id, cohort, seed: 'round-workflow', policy: { offerDeadline: 'P7D' } };
  const round = await request(system.baseUrl, 'POST', '/v1/matching-rounds', { headers: { ...coordinator.auth, 'idempotency-key': key }, body });
  expect(round.status).toBe(201);
  expect(round.body).toMatchObject({ dryRun: false, applicants: 3, positions: 1, matched: 2, unmatched: 1 });
  const offers = round.body.offers as { placementId: string }[];
  // The rows are there when the round answers (before the offers' workflows may have started).
  expect(await system.db.placement.count({ where: { matchingRoundId: round.body.id, status: 'offered' } })).toBe(2);

  const handle = system.client.workflow.getHandle(matchingRoundWorkflowId(round.body.id));
  const outcome = (await handle.result()) as MatchingRoundOutcome;
  expect(outcome).toEqual({ answer: { kind: 'recorded', roundId: round.body.id, matched: 2 }, offersStarted: 2, offersAlreadyStarted: 0 });
  // The round is over; its offers' workflows run on (parent close policy ABANDON), as children of the round.
  for (const o of offers) {
    const child = await system.client.workflow.getHandle(placementWorkflowId(o.placementId)).describe();
    expect(child.status.name).toBe('RUNNING');
    expect(child.parentExecution?.workflowId).toBe(matchingRoundWorkflowId(round.body.id));
  }
  await eventually(
    () => system.db.placement.count({ where: { matchingRoundId: round.body.id, revision: { gt: 0 } } }),
    (n) => n === 2,
    { timeoutMs: 60_000, intervalMs: 250 },
  );

  // The response was never stored (a crash after the round): the retry meets the round's workflow, which
  // answers with its recorded Update (the round is complete, so every offer was started): the same round.
  await system.db.idempotencyRecord.deleteMany({ where: { scope: coordinator.id, key } });
  const retried = await request(system.baseUrl, 'POST', '/v1/matching-rounds', { headers: { ...coordinator.auth, 'idempotency-key': key }, body });
  expect(retried.status).toBe(201);
  expect(retried.body).toEqual(round.body);
  expect(await system.db.matchingRound.count({ where: { schoolOrganizationId: school.id, cohort } })).toBe(1);

  // Running the round's workflow again (a retried start) records nothing new and starts no second offer.
  const again = await system.client.workflow.execute(matchingRound, {
    workflowId: matchingRoundWorkflowId(round.body.id),
    taskQueue: system.config.temporal.taskQueue,
    args: [{ ...body, roundId: round.body.id, positionPreferences: [], rules: system.config.placement.rules, offerPolicy: system.config.placement.policy, offeredBy: coordinator.id }],
  });
  expect(again).toEqual({ answer: { kind: 'recorded', roundId: round.body.id, matched: 2 }, offersStarted: 0, offersAlreadyStarted: 2 });
  expect(await system.db.matchingRound.count({ where: { schoolOrganizationId: school.id, cohort } })).toBe(1);
  expect(await system.db.placement.count({ where: { cohort } })).toBe(2);

  await saveAllRuns(system.client, matchingRoundWorkflowId(round.body.id), 'round-then-retried');
}, 180_000);

test('a round naming a position outside the cohort\'s preferences answers 422 and records nothing', async () => {
  const school = await createOrganization(system.db, 'secondary_vocational_school');
  const coordinator = await createUser(system.db, { organizationId: school.id, roles: ['school_coordinator'] });
  const cohort = `round-unknown-${randomUUID().slice(0, 8)}`;
  const answer = await request(system.baseUrl, 'POST', '/v1/matching-rounds', {
    headers: coordinator.auth,
    body: { schoolOrganizationId: school.id, cohort, positionPreferences: [{ positionId: randomUUID(), ranking: [] }] },
  });
  expect(answer.status).toBe(422);
  expect(await system.db.matchingRound.count({ where: { schoolOrganizationId: school.id } })).toBe(0);
});
