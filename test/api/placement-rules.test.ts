// Acceptance 2: the placement rules at work through the API. A 16-year-old cannot start without the
// guardian's signature on the tripartite agreement; a 15-year-old is refused an offer; a weekly log of
// 45 hours raises a rule violation that the school sees in its summary (and is told of at once).
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  activePlacement,
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

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const insurance = { policyNumber: 'PICC-2027-0002', insurer: 'PICC' };

test('a 16-year-old cannot start without the guardian signature', async () => {
  const p = await createPlacementParties(system.db, { studentAge: 16 });
  const positionId = await publishPosition(system, p);
  const application = await apply(system, p, [positionId], { guardianUserId: p.guardian.id });
  expect(application.eligibility[0]).toMatchObject({ eligible: true });
  const offered = await offer(system, p, application.id, positionId, fastPolicy('PT1M'), insurance);
  expect(offered.status).toBe(201);
  const placementId: string = offered.body.id;
  await waitForStatus(system, placementId, 'offered');

  // The guardian is the fourth party of the tripartite agreement, and was sent the offer too.
  expect((await step(system, placementId, 'accept', p.student.auth)).status).toBe(200);
  const agreement = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/agreements/${offered.body.agreementId}`, { headers: p.guardian.auth }),
    (r) => r.status === 200 && Array.isArray(r.body.parties),
  );
  expect(agreement.body.parties.map((x: { partyId: string }) => x.partyId).sort()).toEqual(['enterprise', 'guardian', 'school', 'student']);

  // School, enterprise and student sign; the guardian has not: no start, and the gate says why.
  await signAgreement(system, p, offered.body.agreementId, ['school', 'enterprise', 'student']);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const blocked = await liveStatus(system, placementId);
  expect(blocked.status).toBe('agreement_pending');
  expect(blocked.startedAt).toBeNull();
  expect(blocked.startBlockers.map((b) => b.ruleId)).toEqual(['student.guardian_for_minor']);
  expect(blocked.startBlockers[0]!.message['zh-CN']).toContain('监护人');
  const early = await step(system, placementId, 'check-ins', p.student.auth, { week: 1, days: fullWeek(), tasks: 'too early' });
  expect(early.status).toBe(409);

  // The guardian signs: the agreement is effective and the placement starts.
  await signAgreement(system, p, offered.body.agreementId, ['guardian']);
  const active = await waitForStatus(system, placementId, 'active');
  expect(active.agreement).toMatchObject({ status: 'effective', guardianSigned: true });
  expect(active.startBlockers).toEqual([]);
  await step(system, placementId, 'terminate', p.coordinator.auth, { reason: 'test over' });
  await system.client.workflow.getHandle(`placement-${placementId}`).result();
  await saveAllRuns(system.client, `placement-${placementId}`, 'minor-guardian-gate');
}, 60_000);

test('a 16-year-old without a guardian on the application is refused an offer', async () => {
  const p = await createPlacementParties(system.db, { studentAge: 16 });
  const positionId = await publishPosition(system, p);
  const application = await apply(system, p, [positionId]);
  expect(application.eligibility[0]!.violations.map((v) => v.ruleId)).toEqual(['student.guardian_for_minor']);
  const refused = await offer(system, p, application.id, positionId);
  expect(refused.status).toBe(422);
  expect(refused.body.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual(['student.guardian_for_minor']);
});

test('a 15-year-old is refused an offer, and a matching round leaves the pair out', async () => {
  const p = await createPlacementParties(system.db, { studentAge: 15 });
  const positionId = await publishPosition(system, p);
  const application = await apply(system, p, [positionId], { guardianUserId: p.guardian.id });
  expect(application.eligibility[0]).toMatchObject({ eligible: false, violations: [expect.objectContaining({ ruleId: 'student.minimum_age' })] });

  const refused = await offer(system, p, application.id, positionId);
  expect(refused.status).toBe(422);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({ type: expect.stringContaining('placement-rule-violation'), status: 422 });
  expect(refused.body.violations).toEqual([
    expect.objectContaining({
      ruleId: 'student.minimum_age',
      message: { 'zh-CN': expect.stringContaining('未满16周岁'), en: expect.stringContaining('under 16') },
    }),
  ]);
  expect(await system.db.placement.count({ where: { studentUserId: p.student.id } })).toBe(0);

  const round = await request(system.baseUrl, 'POST', '/v1/matching-rounds', {
    headers: p.coordinator.auth,
    body: { schoolOrganizationId: p.school.id, cohort: '2027-spring', seed: 'age' },
  });
  expect(round.status).toBe(201);
  expect(round.body.matched).toBe(0);
  expect(round.body.unmatchedApplications).toEqual([
    { applicationId: application.id, studentUserId: p.student.id, ineligible: [{ positionId, ruleIds: ['student.minimum_age'] }] },
  ]);
});

test('a weekly log of 45 hours raises a rule violation visible in the school summary', async () => {
  const p = await createPlacementParties(system.db);
  const { placementId } = await activePlacement(system, p, { policy: fastPolicy('PT1M') });
  const before = await request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: p.coordinator.auth });
  expect(before.body.ruleViolations).toEqual({ total: 0, placements: 0, byRule: {} });

  const log = await step(system, placementId, 'check-ins', p.student.auth, {
    week: 1,
    days: fullWeek([9, 9, 9, 9, 9]),
    tasks: 'Rush order',
    reflections: 'Long days.',
  });
  expect(log.status).toBe(200);
  expect(log.body.violations.map((v: { ruleId: string }) => v.ruleId)).toEqual([
    'hours.daily_limit',
    'hours.daily_limit',
    'hours.daily_limit',
    'hours.daily_limit',
    'hours.daily_limit',
    'hours.weekly_limit',
  ]);
  expect(log.body.violations[5].details).toMatchObject({ week: 1, hours: 45, limit: 40 });

  const summary = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: p.coordinator.auth }),
    (r) => r.body.ruleViolations?.total === 6,
  );
  expect(summary.body.ruleViolations).toEqual({ total: 6, placements: 1, byRule: { 'hours.daily_limit': 5, 'hours.weekly_limit': 1 } });
  expect(summary.body.byStatus.active).toBe(1);

  // The school is told at once: the mentor's inbox has the violation, in the mentor's language.
  const inbox = await eventually(
    () => request(system.baseUrl, 'GET', '/v1/notifications?limit=20', { headers: p.schoolMentor.auth }),
    (r) => r.body.items?.some((n: { type: string }) => n.type === 'placement.rule_violation'),
  );
  expect(inbox.body.items.find((n: { type: string }) => n.type === 'placement.rule_violation').body).toContain('40');

  // An incident escalates at once as well, and counts as open until the school resolves it.
  const incident = await step(system, placementId, 'incidents', p.enterpriseMentor.auth, {
    severity: 'high',
    description: 'Hand caught in a press; first aid given.',
  });
  expect(incident.body).toMatchObject({ step: 'incident', reference: 1 });
  const open = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: p.coordinator.auth }),
    (r) => r.body.openIncidents?.total === 1,
  );
  expect(open.body.openIncidents.bySeverity).toEqual({ high: 1 });
  expect((await step(system, placementId, 'incidents/1/resolve', p.schoolMentor.auth, { resolution: 'Seen by a doctor; guard fitted.' })).status).toBe(200);
  await eventually(
    () => request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: p.coordinator.auth }),
    (r) => r.body.openIncidents?.total === 0,
  );
  await step(system, placementId, 'terminate', p.coordinator.auth, { reason: 'test over' });
  await system.client.workflow.getHandle(`placement-${placementId}`).result();
  await saveAllRuns(system.client, `placement-${placementId}`, 'rule-violation-and-incident');
}, 60_000);

test('a position that breaks the rules on its own is refused when published', async () => {
  const p = await createPlacementParties(system.db);
  const res = await request(system.baseUrl, 'POST', '/v1/positions', {
    headers: p.enterpriseSignatory.auth,
    body: {
      enterpriseOrganizationId: p.enterprise.id,
      mentorUserId: p.enterpriseMentor.id,
      title: 'Night packer',
      majorGroups: ['46'],
      location: 'Dongguan',
      capacity: 3,
      startDate: '2027-03-01',
      endDate: '2027-12-31',
      dailyHours: 10,
      weeklyHours: 50,
      nightWork: true,
      stipendMonthly: 200_000,
      regularMonthlyWage: 400_000,
      positionStaff: 30,
      enterpriseStaff: 300,
    },
  });
  expect(res.status).toBe(422);
  expect(res.body.violations.map((v: { ruleId: string }) => v.ruleId).sort()).toEqual(
    ['duration.maximum', 'hours.daily_limit', 'hours.no_night_shift', 'hours.weekly_limit', 'stipend.minimum_share'].sort(),
  );
});

test('a school coordinator sees only its own school: other placements and summaries are 404', async () => {
  const p = await createPlacementParties(system.db);
  const other = await createPlacementParties(system.db);
  const { placementId } = await activePlacement(system, p, { policy: fastPolicy('PT1M') });
  const outsider = other.coordinator;
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: outsider.auth })).status).toBe(404);
  expect((await request(system.baseUrl, 'GET', `/v1/schools/${p.school.id}/placement-summary`, { headers: outsider.auth })).status).toBe(404);
  expect((await step(system, placementId, 'terminate', outsider.auth, { reason: 'not mine' })).status).toBe(404);
  const list = await request(system.baseUrl, 'GET', `/v1/placements?schoolOrganizationId=${p.school.id}`, { headers: outsider.auth });
  expect(list.body.items).toEqual([]);
  // The list reads the projection, which follows the workflow's steps.
  const own = await eventually(
    () => request(system.baseUrl, 'GET', `/v1/placements?schoolOrganizationId=${p.school.id}&status=active`, { headers: p.coordinator.auth }),
    (r) => r.body.items?.length === 1,
  );
  expect(own.body.items.map((x: { id: string }) => x.id)).toEqual([placementId]);
  // A student of the same school sees only their own placements.
  const classmate = await createUser(system.db, { organizationId: p.school.id, roles: ['student'] });
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: classmate.auth })).status).toBe(404);
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: p.student.auth })).status).toBe(200);
  // The enterprise's staff see it through the enterprise.
  const byEnterprise = await request(system.baseUrl, 'GET', `/v1/placements?enterpriseOrganizationId=${p.enterprise.id}`, {
    headers: p.enterpriseSignatory.auth,
  });
  expect(byEnterprise.body.items.map((x: { id: string }) => x.id)).toEqual([placementId]);
  await step(system, placementId, 'terminate', p.coordinator.auth, { reason: 'test over' });
}, 60_000);
