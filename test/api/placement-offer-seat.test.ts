// A direct offer's seat is taken by the offer's own workflow (issue 14: one writer of the placements row).
// POST /v1/placements checks the applicant's eligibility and starts the workflow; the workflow's launch
// activity (claimOfferSeat) takes the seat under the enterprise's lock and writes the row. The refusals
// are the route's as before: a full position and an application that has an offer are 409, a staff
// share with no room is 422; a refused request's retry with the same Idempotency-Key may try again.
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { apply, birthDateForAge, createPlacementParties, fastPolicy, publishPosition, saveAllRuns, step } from './placement-fixtures';
import type { PlacementParties } from '../workflows/placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const EventType = temporal.api.enums.v1.EventType;

async function student(p: PlacementParties, name: string): Promise<TestUser> {
  return createUser(system.db, { organizationId: p.school.id, roles: ['student'], name, birthDate: new Date(`${birthDateForAge(19)}T00:00:00Z`) });
}

function offerAs(p: PlacementParties, applicationId: string, positionId: string, key?: string) {
  return request(system.baseUrl, 'POST', '/v1/placements', {
    headers: { ...p.coordinator.auth, ...(key ? { 'idempotency-key': key } : {}) },
    body: { applicationId, positionId, policy: fastPolicy('PT1M') },
  });
}

/** The activities the workflow scheduled, in order. */
async function scheduledActivities(placementId: string): Promise<string[]> {
  const history = await system.client.workflow.getHandle(placementWorkflowId(placementId)).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
    .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
}

test("a direct offer's seat and row are the workflow's: the same refusals, and a refused request may be retried", async () => {
  const p = await createPlacementParties(system.db);
  const [second, third] = [await student(p, 'Student Qian'), await student(p, 'Student Sun')];
  // One place; and one whose staff share allows one intern (20% of 5).
  const onePlace = await publishPosition(system, p, { capacity: 1 });
  const smallTeam = await publishPosition(system, p, { capacity: 5, positionStaff: 5 });
  const first = await apply(system, p, [onePlace, smallTeam]);
  const secondApplication = await apply(system, { ...p, student: second }, [onePlace, smallTeam]);
  const thirdApplication = await apply(system, { ...p, student: third }, [smallTeam]);

  const offered = await offerAs(p, first.id, onePlace);
  expect(offered.status).toBe(201);
  // The row was written by the workflow's first activity, which took the seat.
  expect((await scheduledActivities(offered.body.id))[0]).toBe('claimOfferSeat');
  expect(await system.db.placement.findUnique({ where: { id: offered.body.id }, select: { status: true, applicationId: true } })).toEqual({
    status: 'offered',
    applicationId: first.id,
  });
  expect((await system.db.placementApplication.findUniqueOrThrow({ where: { id: first.id } })).status).toBe('offered');

  // The position is full: 409, nothing written, the application still open.
  const key = `offer-${randomUUID()}`;
  const full = await offerAs(p, secondApplication.id, onePlace, key);
  expect(full.status).toBe(409);
  expect(full.body).toMatchObject({ type: expect.stringContaining('conflict'), status: 409, detail: 'The position is full (1 places).' });
  expect(await system.db.placement.count({ where: { studentUserId: second.id } })).toBe(0);
  expect((await system.db.placementApplication.findUniqueOrThrow({ where: { id: secondApplication.id } })).status).toBe('open');

  // The application has an offer already: 409.
  const taken = await offerAs(p, first.id, smallTeam);
  expect(taken.status).toBe(409);
  expect(taken.body.detail).toBe('The application is offered: it has an offer already or was closed.');

  // The staff share leaves no room after one intern: 422 with the rule.
  expect((await offerAs(p, thirdApplication.id, smallTeam)).status).toBe(201);
  const noRoom = await offerAs(p, secondApplication.id, smallTeam);
  expect(noRoom.status).toBe(422);
  expect(noRoom.body).toMatchObject({
    type: expect.stringContaining('placement-rule-violation'),
    detail: 'The position or the enterprise has no room for another intern.',
  });
  expect(noRoom.body.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual(['capacity.position_share']);

  // The first student declines, the place is free again: the refused request, retried with its key, now succeeds
  // (a refusal does not consume the key; its workflow id gets a new run).
  expect((await step(system, offered.body.id, 'decline', p.student.auth, { reason: 'another offer' })).status).toBe(200);
  const retried = await offerAs(p, secondApplication.id, onePlace, key);
  expect(retried.status).toBe(201);
  expect(retried.headers.get('idempotent-replayed')).toBeNull();
  expect(await system.db.placement.findUnique({ where: { id: retried.body.id }, select: { status: true, studentUserId: true } })).toEqual({
    status: 'offered',
    studentUserId: second.id,
  });
  // Its workflow id is the refused run's: a retry lands on the same placement id.
  const runs = async () => {
    const statuses: string[] = [];
    for await (const run of system.client.workflow.list({ query: `WorkflowId = '${placementWorkflowId(retried.body.id)}'` })) statuses.push(run.status.name);
    return statuses.sort();
  };
  expect(await eventually(runs, (statuses) => statuses.length === 2)).toEqual(['FAILED', 'RUNNING']);

  // Recorded for the replay test (RECORD_HISTORIES=1): the refused run and the run that took the seat.
  expect((await step(system, retried.body.id, 'terminate', p.coordinator.auth, { reason: 'test over' })).status).toBe(200);
  await system.client.workflow.getHandle(placementWorkflowId(retried.body.id)).result();
  await saveAllRuns(system.client, placementWorkflowId(retried.body.id), 'direct-offer-claims-seat');
}, 120_000);
