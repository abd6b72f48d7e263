// Issue 18, part 1: technology commissioners (科技特派员), through the HTTP API with the worker running.
// Acceptance 1 prints the story: a need matched to a commissioner, the tripartite agreement signed (a
// child AgreementSigning, signed through the agreement routes by the three parties), three monthly logs
// in seconds-long periods (the second missed → a reminder to the commissioner; in another engagement two
// missed in a row → an escalation to the institution, then an early end), the rating and completion, and
// the yearly report's hours. Acceptance 2: a commissioner at capacity and one of the need's own
// organisation are never proposed, and a nomination of either is refused.
import { commissionerServiceWorkflowId } from '../../core/commissioner-service/input';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  allianceOf,
  fastPolicy,
  get,
  inbox,
  liveService,
  nominate,
  type Organisation,
  organisation,
  postNeed,
  registerCommissioner,
  signServiceAgreement,
  step,
  waitForService,
  waitForStatus,
} from './commissioner-fixtures';

// Seconds for months: a log is due at its period's end plus the grace (production: P1M and P7D).
const PERIOD = process.env.COMMISSIONER_TEST_PERIOD ?? 'PT5S';

let system: TestSystem;
let enterprise: Organisation;
let otherEnterprise: Organisation;
let university: Organisation;
let institute: Organisation;
let universityWithNeeds: Organisation;
let allianceId: string;

