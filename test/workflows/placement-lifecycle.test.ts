// The ApprenticeshipPlacement workflow on the real server, driven through its contract (no API):
// offer, tripartite agreement as a child workflow, PT2S weeks with missed check-ins and escalation,
// continue-as-new with the state carried, evaluations and completion.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  acceptUpdate,
  APPRENTICESHIP_PLACEMENT_WORKFLOW,
  checkInUpdate,
  evaluationUpdate,
  placementStatusQuery,
  type PlacementStatusView,
  placementWorkflowId,
} from '../../workflows/apprenticeship-placement/contract';
import { eventually } from '../support/eventually';
import { saveAllRuns } from '../api/placement-fixtures';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { actorOf, createPlacementParties, fastPolicy, placementInput, signTripartite } from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const week = [
  { date: '2027-03-01', hours: 8 },
  { date: '2027-03-02', hours: 8 },
  { date: '2027-03-03', hours: 8 },
  { date: '2027-03-04', hours: 8 },
  { date: '2027-03-05', hours: 8 },
];

test('offer -> agreement -> 8 weeks (2 missed) -> evaluations -> completed, across continue-as-new', async () => {
  const p = await createPlacementParties(system.db);
  const input = placementInput(p, { policy: fastPolicy('PT2S', { checkInGrace: 'PT6S' }) });
  const workflowId = placementWorkflowId(input.placementId);
  const handle = await system.client.workflow.start(APPRENTICESHIP_PLACEMENT_WORKFLOW, {
    taskQueue: system.config.temporal.taskQueue,
    workflowId,
    args: [input],
  });
  const status = () => system.client.workflow.getHandle(workflowId).query(placementStatusQuery);

  await handle.executeUpdate(acceptUpdate, { args: [{ actor: actorOf(p.student, ['student']) }] });
  await eventually(status, (s) => s.status === 'agreement_pending' && s.agreement.status === 'in_progress');
  await eventually(
    () =>
      system.client.workflow
        .getHandle(`agreement-${input.agreementId}`)
        .describe()
        .then(
          () => true,
          () => false,
        ),
    Boolean,
  );
  await signTripartite(system.client, input.agreementId, p, ['school', 'enterprise', 'student']);
  await eventually(status, (s) => s.status === 'active', { timeoutMs: 20_000 });

  const student = actorOf(p.student, ['student']);
  for (let k = 1; k <= 8; k++) {
    await eventually(status, (v) => (v.currentWeek ?? 0) >= k || v.status !== 'active');
    if (k === 4 || k === 5) continue; // missed
    await system.client.workflow
      .getHandle(workflowId)
      .executeUpdate(checkInUpdate, { args: [{ actor: student, week: k, days: week, tasks: `week ${k} tasks`, reflections: '' }] });
  }
  const mid = await eventually(status, (v) => v.missedWeeks.length >= 2, { timeoutMs: 20_000 });
  expect(mid.missedWeeks).toEqual([4, 5]);
  expect(mid.escalations).toBe(1);
  for (const mentor of [p.schoolMentor, p.enterpriseMentor]) {
    await system.client.workflow
      .getHandle(workflowId)
      .executeUpdate(evaluationUpdate, { args: [{ actor: actorOf(mentor, ['mentor']), kind: 'mid_term', score: 80, comments: 'good' }] });
  }
  const final = await eventually(status, (s) => s.status === 'final_evaluation', { timeoutMs: 10_000 });
  expect(final.runs).toBeGreaterThanOrEqual(1);
  for (const [mentor, score] of [
    [p.schoolMentor, 85],
    [p.enterpriseMentor, 90],
  ] as const) {
    await system.client.workflow
      .getHandle(workflowId)
      .executeUpdate(evaluationUpdate, { args: [{ actor: actorOf(mentor, ['mentor']), kind: 'final', score, comments: 'done' }] });
  }
  const result: PlacementStatusView = await system.client.workflow.getHandle(workflowId).result();
  expect(result.status).toBe('completed');
  expect(result.checkIns.map((c) => c.week)).toEqual([1, 2, 3, 6, 7, 8]);
  expect(result.missedWeeks).toEqual([4, 5]);
  expect(result.outcome).toMatchObject({ kind: 'completed', passed: true, credits: 20, averageFinalScore: 87.5 });
  expect(result.runs).toBeGreaterThanOrEqual(2);

  const row = await system.db.placement.findUniqueOrThrow({ where: { id: input.placementId } });
  expect(row).toMatchObject({ status: 'completed', checkInsSubmitted: 6, checkInsMissed: 2, credits: 20, passed: true });
  await saveAllRuns(system.client, workflowId, 'lifecycle-direct');
}, 90_000);

test('a check-in is refused for a week that has not begun, and by anyone but the student', async () => {
  const p = await createPlacementParties(system.db);
  const input = placementInput(p, { policy: fastPolicy('PT1M') });
  const workflowId = placementWorkflowId(input.placementId);
  const handle = await system.client.workflow.start(APPRENTICESHIP_PLACEMENT_WORKFLOW, {
    taskQueue: system.config.temporal.taskQueue,
    workflowId,
    args: [input],
  });
  const err = await handle
    .executeUpdate(checkInUpdate, { args: [{ actor: actorOf(p.student, ['student']), week: 1, days: week, tasks: 't', reflections: '' }] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((err as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('InvalidState');
  await handle.terminate('test over');
});
