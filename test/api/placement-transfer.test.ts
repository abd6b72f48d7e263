// Acceptance 4: a transfer stops this placement and starts a linked continuation at the new position
// (the UK service's change of employer: stop, then a continuation record). Both placements' states are
// consistent: live, in the projection, and in the links both ways. Also: termination, and the guarded
// states refusing steps out of turn.
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { eventually } from '../support/eventually';
import {
  activePlacement,
  createPlacementParties,
  fastPolicy,
  fullWeek,
  liveStatus,
  publishPosition,
  saveAllRuns,
  signAgreement,
  step,
  waitForStatus,
} from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('a transfer produces two linked placements with consistent states', async () => {
  const p = await createPlacementParties(system.db);
  const { placementId: firstId } = await activePlacement(system, p, { policy: fastPolicy('PT2S', { weeks: 20, checkInGrace: 'PT6S' }) });
  const secondPosition = await publishPosition(system, p, { title: 'Quality inspection assistant' });

  // Two weeks at the first position, then the school transfers the student.
  for (const week of [1, 2]) {
    await eventually(
      () => liveStatus(system, firstId),
      (s) => (s.currentWeek ?? 0) >= week,
      { intervalMs: 25 },
    );
    expect((await step(system, firstId, 'check-ins', p.student.auth, { week, days: fullWeek(), tasks: `week ${week}` })).status).toBe(200);
  }
  await eventually(
    () => liveStatus(system, firstId),
    (s) => s.weeksElapsed >= 2,
  );
  const transferred = await step(system, firstId, 'transfer', p.coordinator.auth, {
    positionId: secondPosition,
    reason: 'The first workshop is being rebuilt.',
  });
  expect(transferred.status).toBe(200);
  expect(transferred.body).toMatchObject({ step: 'transfer', status: 'transferred', alreadyDone: false });
  const secondId: string = transferred.body.continuationPlacementId;
  expect(secondId).toMatch(/^[0-9a-f-]{36}$/);

  // A repeat answers the same continuation and changes nothing.
  const again = await step(system, firstId, 'transfer', p.coordinator.auth, { positionId: secondPosition, reason: 'The first workshop is being rebuilt.' });
  expect(again.body).toMatchObject({ alreadyDone: true, continuationPlacementId: secondId });

  // The first placement is closed and points forward; the continuation points back and needs its own agreement.
  const first = await system.client.workflow.getHandle(`placement-${firstId}`).result();
  expect(first.status).toBe('transferred');
  expect(first.outcome).toMatchObject({ kind: 'transferred', continuationPlacementId: secondId, reason: 'The first workshop is being rebuilt.' });
  const second = await waitForStatus(system, secondId, 'agreement_pending');
  expect(second.origin).toEqual({ kind: 'transfer', previousPlacementId: firstId, reason: 'The first workshop is being rebuilt.' });
  expect(second.studentUserId).toBe(first.studentUserId);
  expect(second.positionId).toBe(secondPosition);
  expect(second.carriedOver).toMatchObject({ weeksCompleted: first.weeksElapsed, checkInsSubmitted: 2 });
  expect(second.policy.checkInPeriod).toBe('PT2S');
  expect(second.insurance).toEqual(first.insurance);

  // In the projection: the links both ways, one seat held (the continuation), the list shows both.
  const rows = await eventually(
    () => system.db.placement.findMany({ where: { id: { in: [firstId, secondId] } } }),
    (r) =>
      r.length === 2 && r.some((x) => x.id === firstId && x.status === 'transferred') && r.some((x) => x.id === secondId && x.status === 'agreement_pending'),
  );
  const firstRow = rows.find((r) => r.id === firstId)!;
  const secondRow = rows.find((r) => r.id === secondId)!;
  expect(firstRow).toMatchObject({
    nextPlacementId: secondId,
    previousPlacementId: null,
    closedReason: 'The first workshop is being rebuilt.',
    checkInsSubmitted: 2,
  });
  expect(secondRow).toMatchObject({ previousPlacementId: firstId, nextPlacementId: null, studentUserId: p.student.id, positionId: secondPosition });
  const list = await request(system.baseUrl, 'GET', `/v1/placements?schoolOrganizationId=${p.school.id}`, { headers: p.coordinator.auth });
  expect(list.body.items.map((x: { id: string; status: string }) => [x.id, x.status]).sort()).toEqual(
    [
      [firstId, 'transferred'],
      [secondId, 'agreement_pending'],
    ].sort(),
  );

  // Steps on the stopped placement are refused; the continuation runs once its agreement is signed.
  expect((await step(system, firstId, 'check-ins', p.student.auth, { week: 3, days: fullWeek(), tasks: 'late' })).status).toBe(409);
  await signAgreement(system, p, second.agreement.agreementId, ['school', 'enterprise', 'student']);
  const running = await waitForStatus(system, secondId, 'active');
  expect(running.agreement.status).toBe('effective');
  expect((await step(system, secondId, 'terminate', p.enterpriseSignatory.auth, { reason: 'Test over.' })).status).toBe(200);
  const ended = await system.client.workflow.getHandle(`placement-${secondId}`).result();
  expect(ended.outcome).toMatchObject({ kind: 'terminated', by: p.enterpriseSignatory.id, reason: 'Test over.' });

  await saveAllRuns(system.client, `placement-${firstId}`, 'transfer-first');
  await saveAllRuns(system.client, `placement-${secondId}`, 'transfer-continuation');
}, 90_000);