beforeAll(async () => {
  system = await startTestSystem();
  enterprise = await organisation(system, 'enterprise', 'Ningbo Precision Gear Co.');
  otherEnterprise = await organisation(system, 'enterprise', 'Cixi Smart Appliance Co.');
  university = await organisation(system, 'university', 'Zhejiang University of Technology');
  institute = await organisation(system, 'research_institute', 'Ningbo Institute of Materials');
  universityWithNeeds = await organisation(system, 'university', 'Ningbo Polytechnic University');
  allianceId = await allianceOf(system, [enterprise, otherEnterprise, university, institute, universityWithNeeds]);
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

/** The year in Beijing time, as the report counts it. */
const beijingYear = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

test('acceptance 2: a commissioner at capacity and one of the need’s own organisation are never proposed; nominating them is refused', async () => {
  const say = (line: string) => lines.push(line);
  const lines: string[] = [];
  const busy = await registerCommissioner(system, institute, 'Prof. Busy', ['precision machining'], 1);
  const own = await registerCommissioner(system, universityWithNeeds, 'Prof. Own', ['precision machining'], 3);
  const free = await registerCommissioner(system, university, 'Prof. Free', ['precision machining', 'metrology'], 2);

  // The busy commissioner's one place is taken by a nomination for another need.
  const earlier = await postNeed(system, otherEnterprise.signatory, allianceId, 'precision machining');
  const taken = await nominate(system, institute.staff, earlier, busy.id, fastPolicy('PT1H'));
  expect(taken.status).toBe(201);

  // The university posts a need of its own: its own commissioner is never proposed for it.
  const need = await postNeed(system, universityWithNeeds.signatory, allianceId, 'Precision Machining');
  const asOwner = await get(system, `/v1/service-needs/${need}/candidates`, universityWithNeeds.signatory.auth);
  expect(asOwner.status).toBe(200);
  const proposed = (asOwner.body.candidates as { commissionerId: string; name: string; rank: number; freeCapacity: number }[]).map((c) => c.commissionerId);
  say(
    `candidates for "Precision Machining" (posted by ${universityWithNeeds.name}): ${JSON.stringify(asOwner.body.candidates.map((c: { rank: number; name: string; freeCapacity: number; score: number }) => `${c.rank}. ${c.name} (free ${c.freeCapacity}, score ${c.score})`))}`,
  );
  expect(proposed).toContain(free.id);
  expect(proposed).not.toContain(busy.id);
  expect(proposed).not.toContain(own.id);

  const atCapacity = await nominate(system, institute.staff, need, busy.id, fastPolicy('PT1H'));
  const ownOrganisation = await nominate(system, universityWithNeeds.staff, need, own.id, fastPolicy('PT1H'));
  say(`nominating Prof. Busy (capacity 1, 1 engagement): ${atCapacity.status} ${atCapacity.body.reason}`);
  say(`nominating Prof. Own (of ${universityWithNeeds.name}, the need's own organisation): ${ownOrganisation.status} ${ownOrganisation.body.reason}`);
  expect([atCapacity.status, atCapacity.body.type, atCapacity.body.reason]).toEqual([422, expect.stringContaining('commissioner-not-proposed'), 'at_capacity']);
  expect([ownOrganisation.status, ownOrganisation.body.reason]).toEqual([422, 'own_organisation']);
  // Nothing was started for either.
  expect(await system.db.commissionerService.count({ where: { needId: need } })).toBe(0);

  // Once the busy commissioner's nomination ends, their place is free again and they are proposed.
  expect((await step(system, taken.body.id, 'end', otherEnterprise.signatory.auth, { reason: 'Solved in-house.' })).status).toBe(200);
  await waitForStatus(system, taken.body.id, otherEnterprise.signatory.auth, 'ended_early');
  const later = await get(system, `/v1/service-needs/${need}/candidates`, universityWithNeeds.signatory.auth);
  expect(later.body.candidates.map((c: { commissionerId: string }) => c.commissionerId)).toContain(busy.id);
  expect(later.body.candidates.map((c: { commissionerId: string }) => c.commissionerId)).not.toContain(own.id);
  say(`after the busy commissioner's nomination ended: candidates ${JSON.stringify(later.body.candidates.map((c: { name: string }) => c.name))}`);

  // An institution's staff see only their own commissioners among the candidates; an outsider sees no need.
  const asInstitute = await get(system, `/v1/service-needs/${need}/candidates`, institute.staff.auth);
  expect(asInstitute.body.candidates.map((c: { commissionerId: string }) => c.commissionerId)).toEqual([busy.id]);
  const outsider = await organisation(system, 'enterprise', 'Outside Ltd');
  expect((await get(system, `/v1/service-needs/${need}/candidates`, outsider.signatory.auth)).status).toBe(404);
  console.log(['commissioner acceptance 2:', ...lines].join('\n  '));
}, 120_000);

test(`acceptance 1: need → commissioner → tripartite agreement → three ${PERIOD} periods (one missed → reminder) → rating → completion; another engagement: two missed → escalation; the yearly report`, async () => {
  const lines: string[] = [];
  const say = (line: string) => lines.push(line);
  const zhang = await registerCommissioner(system, university, 'Prof. Zhang Wei', ['intelligent manufacturing', 'machine vision'], 2);
  const li = await registerCommissioner(system, university, 'Dr. Li Na', ['industrial internet'], 2);
  const policy = fastPolicy(PERIOD);

  // ---- The need, its candidates, the nomination and the acceptance.
  const needId = await postNeed(system, enterprise.signatory, allianceId, 'Intelligent Manufacturing', 'P3M');
  const candidates = await get(system, `/v1/service-needs/${needId}/candidates`, enterprise.signatory.auth);
  expect(candidates.body.candidates[0]).toMatchObject({ rank: 1, commissionerId: zhang.id, domainFit: 1 });
  say(
    `need "Intelligent Manufacturing" posted by ${enterprise.name}; best candidate: ${candidates.body.candidates[0].name} (${candidates.body.candidates[0].institutionName}, fit ${candidates.body.candidates[0].domainFit})`,
  );
  const nominated = await nominate(system, university.staff, needId, zhang.id, policy);
  expect(nominated.status).toBe(201);
  const serviceId: string = nominated.body.id;
  const nominationNotice = await inbox(system, enterprise.signatory, 'commissioner_service.nominated', serviceId);
  say(`nominated by ${university.name}: service ${serviceId}, ${nominated.body.periods} periods; the enterprise's inbox: "${nominationNotice[0]?.title}"`);
  expect((await step(system, serviceId, 'accept', enterprise.signatory.auth)).status).toBe(200);
  await waitForStatus(system, serviceId, enterprise.signatory.auth, 'agreement_pending');
  expect((await get(system, `/v1/service-needs?organizationId=${enterprise.id}`, enterprise.signatory.auth)).body.items[0]).toMatchObject({
    id: needId,
    status: 'matched',
    matchedServiceId: serviceId,
  });

  // ---- The tripartite service agreement: a child AgreementSigning, signed through the agreement routes.
  const agreement = await signServiceAgreement(system, nominated.body.agreementId, {
    enterprise: enterprise.signatory,
    commissioner: zhang.user,
    institution: university.signatory,
  });
  expect(agreement.kind).toBe('tripartite_service');
  expect(agreement.parties.sort()).toEqual(['commissioner', 'enterprise', 'institution']);
  const active = await waitForStatus(system, serviceId, enterprise.signatory.auth, 'active');
  say(`agreement "${agreement.title}" (${agreement.kind}) signed by ${agreement.parties.join(', ')}: ${active.agreement.status}; service ${active.status}`);
  expect(active.agreement.status).toBe('effective');
  const children = await system.client.workflow.getHandle(commissionerServiceWorkflowId(serviceId)).fetchHistory();
  expect(children.events?.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowType?.name === 'agreementSigning')).toBe(true);

  // ---- Three periods: logs for the 1st and the 3rd, each confirmed by the enterprise; the 2nd missed.
  const hoursOf: Record<number, number> = { 1: 16, 3: 22.5 };
  for (const period of [1, 2, 3]) {
    const current = await waitForService(system, serviceId, zhang.user.auth, (s) => (s.currentPeriod ?? 0) >= period || s.status !== 'active');
    expect(current.status).toBe('active');
    if (period === 2) continue;
    const logged = await step(system, serviceId, 'service-logs', zhang.user.auth, {
      period,
      hours: hoursOf[period],
      activities: period === 1 ? 'Line survey; camera placement for inspection.' : 'Trained the model; trial on line 2.',
      outcomes: period === 1 ? 'Defect catalogue' : 'Detection rate 97 %',
    });
    expect([logged.status, logged.body.reference]).toEqual([200, period]);
    const confirmed = await step(system, serviceId, 'confirmations', enterprise.staff.auth, { period });
    expect(confirmed.status).toBe(200);
    say(`period ${period}: log of ${hoursOf[period]} h submitted by the commissioner, confirmed by the enterprise`);
    if (period === 1) {
      const reached = await step(system, serviceId, 'milestones', zhang.user.auth, { title: 'Inspection prototype on line 2', note: 'Cameras installed.' });
      expect(reached.body.reference).toBe(1);
      // The reminder for period 2 arrives while period 3 runs.
      const reminder = await waitForService(system, serviceId, zhang.user.auth, (s) => s.periodsClosed >= 2);
      expect(reminder.missedPeriods).toEqual([2]);
    }
  }
  const reminders = await inbox(system, zhang.user, 'commissioner_service.log_missed', serviceId);
  expect(reminders.filter((n) => n.resource.id === serviceId)).toHaveLength(1);
  say(
    `period 2: no log → reminder to the commissioner: "${reminders[0]!.title}"; escalations: ${(await liveService(system, serviceId, zhang.user.auth)).escalations}`,
  );

  // ---- The rating, then the completion record.
  const rating = await waitForStatus(system, serviceId, enterprise.signatory.auth, 'awaiting_rating');
  expect(rating.escalations).toBe(0);
  expect((await step(system, serviceId, 'rating', enterprise.signatory.auth, { score: 5, comment: 'Defects down by half.' })).status).toBe(200);
  const completed = await waitForStatus(system, serviceId, enterprise.signatory.auth, 'completed');
  expect(completed.outcome).toMatchObject({ kind: 'completed', rated: true });
  expect([completed.hours, completed.confirmedHours, completed.rating?.score]).toEqual([38.5, 38.5, 5]);
  say(
    `rated ${completed.rating?.score}/5 ("${completed.rating?.comment}") → ${completed.status}: ${completed.logs.length} logs, ${completed.confirmedHours} confirmed hours, missed periods [${completed.missedPeriods.join(', ')}], ${completed.milestones.length} milestone`,
  );
  // The row follows the workflow's completion record (written just after the live status changes).
  const row = await eventually(
    () => system.db.commissionerService.findUniqueOrThrow({ where: { id: serviceId } }),
    (r) => r.status === 'completed',
  );
  expect([row.status, row.confirmedHours, row.ratingScore, row.logsMissed]).toEqual(['completed', 38.5, 5, 1]);

  // ---- Another engagement: no logs at all → two missed in a row → escalation to the institution; then an early end.
  const otherNeed = await postNeed(system, otherEnterprise.signatory, allianceId, 'Industrial Internet', 'P3M');
  const second = await nominate(system, university.staff, otherNeed, li.id, policy);
  expect(second.status).toBe(201);
  expect((await step(system, second.body.id, 'accept', otherEnterprise.staff.auth)).status).toBe(200);
  await signServiceAgreement(system, second.body.agreementId, {
    enterprise: otherEnterprise.signatory,
    commissioner: li.user,
    institution: university.signatory,
  });
  await waitForStatus(system, second.body.id, otherEnterprise.signatory.auth, 'active');
  const escalated = await waitForService(system, second.body.id, university.staff.auth, (s) => s.escalations >= 1 || s.status !== 'active');
  expect([escalated.status, escalated.missedPeriods, escalated.escalations]).toEqual(['active', [1, 2], 1]);
  const escalation = await inbox(system, university.staff, 'commissioner_service.escalated', second.body.id);
  expect(escalation.map((n) => n.resource.id)).toContain(second.body.id);
  say(
    `another engagement (${otherEnterprise.name}, Dr. Li Na): periods [${escalated.missedPeriods.join(', ')}] missed → escalation to ${university.name}: "${escalation[0]!.title}"`,
  );
  const ended = await step(system, second.body.id, 'end', university.staff.auth, { reason: 'The commissioner is on long-term leave.' });
  expect(ended.status).toBe(200);
  const closed = await waitForStatus(system, second.body.id, otherEnterprise.signatory.auth, 'ended_early');
  say(`ended early by the institution: ${closed.status} ("${closed.outcome && 'reason' in closed.outcome ? closed.outcome.reason : ''}")`);

  // ---- The yearly report, from the projection.
  const year = beijingYear();
  const report = await get(system, `/v1/commissioner-reports?year=${year}&institutionOrganizationId=${university.id}`, university.staff.auth);
  expect(report.status).toBe(200);
  const zhangLine = report.body.commissioners.find((c: { commissionerId: string }) => c.commissionerId === zhang.id);
  const liLine = report.body.commissioners.find((c: { commissionerId: string }) => c.commissionerId === li.id);
  const universityLine = report.body.institutions.find((i: { institutionOrganizationId: string }) => i.institutionOrganizationId === university.id);
  expect(zhangLine).toMatchObject({ engagements: 1, completed: 1, hours: 38.5, confirmedHours: 38.5, ratings: { count: 1, average: 5 } });
  expect(liLine).toMatchObject({ engagements: 1, endedEarly: 1, hours: 0 });
  expect(universityLine).toMatchObject({ commissioners: 2, engagements: 2, completed: 1, endedEarly: 1, hours: 38.5, confirmedHours: 38.5 });
  say(`yearly report ${year}, ${university.name}: ${JSON.stringify(universityLine)}`);
  say(
    `  ${zhangLine.name}: ${JSON.stringify({ engagements: zhangLine.engagements, hours: zhangLine.hours, confirmedHours: zhangLine.confirmedHours, ratings: zhangLine.ratings })}`,
  );
  // The enterprise sees no institution's report; the commissioner sees their own line only.
  expect((await get(system, `/v1/commissioner-reports?year=${year}`, enterprise.signatory.auth)).body.commissioners).toEqual([]);
  expect(
    (await get(system, `/v1/commissioner-reports?year=${year}`, zhang.user.auth)).body.commissioners.map((c: { commissionerId: string }) => c.commissionerId),
  ).toEqual([zhang.id]);

  console.log(['commissioner acceptance 1:', ...lines].join('\n  '));
  await saveHistory(system.client, commissionerServiceWorkflowId(serviceId), 'matched-signed-three-periods-rated');
  await saveHistory(system.client, commissionerServiceWorkflowId(second.body.id), 'two-missed-escalated-ended-early');
}, 300_000);
