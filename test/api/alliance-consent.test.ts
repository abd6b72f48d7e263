// Consent across organisations: founding an alliance invites the organisations it names (they are not
// members until they accept); an agreement names only members (422 naming the party); a position is
// offered within an alliance only by a member; a certification candidate applies for their own
// organisation only. Nothing is written into an organisation that did not consent.
import { randomUUID } from 'node:crypto';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { compliantPosition } from '../workflows/placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

const post = (who: TestUser, path: string, body?: unknown) => request(system.baseUrl, 'POST', path, { headers: who.auth, body: body ?? {} });
const get = (who: TestUser, path: string) => request(system.baseUrl, 'GET', path, { headers: who.auth });

test('an alliance invites; only organisations that accept are members; an agreement names only members', async () => {
  const [secretariatOrg, school, enterprise, college, outsider] = await Promise.all([
    createOrganization(system.db, 'association', 'Consent secretariat'),
    createOrganization(system.db, 'secondary_vocational_school', 'Consent school'),
    createOrganization(system.db, 'enterprise', 'Consent works'),
    createOrganization(system.db, 'university', 'Consent college'),
    createOrganization(system.db, 'enterprise', 'Outsider works'),
  ]);
  const [secretariat, schoolSignatory, enterpriseSecretariat, enterpriseMentor, collegeSignatory, outsiderSecretariat, engineer] = await Promise.all([
    createUser(system.db, { organizationId: secretariatOrg.id, roles: ['secretariat'] }),
    createUser(system.db, { organizationId: school.id, roles: ['signatory'] }),
    createUser(system.db, { organizationId: enterprise.id, roles: ['secretariat'] }),
    createUser(system.db, { organizationId: enterprise.id, roles: ['mentor'] }),
    createUser(system.db, { organizationId: college.id, roles: ['signatory'] }),
    createUser(system.db, { organizationId: outsider.id, roles: ['secretariat', 'signatory'] }),
    createUser(system.db, { organizationId: outsider.id, roles: ['signatory'], name: 'Outsider engineer' }),
  ]);

  // Founding names three organisations: they are invited, not members.
  const founded = await post(secretariat, '/v1/alliances', {
    name: 'Consent alliance',
    secretariatOrganizationId: secretariatOrg.id,
    memberOrganizationIds: [school.id, enterprise.id, college.id],
  });
  expect(founded.status).toBe(201);
  expect(founded.body.memberOrganizationIds).toEqual([secretariatOrg.id]);
  expect(founded.body.invitedOrganizationIds).toEqual([school.id, enterprise.id, college.id].sort());
  const allianceId = founded.body.id as string;

  // An agreement naming an invited organisation, or a user of an organisation that is no member: 422 naming each party.
  const launch = (parties: unknown[]) =>
    post(secretariat, '/v1/agreements', {
      allianceId,
      title: 'Consent memorandum',
      kind: 'cooperation_memorandum',
      document: { text: 'We agree.' },
      parties,
      policy: { deadline: 'PT1H' },
    });
  const early = await launch([
    { partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.id },
    { partyId: 'engineer', displayName: 'Engineer', role: 'signer', routingGroup: 1, userId: engineer.id },
  ]);
  expect(early.status).toBe(422);
  expect(early.body).toMatchObject({ title: 'Not a member of the alliance' });
  expect(early.body.errors.map((e: { path: string }) => e.path)).toEqual(['/parties/0/organizationId', '/parties/1/userId']);
  expect(early.body.errors[0].message).toContain('school');
  // Nothing reached the school: no agreement, no invitation to sign.
  expect(await system.db.notification.count({ where: { userId: schoolSignatory.id } })).toBe(0);
  expect(await system.db.agreement.count({ where: { allianceId } })).toBe(0);

  // Each organisation sees its own pending invitations, and only its own.
  const pending = await get(schoolSignatory, '/v1/alliance-invitations');
  expect(pending.body.items).toMatchObject([{ allianceId, organizationId: school.id, status: 'invited', allianceName: 'Consent alliance' }]);
  expect((await get(outsiderSecretariat, '/v1/alliance-invitations')).body.items).toEqual([]);

  // Only the invited organisation answers: another organisation is told there is no such invitation; a mentor may not.
  expect((await post(outsiderSecretariat, `/v1/alliances/${allianceId}/members/${school.id}/accept`)).status).toBe(404);
  expect((await post(outsiderSecretariat, `/v1/alliances/${allianceId}/members/${outsider.id}/accept`)).status).toBe(404);
  expect((await post(enterpriseMentor, `/v1/alliances/${allianceId}/members/${enterprise.id}/accept`)).status).toBe(403);

  // The school's signatory and the enterprise's secretariat accept; the college declines.
  expect((await post(schoolSignatory, `/v1/alliances/${allianceId}/members/${school.id}/accept`)).body).toMatchObject({
    status: 'accepted',
    respondedBy: schoolSignatory.id,
  });
  expect((await post(schoolSignatory, `/v1/alliances/${allianceId}/members/${school.id}/accept`)).status).toBe(200); // harmless repeat
  expect((await post(enterpriseSecretariat, `/v1/alliances/${allianceId}/members/${enterprise.id}/accept`)).status).toBe(200);
  expect((await post(collegeSignatory, `/v1/alliances/${allianceId}/members/${college.id}/decline`)).body).toMatchObject({ status: 'declined' });
  expect((await post(collegeSignatory, `/v1/alliances/${allianceId}/members/${college.id}/accept`)).status).toBe(409);

  const alliance = await get(outsiderSecretariat, `/v1/alliances/${allianceId}`);
  expect(alliance.body.memberOrganizationIds).toEqual([secretariatOrg.id, school.id, enterprise.id].sort());
  expect(alliance.body.invitedOrganizationIds).toEqual([]);
  expect((await get(outsiderSecretariat, `/v1/alliances?organizationId=${college.id}`)).body.items).toEqual([]);

  // Members may be named; the college that declined may not, until it is invited again and accepts.
  // Somebody may sign for each party (else 422 unreachable-party).
  const enterpriseSignatory = await createUser(system.db, { organizationId: enterprise.id, roles: ['signatory'] });
  const members = await launch([
    { partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.id },
    { partyId: 'enterprise', displayName: 'Works', role: 'signer', routingGroup: 1, organizationId: enterprise.id },
  ]);
  expect(members.status).toBe(201);
  const declined = await launch([{ partyId: 'college', displayName: 'College', role: 'signer', routingGroup: 1, organizationId: college.id }]);
  expect(declined.body.errors.map((e: { path: string }) => e.path)).toEqual(['/parties/0/organizationId']);
  expect((await post(outsiderSecretariat, `/v1/alliances/${allianceId}/invitations`, { organizationIds: [college.id] })).status).toBe(404);
  const reinvited = await post(secretariat, `/v1/alliances/${allianceId}/invitations`, { organizationIds: [college.id, outsider.id] });
  expect(reinvited.body.invitedOrganizationIds).toEqual([college.id, outsider.id].sort());
  expect((await post(collegeSignatory, `/v1/alliances/${allianceId}/members/${college.id}/accept`)).body.status).toBe('accepted');
  expect((await launch([{ partyId: 'college', displayName: 'College', role: 'signer', routingGroup: 1, organizationId: college.id }])).status).toBe(201);

  // A position within the alliance is offered only by a member enterprise.
  const facts = compliantPosition();
  const position = (enterpriseOrganizationId: string, mentorUserId: string, who: TestUser) =>
    post(who, '/v1/positions', {
      enterpriseOrganizationId,
      allianceId,
      mentorUserId,
      title: 'Consent position',
      majorGroups: facts.majorGroups,
      skills: [],
      location: 'Shenzhen',
      capacity: 1,
      startDate: facts.startDate,
      endDate: facts.endDate,
      dailyHours: 8,
      weeklyHours: 40,
      nightWork: false,
      stipendMonthly: facts.stipendMonthly,
      regularMonthlyWage: facts.regularMonthlyWage,
      positionStaff: 50,
      enterpriseStaff: 500,
    });
  const outsiderMentor = await createUser(system.db, { organizationId: outsider.id, roles: ['mentor'] });
  const notMember = await position(outsider.id, outsiderMentor.id, engineer);
  expect(notMember.status).toBe(422);
  expect(notMember.body.errors).toEqual([{ path: '/allianceId', message: `the enterprise is not a member of alliance ${allianceId}` }]);
  expect((await position(enterprise.id, enterpriseMentor.id, enterpriseSignatory)).status).toBe(201);
});

