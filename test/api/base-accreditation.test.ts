// Issue 17, acceptance 3: a base accredited (formal review, expert panel with four-eyes and conflicts of
// interest, public notice with an objection), then over three simulated years (a year is 8 s): a pass, a
// rectification (整改) completed in time, then a missed report → exit (退出); its new cohort is refused
// and a cohort already running completes. The audit chain verifies; every run is recorded for replay.
import { randomUUID } from 'node:crypto';
import { baseAccreditationWorkflowId } from '../../core/base-accreditation/input';
import type { TaskView } from '../../core/base-accreditation/messages';
import { saveAllRuns } from './placement-fixtures';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  accreditationStep,
  application,
  apply,
  claimAndDecide,
  createAccreditationParties,
  fastPolicy,
  openTask,
  readAccreditation,
  waitForAccreditation,
  yearOf,
} from './base-accreditation-fixtures';
import { cohortStep, createCohortParties, createTrainees, offering, publishCohort } from './training-cohort-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const declared = { peopleTrained: 3, hoursDelivered: 12, completionRate: 1, satisfaction: 92 };

test('acceptance 3: accredited, then a pass, a rectification completed in time, a missed report → exit; new cohort refused, running cohort completes', async () => {
  const p = await createAccreditationParties(system.db);
  const [r1, r2, r3, r4, r5, r6] = p.reviewers as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  const outsider = await createUser(system.db, { organizationId: null, roles: ['candidate'] });
  const lines: string[] = [];

  // Only an admin sets the policy; the base's staff apply with the defaults (P1Y years).
  expect((await apply(system, p.baseStaff, { ...application(p), policy: fastPolicy() })).status).toBe(403);
  const applied = await apply(system, p.admin, { ...application(p), policy: fastPolicy(), conflictsOfInterest: [r6.id] });
  expect(applied.status).toBe(201);
  const id: string = applied.body.id;
  const workflowId = baseAccreditationWorkflowId(id);

  // Formal review: a reviewer of the base itself, or one the applicant named, is refused; R1 approves.
  let view = await waitForAccreditation(system, id, p.admin, (v) => Boolean(openTask(v, 'formal')));
  const formal = openTask(view, 'formal')!;
  expect((await accreditationStep(system, id, `tasks/${formal.taskId}/claim`, p.baseReviewer)).body.refusal).toBe('ConflictOfInterest');
  expect((await accreditationStep(system, id, `tasks/${formal.taskId}/claim`, r6)).body.refusal).toBe('ConflictOfInterest');
  await claimAndDecide(system, id, formal.taskId, r1, { decision: 'approve' });

  // The expert panel: the formal reviewer takes no seat (four-eyes); R2, R3, R4 approve.
  view = await waitForAccreditation(system, id, p.admin, (v) => v.tasks?.filter((t) => t.stage === 'expert').length === 3);
  const seats = view.tasks.filter((t) => t.stage === 'expert') as [TaskView, TaskView, TaskView];
  expect((await accreditationStep(system, id, `tasks/${seats[0].taskId}/claim`, r1)).body.refusal).toBe('FourEyes');
  await claimAndDecide(system, id, seats[0].taskId, r2, { decision: 'approve' });
  expect((await accreditationStep(system, id, `tasks/${seats[1].taskId}/claim`, r2)).body.refusal).toBe('FourEyes');
  await claimAndDecide(system, id, seats[1].taskId, r3, { decision: 'approve' });
  await claimAndDecide(system, id, seats[2].taskId, r4, { decision: 'approve' });

  // The public notice: an objection holds the accreditation until the authority dismisses it.
  expect((await readAccreditation(system, id, p.admin)).status).toBe('public_notice');
  expect((await accreditationStep(system, id, 'objections', p.baseStaff, { text: 'We object to ourselves' })).status).toBe(403);
  const objection = await accreditationStep(system, id, 'objections', outsider, { text: 'The labs were rented for the inspection day' });
  expect(objection.status).toBe(200);
  expect(
    (await accreditationStep(system, id, `objections/${objection.body.objectionId}/resolve`, p.baseStaff, { resolution: 'dismissed', note: 'x' })).status,
  ).toBe(403);
  const dismissed = await accreditationStep(system, id, `objections/${objection.body.objectionId}/resolve`, p.authoritySecretariat, {
    resolution: 'dismissed',
    note: 'The lease runs for five years (contract on file)',
  });
  expect(dismissed.status).toBe(200);
  view = await waitForAccreditation(system, id, p.admin, (v) => v.status === 'accredited');
  let standing = await standingOnce(system, p.baseId, 'accredited');
  expect(standing?.status).toBe('accredited');
  lines.push(
    `accredited ${view.accreditedAt} until ${view.accreditedUntil}: formal R1, panel R2 R3 R4 (3 of 3 approve), objection dismissed; standing ${standing?.status}`,
  );

  // A cohort opened while in good standing, with attendance in year 1 (it keeps running through the exit).
  const trainees = await createTrainees(system.db, p.baseId, 3);
  const cohort = await publishCohort(system, p.baseStaff, offering({ completion: { attendanceThreshold: 0.1, passMark: 60, issueCredentials: false } }));
  expect(cohort.status).toBe(201);
  const cohortId: string = cohort.body.id;
  for (const t of trainees) expect((await cohortStep(system, cohortId, 'enrolments', t, {})).status).toBe(200);
  expect(
    (await cohortStep(system, cohortId, 'attendance', p.baseStaff, { session: 1, records: trainees.map((t) => ({ userId: t.id, present: true })) })).status,
  ).toBe(200);

  // Year 1: the report is filed, R5 scores it 90: pass.
  await waitForAccreditation(system, id, p.admin, (v) => v.status === 'report_due' && v.year === 1);
  expect((await accreditationStep(system, id, 'annual-reports', p.baseStaff, { year: 2, declared, summary: 'Wrong year' })).status).toBe(422);
  const report1 = await accreditationStep(system, id, 'annual-reports', p.baseStaff, { year: 1, declared, summary: 'Year one: three seminars' });
  expect(report1.status).toBe(200);
  view = await waitForAccreditation(system, id, p.admin, (v) => Boolean(openTask(v, 'evaluation', 1)));
  await claimAndDecide(system, id, openTask(view, 'evaluation', 1)!.taskId, r5, { score: 90 });
  view = await waitForAccreditation(system, id, p.admin, (v) => v.year === 2);
  const year1 = yearOf(view, 1);
  expect(year1.outcome).toBe('pass');
  lines.push(
    `year 1: report filed (declared ${JSON.stringify(year1.report!.declared)}; computed from the records: hours delivered ${year1.report!.computed.hoursDelivered}, people trained ${year1.report!.computed.peopleTrained}, completion rate ${year1.report!.computed.completionRate}), score ${year1.score} → ${year1.outcome}`,
  );

  // Year 2: scored 70: rectification with a deadline; the measures are reported in time; a second
  // evaluator (not the first: four-eyes) scores 85: back in good standing.
  await waitForAccreditation(system, id, p.admin, (v) => v.status === 'report_due' && v.year === 2);
  expect((await accreditationStep(system, id, 'annual-reports', p.baseStaff, { year: 2, declared, summary: 'Year two' })).status).toBe(200);
  view = await waitForAccreditation(system, id, p.admin, (v) => Boolean(openTask(v, 'evaluation', 2)));
  await claimAndDecide(system, id, openTask(view, 'evaluation', 2)!.taskId, r5, { score: 70 });
  view = await waitForAccreditation(system, id, p.admin, (v) => v.status === 'rectification');
  standing = await standingOnce(system, p.baseId, 'rectification');
  expect(standing?.status).toBe('rectification');
  const dueBy = yearOf(view, 2).rectification!.dueBy;
  const rectified = await accreditationStep(system, id, 'rectification', p.baseStaff, { measures: 'Two more practical modules; trainee survey each session' });
  expect(rectified.status).toBe(200);
  view = await waitForAccreditation(system, id, p.admin, (v) => Boolean(openTask(v, 'rectification_review', 2)));
  const review = openTask(view, 'rectification_review', 2)!;
  expect((await accreditationStep(system, id, `tasks/${review.taskId}/claim`, r5)).body.refusal).toBe('FourEyes');
  await claimAndDecide(system, id, review.taskId, r1, { score: 85 });
  view = await waitForAccreditation(system, id, p.admin, (v) => v.year === 3);
  const year2 = yearOf(view, 2);
  expect(year2).toMatchObject({ outcome: 'rectification', rectification: { passed: true } });
  expect(Date.parse(year2.rectification!.reportedAt!)).toBeLessThan(Date.parse(dueBy));
  lines.push(
    `year 2: score ${year2.score} → ${year2.outcome} (整改) due by ${dueBy}; measures reported ${year2.rectification!.reportedAt} (in time); re-evaluated by another reviewer: ${year2.rectification!.score} → passed; standing back to accredited`,
  );

  // Year 3: no report by the deadline → exit.
  await waitForAccreditation(system, id, p.admin, (v) => v.status === 'report_due' && v.year === 3);
  view = await waitForAccreditation(system, id, p.admin, (v) => v.status === 'exited');
  const year3 = yearOf(view, 3);
  expect(year3).toMatchObject({ outcome: 'exit', exitReason: 'report_missed', report: null });
  standing = await standingOnce(system, p.baseId, 'exited');
  expect(standing?.status).toBe('exited');
  lines.push(`year 3: no report by ${year3.reportDueBy} → ${year3.outcome} (退出, ${year3.exitReason}); standing ${standing?.status}`);

  // An exited base opens no new cohort; the cohort already running completes.
  const refused = await publishCohort(system, p.baseStaff);
  expect(refused.status).toBe(422);
  expect(refused.body).toMatchObject({ reason: 'base-exited' });
  const assessed = await cohortStep(system, cohortId, 'assessments', p.baseStaff, { results: trainees.map((t) => ({ userId: t.id, score: 75 })) });
  expect(assessed.status).toBe(200);
  expect(assessed.body.cohortStatus).toBe('closed');
  lines.push(
    `new cohort: ${refused.status} ${refused.body.reason}; running cohort ${cohortId}: ${assessed.body.outcomes.filter((o: { status: string }) => o.status === 'completed').length} completed, ${assessed.body.cohortStatus}`,
  );

  // A step on the exited accreditation: 409.
  expect((await accreditationStep(system, id, 'renewal', p.baseStaff)).status).toBe(409);

  const audit = await request(system.baseUrl, 'GET', `/v1/base-accreditations/${id}/audit`, { headers: p.baseStaff.auth });
  expect(audit.status).toBe(200);
  expect(audit.body.verification).toMatchObject({ valid: true });
  // Not a party: 404.
  expect((await request(system.baseUrl, 'GET', `/v1/base-accreditations/${id}/audit`, { headers: outsider.auth })).status).toBe(404);
  const runs: number[] = [];
  for await (const execution of system.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(execution.historyLength);
  lines.push(
    `audit chain: ${audit.body.entries.length} entries (${audit.body.entries.map((e: { step: string }) => e.step).join(', ')}), verification ${JSON.stringify(audit.body.verification)}`,
    `workflow runs (continue-as-new each year): ${runs.length}, events per run ${runs.reverse().join(', ')}`,
  );
  console.log(lines.join('\n'));
  expect(runs.length).toBeGreaterThanOrEqual(4);
  await saveAllRuns(system.client, workflowId, 'three-years-pass-rectification-exit');
});

test('the programme dashboard: people trained this year by project and domain against the targets, bases by standing', async () => {
  const p = await createCohortParties(system.db);
  const domain = `dashboard-${randomUUID().slice(0, 8)}`;
  const trainees = await createTrainees(system.db, p.employerId, 2);
  const cohort = await publishCohort(system, p.staff, offering({ domain, completion: { attendanceThreshold: 0.1, passMark: 60, issueCredentials: false } }));
  const cohortId: string = cohort.body.id;
  for (const t of trainees) await cohortStep(system, cohortId, 'enrolments', t, {});
  await cohortStep(system, cohortId, 'attendance', p.staff, { session: 1, records: trainees.map((t) => ({ userId: t.id, present: true })) });
  expect((await cohortStep(system, cohortId, 'assessments', p.staff, { results: trainees.map((t) => ({ userId: t.id, score: 80 })) })).body.cohortStatus).toBe(
    'closed',
  );

  const dashboard = await request(system.baseUrl, 'GET', '/v1/continuing-education/dashboard', { headers: trainees[0]!.auth });
  expect(dashboard.status).toBe(200);
  const engineers = dashboard.body.projects.find((x: { project: string }) => x.project === 'digital_engineer');
  expect(engineers.target).toBe(80_000);
  expect(engineers.domains).toContainEqual({ domain, trained: 2 });
  expect(dashboard.body.projects.map((x: { project: string; target: number | null }) => [x.project, x.target])).toEqual([
    ['advanced_seminar', 20_000],
    ['capability_improvement', 900_000],
    ['digital_engineer', 80_000],
    ['base_building', null],
  ]);
  expect(dashboard.body.bases).toMatchObject({ target: 200 });
  expect(dashboard.body.bases.inStanding).toBeGreaterThanOrEqual(1);
  // Another year: nobody trained.
  const earlier = await request(system.baseUrl, 'GET', '/v1/continuing-education/dashboard?year=2020', { headers: trainees[0]!.auth });
  expect(earlier.body.projects.every((x: { trained: number }) => x.trained === 0)).toBe(true);
  console.log(
    [
      `dashboard ${dashboard.body.year}: ${dashboard.body.projects.map((x: { project: string; trained: number; target: number | null; share: number | null }) => `${x.project} ${x.trained}/${x.target ?? '-'} (${x.share ?? '-'})`).join('; ')}`,
      `  digital_engineer by domain (this test's cohort: ${domain} 2): ${engineers.domains.map((d: { domain: string; trained: number }) => `${d.domain} ${d.trained}`).join(', ')}`,
      `  bases: ${JSON.stringify(dashboard.body.bases)}`,
    ].join('\n'),
  );
});

/** The base's standing row once it shows `status`: the live view comes from the workflow, the row follows by an activity. */
async function standingOnce(system: TestSystem, organizationId: string, status: string) {
  const read = () => system.db.continuingEducationBase.findUnique({ where: { organizationId } });
  return eventually(read, (row) => row?.status === status, { timeoutMs: 30_000, intervalMs: 250 }).catch(read);
}
