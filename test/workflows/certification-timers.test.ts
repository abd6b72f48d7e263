// The CertificationReview clock on the real server, with PT1S-scale durations: repeating reminders that
// do not cancel a review task and the escalation on its due date (acceptance 3), the renewal reminder
// and the expiry of a certificate, and continue-as-new of a long review keeping its state.
import {
  applicationQuery,
  CERTIFICATION_REVIEW_WORKFLOW,
  type CertificationReviewInput,
  certificationWorkflowId,
  claimTaskUpdate,
  decideTaskUpdate,
} from '../../workflows/certification-review/contract';
import {
  apply,
  type Cast,
  claimAndDecide,
  createCast,
  createProgramme,
  directApplicationInput,
  examResults,
  openTask,
  step,
  testPolicy,
  view,
  waitForStatus,
  withNewCandidate,
} from '../api/certification-helpers';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';

let system: TestSystem;
let shared: Cast;

beforeAll(async () => {
  system = await startTestSystem();
  shared = await createCast(system, 4);
});
afterAll(async () => {
  await system?.stop();
});

test('acceptance 3: reminders repeat without cancelling the task; the due date reassigns it to the next eligible reviewer and tells the secretariat', async () => {
  const cast = await withNewCandidate(system, shared);
  const programmeId = await createProgramme(
    system,
    cast,
    testPolicy({ reviewTask: { due: 'PT4S', followUp: 'PT1S', reminderEvery: 'PT1S', maxReminders: 5 } }),
  );
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam');
  await examResults(system, cast, id);
  const task = await openTask(system, id, 'formal');
  const [first, second] = cast.reviewers;
  expect((await step(system, first!, `/v1/review-tasks/${task.id}/claim`)).status).toBe(200);

  // Reminders at +1 s, +2 s and +3 s go to the assignee while the task stays open and theirs...
  const reminded = await eventually(
    () => system.db.reviewTask.findUniqueOrThrow({ where: { id: task.id } }),
    (t) => t.remindersSent >= 2,
    { timeoutMs: 10_000 },
  );
  expect(reminded).toMatchObject({ status: 'open', assigneeUserId: first!.id, escalations: 0 });
  // ...then the due date (+4 s) passes: the task goes to the next eligible reviewer (least loaded, then
  // by id; the named conflict and the candidate's colleague are never eligible).
  const escalated = await eventually(
    () => system.db.reviewTask.findUniqueOrThrow({ where: { id: task.id } }),
    (t) => t.escalations === 1,
    { timeoutMs: 10_000 },
  );
  expect(escalated).toMatchObject({ status: 'open', assigneeUserId: second!.id, remindersSent: 3 });
  expect(escalated.dueAt.getTime()).toBeGreaterThan(task.dueAt.getTime());
  const live = (await view(system, id)).tasks.find((t) => t.taskId === task.id)!;
  expect(live).toMatchObject({ assigneeUserId: second!.id, previousAssignees: [first!.id], escalations: 1, remindersSent: 3 });

  const notified = await eventually(
    () => system.db.notification.findMany({ where: { resourceId: id }, orderBy: { createdAt: 'asc' } }),
    // The reminders, the escalation and the new assignee's task notice are separate notifications,
    // the last two sent side by side: wait for all of them before counting.
    (rows) =>
      rows.filter((n) => n.type === 'certification.review_reminder' && n.userId === first!.id).length >= 3 &&
      rows.some((n) => n.type === 'certification.review_escalated' && n.userId === cast.secretariat.id) &&
      rows.some((n) => n.type === 'certification.review_task' && n.userId === second!.id),
  );
  expect(notified.filter((n) => n.type === 'certification.review_reminder' && n.userId === first!.id)).toHaveLength(3);
  expect(
    notified
      .filter((n) => n.type === 'certification.review_escalated')
      .map((n) => n.userId)
      .sort(),
  ).toEqual([cast.secretariat.id, first!.id].sort());
  expect(notified.some((n) => n.type === 'certification.review_task' && n.userId === second!.id)).toBe(true);

  // The reviewer it was taken from no longer holds it; the new assignee decides without claiming.
  const late = await step(system, first!, `/v1/review-tasks/${task.id}/decision`, { decision: 'approve' });
  expect(late.body).toMatchObject({ status: 403, refusal: 'NotAssignee' });
  const inbox = await request(system.baseUrl, 'GET', `/v1/review-tasks?view=assigned&applicationId=${id}`, { headers: second!.auth });
  expect(inbox.body.items).toEqual([expect.objectContaining({ id: task.id, inbox: 'assigned', escalations: 1 })]);
  expect((await step(system, second!, `/v1/review-tasks/${task.id}/decision`, { decision: 'approve' })).body.status).toBe('panel_review');

  const audit = await request(system.baseUrl, 'GET', `/v1/certification-applications/${id}/audit`, { headers: cast.secretariat.auth });
  const steps = audit.body.entries.map((e: { step: string }) => e.step);
  expect(steps.filter((s: string) => s === 'review_task_reminded')).toHaveLength(3);
  expect(steps).toContain('review_task_escalated');
  expect(audit.body.verification.valid).toBe(true);
  await saveHistory(system.client, certificationWorkflowId(id), 'reminders-escalation');
});