test('a certification candidate applies for their own organisation only', async () => {
  const [secretariatOrg, employer, other] = await Promise.all([
    createOrganization(system.db, 'association'),
    createOrganization(system.db, 'enterprise', 'Candidate employer'),
    createOrganization(system.db, 'enterprise', 'Someone else'),
  ]);
  const programme = await system.db.certificationProgramme.create({
    data: {
      id: `consent-${randomUUID().slice(0, 8)}`,
      name: 'Consent programme',
      certificatePrefix: 'CON',
      secretariatOrganizationId: secretariatOrg.id,
      evaluationOrganizationIds: [],
      domains: ['big-data'],
      policy: {
        levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
        panel: { size: 3, quorum: 2, majority: 'simple' },
        reviewTask: { due: 'P1D', followUp: 'PT12H', reminderEvery: 'PT6H', maxReminders: 2 },
        durations: { noticePeriod: 'P1D', appealWindow: 'P1D', resubmitWithin: 'P1D', validity: 'P1Y', renewalReminderBefore: 'P30D' },
      },
      createdBy: 'consent-test',
    },
  });
  const candidate = await createUser(system.db, { organizationId: employer.id, roles: ['candidate'] });
  const body = { programmeId: programme.id, domain: 'big-data', level: 'junior', trainingHours: 150 };
  const foreign = await post(candidate, '/v1/certification-applications', { ...body, organizationId: other.id });
  expect(foreign.status).toBe(403);
  expect(foreign.body.detail).toContain('own organisation');
  expect(await system.db.certificationApplication.count({ where: { candidateUserId: candidate.id } })).toBe(0);
  const own = await post(candidate, '/v1/certification-applications', { ...body, organizationId: employer.id });
  expect(own.status).toBe(201);
});
