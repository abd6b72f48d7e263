// Acceptance 3: a placement through offer, tripartite signing (a child AgreementSigning), 8 weekly
// check-ins in PT1S-scale weeks with two missed (the escalation reaches the school mentor), mid-term and
// final evaluations by both mentors, and completion with credits; the workflow continued as new at least
// once and its state survived. Everything through the HTTP API.
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  apply,
  createPlacementParties,
  fastPolicy,
  fullWeek,
  liveStatus,
  offer,
  publishPosition,
  saveAllRuns,
  signAgreement,
  step,
  waitForStatus,
} from './placement-fixtures';

// PT2S weeks; a log still counts as on time for PT6S after its week (production: P7D and P2D), so a
// loaded machine answering a query late does not turn a submitted week into a missed one.
const WEEK = process.env.PLACEMENT_TEST_WEEK ?? 'PT2S';
const GRACE = process.env.PLACEMENT_TEST_GRACE ?? 'PT6S';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test(`offer -> agreement -> 8 weeks of ${WEEK} (grace ${GRACE}; weeks 4 and 5 missed) -> evaluations -> completed, across continue-as-new`, async () => {
  const started = Date.now();
  const p = await createPlacementParties(system.db);
  const positionId = await publishPosition(system, p);
  const application = await apply(system, p, [positionId]);
  expect(application.eligibility).toEqual([expect.objectContaining({ positionId, eligible: true })]);

  // Offer (no insurance yet: the start waits for it).
  const offered = await offer(
    system,
    p,
    application.id,
    positionId,
    fastPolicy(WEEK, { weeks: 8, checkInGrace: GRACE, continueAsNewEveryWeeks: 3, credits: 15 }),
  );
  expect(offered.status).toBe(201);
  const placementId: string = offered.body.id;
  await waitForStatus(system, placementId, 'offered');
  const offerNotice = await eventually(
    () => request(system.baseUrl, 'GET', '/v1/notifications?limit=20', { headers: p.student.auth }),
    (r) => r.body.items?.some((n: { type: string }) => n.type === 'placement.offer'),
  );
  expect(offerNotice.status).toBe(200);

  // Accept: the tripartite agreement is launched as a child workflow and signed through its own routes.
  expect((await step(system, placementId, 'accept', p.student.auth)).status).toBe(200);
  await signAgreement(system, p, offered.body.agreementId, ['school', 'enterprise', 'student']);
  const waiting = await waitForStatus(system, placementId, 'awaiting_start');
  expect(waiting.agreement.status).toBe('effective');
  expect(waiting.startBlockers.map((b) => b.ruleId)).toEqual(['insurance.liability_before_start']);
  const insured = await step(system, placementId, 'insurance', p.coordinator.auth, { policyNumber: 'PICC-2027-0001', insurer: 'PICC' });
  expect(insured.status).toBe(200);
  await waitForStatus(system, placementId, 'active');

  // Eight weeks: the student logs every week but the 4th and 5th, each once its week has begun.
  for (let week = 1; week <= 8; week++) {
    const current = await eventually(
      () => liveStatus(system, placementId),
      (s) => (s.currentWeek ?? 0) >= week || s.status !== 'active',
      { intervalMs: 25 },
    );
    expect(current.status).toBe('active');
    if (week === 4 || week === 5) continue;
    const res = await step(system, placementId, 'check-ins', p.student.auth, {
      week,
      days: fullWeek(),
      tasks: `Week ${week}: fixtures, CNC programs`,
      reflections: 'Learned a lot.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ step: 'check_in', reference: week, violations: [] });
  }

  // Weeks 4 and 5 were missed: the student was reminded twice, the school mentor got the escalation.
  const missed = await eventually(
    () => liveStatus(system, placementId),
    (s) => s.missedWeeks.length >= 2,
    { timeoutMs: 20_000 },
  );
  expect(missed.missedWeeks).toEqual([4, 5]);
  expect(missed.escalations).toBe(1);
  // Mid-term evaluations by both mentors (open once week 4 is over).
  for (const mentor of [p.schoolMentor, p.enterpriseMentor]) {
    const evaluation = await step(system, placementId, 'evaluations', mentor.auth, { kind: 'mid_term', score: 78, comments: 'Steady progress.' });
    expect(evaluation.status).toBe(200);
  }

  const escalated = await eventually(
    () => request(system.baseUrl, 'GET', '/v1/notifications?limit=50', { headers: p.schoolMentor.auth }),
    (r) => r.body.items?.some((n: { type: string }) => n.type === 'placement.escalated'),
  );
  expect(escalated.body.items.find((n: { type: string }) => n.type === 'placement.escalated').body).toContain('2');
  const reminders = await eventually(
    () => request(system.baseUrl, 'GET', '/v1/notifications?limit=50', { headers: p.student.auth }),
    (r) => r.body.items?.filter((n: { type: string }) => n.type === 'placement.check_in_missed').length === 2,
  );
  expect(reminders.status).toBe(200);

  // The last week is over: final evaluations by both mentors complete the placement.
  await waitForStatus(system, placementId, 'final_evaluation', 15_000);
  expect((await step(system, placementId, 'evaluations', p.enterpriseMentor.auth, { kind: 'final', score: 88, comments: 'Reliable.' })).status).toBe(200);
  expect((await step(system, placementId, 'evaluations', p.schoolMentor.auth, { kind: 'final', score: 84, comments: 'Good logs.' })).status).toBe(200);
  const done = await waitForStatus(system, placementId, 'completed');

  // The state survived continue-as-new (weeks 3 and 6): every check-in, miss, escalation and evaluation.
  expect(done.runs).toBeGreaterThanOrEqual(1);
  expect(done.checkIns.map((c) => c.week)).toEqual([1, 2, 3, 6, 7, 8]);
  expect(done.missedWeeks).toEqual([4, 5]);
  expect(done.escalations).toBe(1);
  expect(done.evaluations).toHaveLength(4);
  expect(done.outcome).toMatchObject({ kind: 'completed', passed: true, credits: 15, averageFinalScore: 86 });

  // The search attribute followed the placement through every run.
  await eventually(
    async () => {
      const found = [];
      for await (const e of system.client.workflow.list({ query: `WorkflowId = 'placement-${placementId}' AND PlacementStatus = 'completed'` }))
        found.push(e.runId);
      return found.length;
    },
    (n) => n === 1,
  );
  const runs = [];
  for await (const e of system.client.workflow.list({ query: `WorkflowId = 'placement-${placementId}'` })) runs.push(e.runId);
  expect(runs.length).toBe(done.runs + 1);

  const row = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: p.coordinator.auth }),
    (r) => r.body.status === 'completed' && r.body.credits === 15,
  );
  expect(row.body).toMatchObject({ checkInsSubmitted: 6, checkInsMissed: 2, credits: 15 });
  const summary = await request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: p.coordinator.auth });
  expect(summary.body.byStatus.completed).toBe(1);
  expect(summary.body.overdueCheckIns.missedTotal).toBe(2);

  console.log(
    `8-week placement (${WEEK} weeks, ${GRACE} grace) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${done.runs} continue-as-new, ${runs.length} runs`,
  );
  await saveAllRuns(system.client, `placement-${placementId}`, 'lifecycle');
}, 90_000);