test('a certificate sends its renewal reminder before valid-until, then expires and verifies as expired', async () => {
  const cast = await withNewCandidate(system, shared);
  const policy = testPolicy({ panel: { size: 1, quorum: 1 }, durations: { noticePeriod: 'PT1S', validity: 'PT5S', renewalReminderBefore: 'PT3S' } });
  const programmeId = await createProgramme(system, cast, policy);
  const id = await apply(system, cast, programmeId);
  await waitForStatus(system, id, 'awaiting_exam');
  await examResults(system, cast, id);
  await claimAndDecide(system, cast.reviewers[0]!, (await openTask(system, id, 'formal')).id, { decision: 'approve' });
  await claimAndDecide(system, cast.reviewers[1]!, (await openTask(system, id, 'panel')).id, { decision: 'approve' });
  const issued = await waitForStatus(system, id, 'issued');
  const number = issued.certificate!.number;
  expect((await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify`)).body.status).toBe('valid');

  const reminder = await eventually(
    () => system.db.notification.findFirst({ where: { userId: cast.candidate.id, resourceId: id, type: 'certification.renewal_due' } }),
    (n) => n !== null,
    { timeoutMs: 10_000 },
  );
  expect(reminder!.body).toContain(number);
  await system.client.workflow.getHandle(certificationWorkflowId(id)).result();
  expect((await system.db.certificationApplication.findUniqueOrThrow({ where: { id } })).status).toBe('expired');
  const expired = await request(system.baseUrl, 'GET', `/v1/certificates/${number}/verify`);
  expect(expired.body).toMatchObject({ status: 'expired', checks: { proof: { ok: true }, validity: { state: 'expired' } } });
  // Revoking an expired certificate: its process has ended.
  expect((await step(system, cast.secretariat, `/v1/certificates/${number}/revoke`, { reason: 'late' })).status).toBe(409);
  await saveHistory(system.client, certificationWorkflowId(id), 'issue-renewal-expiry');
});

test('a long review continues as new with its state: tasks, reminders, audit sequence and steps carry over', async () => {
  const cast = await withNewCandidate(system, shared);
  const programmeId = await createProgramme(
    system,
    cast,
    testPolicy({ reviewTask: { due: 'PT1H', followUp: 'PT0.3S', reminderEvery: 'PT0.3S', maxReminders: 40 } }),
  );
  const input: CertificationReviewInput = { ...(await directApplicationInput(system, cast, programmeId)), historyLimit: 120 };
  const { applicationId } = input;
  const workflowId = certificationWorkflowId(applicationId);
  const handle = await system.client.workflow.start(CERTIFICATION_REVIEW_WORKFLOW, { taskQueue: system.config.temporal.taskQueue, workflowId, args: [input] });
  const firstRun = handle.firstExecutionRunId;
  await waitForStatus(system, applicationId, 'awaiting_exam');
  await examResults(system, cast, applicationId);
  const task = await openTask(system, applicationId, 'formal');
  const reviewer = cast.reviewers[0]!;
  const actor = { userId: reviewer.id, organizationId: cast.evaluationOrganizationId, roles: ['reviewer'] };
  await handle.executeUpdate(claimTaskUpdate, { args: [{ actor, taskId: task.id }] });

  // Reminders every 0.3 s grow the history past 120 events: the run hands its state to a new one.
  const described = await eventually(
    () => system.client.workflow.getHandle(workflowId).describe(),
    (d) => d.runId !== firstRun,
    { timeoutMs: 30_000 },
  );
  expect(described.status.name).toBe('RUNNING');
  const carried = await view(system, applicationId);
  expect(carried.status).toBe('formal_review');
  expect(carried.tasks[0]).toMatchObject({ taskId: task.id, assigneeUserId: reviewer.id });
  const before = carried.tasks[0]!.remindersSent;
  expect(before).toBeGreaterThan(0);
  // The new run keeps the task's clock: its reminders go on from where the last run left them.
  await eventually(
    () => view(system, applicationId),
    (v) => v.tasks[0]!.remindersSent > before,
    { timeoutMs: 10_000 },
  );
  const result = await system.client.workflow
    .getHandle(workflowId)
    .executeUpdate(decideTaskUpdate, { args: [{ actor, taskId: task.id, decision: 'approve' }] });
  expect(result.status).toBe('panel_review');
  expect((await system.client.workflow.getHandle(workflowId).query(applicationQuery)).status).toBe('panel_review');
  // One unbroken audit chain across the runs.
  const audit = await request(system.baseUrl, 'GET', `/v1/certification-applications/${applicationId}/audit`, { headers: cast.secretariat.auth });
  expect(audit.body.verification.valid).toBe(true);
  expect(audit.body.entries.filter((e: { step: string }) => e.step === 'review_decision')).toHaveLength(1);
  // The run that began from the handed-over state replays too.
  await saveHistory(system.client, workflowId, 'continued-as-new');
  await system.client.workflow.getHandle(workflowId).terminate('test finished');
});
