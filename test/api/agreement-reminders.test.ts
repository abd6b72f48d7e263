// Acceptance 3: reminders and expiry with PT1S-scale durations. The reminders counted (in the audit trail
// and in the recipients' inboxes) match the policy: first after, every, at most max, only before the
// deadline, only to the current group's pending parties; the expiry warning comes before the deadline and
// the agreement expires on time, the secretariat told.
//
// Times: every timer is due at an instant fixed from the launch (or from when its routing group opened).
// Two checks: (1) the workflow history shows each durable timer set to fire exactly at its due instant
// on the workflow's clock (or at once, if the workflow only got to it afterwards); (2) on the wall clock,
// each fired at or after its instant and within SLACK_MS (the dev server's timer queue adds up to about a
// second, and a loaded machine more).
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  type AllianceFixture,
  allianceFixture,
  auditSteps,
  launch,
  launchBody,
  type OrganizationParty,
  organizationParty,
  read,
  recordWithStatus,
  step,
} from './agreement-fixtures';

let system: TestSystem;
let alliance: AllianceFixture;
let school: OrganizationParty;
let college: OrganizationParty;
let enterprise: OrganizationParty;

const SLACK_MS = 5000;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system);
  school = await organizationParty(system, 'secondary_vocational_school', 'Vocational School No. 2');
  college = await organizationParty(system, 'university', 'Polytechnic No. 2');
  enterprise = await organizationParty(system, 'enterprise', 'Robotics Ltd');
  // A fresh worker loads the workflow bundle on its first task (about two seconds here): warm it up, so
  // the timed agreements below start at once.
  const warmUp = await launch(system, alliance, launchBody(alliance, parties()));
  await recordWithStatus(system, warmUp.id, 'in_progress');
});
afterAll(async () => {
  await system?.stop();
});

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** Fired on time: at or after its due instant, within the server's timer slack. */
function expectOnTime(firedAt: Date, due: Date) {
  expect(firedAt.getTime()).toBeGreaterThanOrEqual(due.getTime());
  expect(firedAt.getTime()).toBeLessThan(due.getTime() + SLACK_MS);
}
const after = (from: Date, s: number) => new Date(from.getTime() + s * 1000);

/**
 * The timers the workflow set, from its history: when each was planned to fire on the workflow's clock
 * (the start of the workflow task that set it, plus its duration), and whether it fired.
 */
async function timersOf(id: string): Promise<{ plannedAt: number; durationMs: number; fired: boolean }[]> {
  const history = await system.client.workflow.getHandle(agreementWorkflowId(id)).fetchHistory();
  const events = history.events ?? [];
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const time = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);
  const fired = new Set(events.flatMap((e) => (e.timerFiredEventAttributes ? [e.timerFiredEventAttributes.timerId] : [])));
  return events.flatMap((e) => {
    const timer = e.timerStartedEventAttributes;
    if (!timer) return [];
    const completed = byId.get(Number(timer.workflowTaskCompletedEventId))!;
    const started = byId.get(Number(completed.workflowTaskCompletedEventAttributes!.startedEventId))!;
    const durationMs = Number(timer.startToFireTimeout!.seconds ?? 0) * 1000 + Math.round((timer.startToFireTimeout!.nanos ?? 0) / 1e6);
    return [{ plannedAt: time(started) + durationMs, durationMs, fired: fired.has(timer.timerId) }];
  });
}

/** Each fired timer was planned for its due instant (or, reached late, set to fire at once: 1 ms). */
function expectPlanned(timers: { plannedAt: number; durationMs: number; fired: boolean }[], dues: Date[]) {
  const firedTimers = timers.filter((t) => t.fired);
  expect(firedTimers).toHaveLength(dues.length);
  firedTimers.forEach((t, i) => {
    const due = dues[i]!.getTime();
    expect(t.durationMs === 1 ? t.plannedAt >= due : Math.abs(t.plannedAt - due) <= 2).toBe(true);
  });
}