test('guarded states: no step out of turn, no termination by the student, nothing after the end', async () => {
  const p = await createPlacementParties(system.db);
  const { placementId } = await activePlacement(system, p, { policy: fastPolicy('PT1M') });
  // Accepting again is answered as done; declining an accepted offer is out of turn.
  expect((await step(system, placementId, 'accept', p.student.auth)).body).toMatchObject({ alreadyDone: true });
  expect((await step(system, placementId, 'decline', p.student.auth, { reason: 'changed my mind' })).status).toBe(409);
  // Only the placement's mentors evaluate, and not before the mid-term week.
  expect((await step(system, placementId, 'evaluations', p.coordinator.auth, { kind: 'mid_term', score: 90, comments: 'x' })).status).toBe(403);
  expect((await step(system, placementId, 'evaluations', p.schoolMentor.auth, { kind: 'final', score: 90, comments: 'x' })).status).toBe(409);
  // A week that has not begun is refused; the student may not terminate.
  expect((await step(system, placementId, 'check-ins', p.student.auth, { week: 3, days: fullWeek(), tasks: 'x' })).status).toBe(422);
  expect((await step(system, placementId, 'terminate', p.student.auth, { reason: 'x' })).status).toBe(403);
  // The school terminates; a repeat is answered as done; nothing else goes afterwards.
  expect((await step(system, placementId, 'terminate', p.schoolMentor.auth, { reason: 'Safety concerns at the site.' })).status).toBe(200);
  await eventually(
    () => system.db.placement.findUnique({ where: { id: placementId } }),
    (r) => r?.status === 'terminated',
  );
  expect((await step(system, placementId, 'terminate', p.coordinator.auth, { reason: 'again' })).body).toMatchObject({
    alreadyDone: true,
    status: 'terminated',
  });
  expect((await step(system, placementId, 'incidents', p.student.auth, { severity: 'low', description: 'x' })).status).toBe(409);
  const inbox = await eventually(
    () => request(system.baseUrl, 'GET', '/v1/notifications?limit=20', { headers: p.student.auth }),
    (r) => r.body.items?.some((n: { type: string }) => n.type === 'placement.terminated'),
  );
  expect(inbox.body.items.find((n: { type: string }) => n.type === 'placement.terminated').body).toContain('Safety concerns');
}, 60_000);