function parties() {
  return [
    { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
    { partyId: 'college', displayName: college.name, role: 'signer', routingGroup: 1, organizationId: college.organizationId },
    { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 2, organizationId: enterprise.organizationId },
  ];
}

test('max caps the reminders: three at 1 s, 2 s, 3 s; the warning at 4 s; expired at 6 s', async () => {
  const policy = { deadline: 'PT6S', reminders: { firstAfter: 'PT1S', every: 'PT1S', max: 3 }, expiryWarningBefore: 'PT2S' };
  const { id } = await launch(system, alliance, launchBody(alliance, parties(), { policy }));
  const workflowId = agreementWorkflowId(id);

  const live = await read(system, alliance.secretariat, `/v1/agreements/${id}`);
  expect(live.body).toMatchObject({ remindersSent: 0, nextReminderAt: expect.any(String), expiryWarningAt: expect.any(String) });

  const result = await system.client.workflow.getHandle(workflowId).result();
  expect(result.status).toBe('expired');
  const trail = await auditSteps(system, id);
  // The launch instant the policy counts from: the workflow's start.
  const launched = new Date(result.launchedAt);
  const reminders = trail.filter((e) => e.step === 'reminder_sent');
  const warning = trail.find((e) => e.step === 'expiry_warning_sent')!;
  const expired = trail.find((e) => e.step === 'expired')!;
  console.log(
    `reminders at +${reminders.map((r) => seconds(launched, r.occurredAt)).join(' s, +')} s; ` +
      `warning at +${seconds(launched, warning.occurredAt)} s; expired at +${seconds(launched, expired.occurredAt)} s`,
  );

  expect(reminders).toHaveLength(3);
  reminders.forEach((reminder, n) => expectOnTime(reminder.occurredAt, after(launched, n + 1)));
  expect(reminders.map((r) => r.data)).toEqual(
    [1, 2, 3].map((reminder) => expect.objectContaining({ reminder, routingGroup: 1, partyIds: ['school', 'college'] })),
  );
  expectOnTime(warning.occurredAt, after(launched, 4));
  expectOnTime(expired.occurredAt, after(launched, 6));
  // The durable timers: three reminders, the warning, the deadline, each set for its instant.
  expectPlanned(
    await timersOf(id),
    [1, 2, 3, 4, 6].map((n) => after(launched, n)),
  );
  expect(result.deadlineAt).toBe(after(launched, 6).toISOString());
  expect(await recordWithStatus(system, id, 'expired')).toMatchObject({ closedBy: 'system' });

  // The inboxes: each group-1 signatory got exactly the three reminders; the group-2 party none.
  const inbox = async (userId: string, type: string) => system.db.notification.count({ where: { userId, type, resourceId: id } });
  await eventually(
    () => inbox(alliance.secretariat.id, 'agreement.expired'),
    (n) => n === 1,
  );
  expect(await inbox(school.signatory.id, 'agreement.reminder')).toBe(3);
  expect(await inbox(college.signatory.id, 'agreement.reminder')).toBe(3);
  expect(await inbox(enterprise.signatory.id, 'agreement.reminder')).toBe(0);
  expect(await inbox(school.signatory.id, 'agreement.expiry_warning')).toBe(1);
  expect(await inbox(alliance.secretariat.id, 'agreement.expiry_warning')).toBe(1);
  await saveHistory(system.client, workflowId, 'reminders-warning-expiry');
});

test('the deadline caps the reminders (every 2 s from 1 s, max 5, deadline 5 s: two), and a new group restarts them', async () => {
  const capped = await launch(
    system,
    alliance,
    launchBody(alliance, parties(), { policy: { deadline: 'PT5S', reminders: { firstAfter: 'PT1S', every: 'PT2S', max: 5 } } }),
  );
  // Here group 1 signs at once, so group 2 gets its own reminders from the moment it opened.
  const moving = await launch(
    system,
    alliance,
    launchBody(alliance, parties(), { policy: { deadline: 'PT6S', reminders: { firstAfter: 'PT2S', every: 'PT1S', max: 2 } } }),
  );
  const signed = await Promise.all([
    step(system, school.signatory, moving.id, 'sign', { partyId: 'school', documentSha256: moving.documentSha256 }),
    step(system, college.signatory, moving.id, 'sign', { partyId: 'college', documentSha256: moving.documentSha256 }),
  ]);
  expect(signed.map((r) => r.status)).toEqual([200, 200]);

  const [cappedResult, movingResult] = await Promise.all([
    system.client.workflow.getHandle(agreementWorkflowId(capped.id)).result(),
    system.client.workflow.getHandle(agreementWorkflowId(moving.id)).result(),
  ]);
  expect([cappedResult.status, movingResult.status]).toEqual(['expired', 'expired']);

  const cappedTrail = await auditSteps(system, capped.id);
  const cappedReminders = cappedTrail.filter((e) => e.step === 'reminder_sent');
  const cappedStart = new Date(cappedResult.launchedAt);
  expect(cappedReminders).toHaveLength(2);
  expectOnTime(cappedReminders[0]!.occurredAt, after(cappedStart, 1));
  expectOnTime(cappedReminders[1]!.occurredAt, after(cappedStart, 3));
  expectPlanned(
    await timersOf(capped.id),
    [1, 3, 5].map((n) => after(cappedStart, n)),
  );

  // Group 2 opened with the last group-1 signature; its reminders count from then.
  const movingTrail = await auditSteps(system, moving.id);
  const groupTwoOpened = movingTrail.filter((e) => e.step === 'signed').at(-1)!.occurredAt;
  // (A group-1 reminder can only have gone out before group 2 opened, if the two signatures were slow.)
  const reminded = movingTrail.filter((e) => e.step === 'reminder_sent');
  expect(reminded.filter((e) => e.data.routingGroup === 1).every((e) => e.occurredAt <= groupTwoOpened)).toBe(true);
  const movingReminders = reminded.filter((e) => e.data.routingGroup === 2);
  expect(movingReminders.map((e) => e.data)).toEqual([
    expect.objectContaining({ routingGroup: 2, reminder: 1, partyIds: ['enterprise'] }),
    expect.objectContaining({ routingGroup: 2, reminder: 2, partyIds: ['enterprise'] }),
  ]);
  expectOnTime(movingReminders[0]!.occurredAt, after(groupTwoOpened, 2));
  expectOnTime(movingReminders[1]!.occurredAt, after(groupTwoOpened, 3));
  await saveHistory(system.client, agreementWorkflowId(moving.id), 'reminders-per-routing-group');
});
