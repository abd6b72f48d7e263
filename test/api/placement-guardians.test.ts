// Guardians are people, confirmed: a 17-year-old cannot name themself as guardian, nor a stranger; the
// school links a guardian (a person holding the guardian role), the guardian confirms, and only then may
// an application name them; the guardian reads the student's placements while the link stands, and acts
// for the guardian party of the tripartite agreement only while it stands.
import { request } from '../support/http';
import { createOrganization, createUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { birthDateForAge, createPlacementParties, offer, publishPosition, step, waitForStatus } from './placement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

test('a minor cannot be their own guardian nor name a stranger; the school links, the guardian confirms, the guardian reads while linked', async () => {
  const p = await createPlacementParties(system.db, { studentAge: 17 });
  const positionId = await publishPosition(system, p);
  // A second 17-year-old of the same school, with no guardian linked yet.
  const minor = await createUser(system.db, { organizationId: p.school.id, roles: ['student'], birthDate: new Date(`${birthDateForAge(17)}T00:00:00Z`) });
  const application = (guardianUserId: string, cohort: string) =>
    request(system.baseUrl, 'POST', '/v1/applications', {
      headers: minor.auth,
      body: { cohort, yearOfStudy: 2, majorCode: '460104', schoolMentorUserId: p.schoolMentor.id, guardianUserId, preferences: [positionId] },
    });

  // Self-guardianship: refused, naming the field.
  const self = await application(minor.id, 'self');
  expect(self.status).toBe(422);
  expect(self.body.errors).toEqual([{ path: '/guardianUserId', message: 'a student cannot be their own guardian' }]);
  // A stranger: any active user of any organisation, and a guardian of another student.
  const otherOrg = await createOrganization(system.db, 'enterprise');
  const stranger = await createUser(system.db, { organizationId: otherOrg.id, roles: ['signatory'] });
  for (const who of [stranger.id, p.guardian.id]) {
    const refused = await application(who, `stranger-${who}`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('/guardianUserId');
  }

  // The school links a guardian. Not the student, not someone without the guardian role; not from another school.
  const mother = await createUser(system.db, { organizationId: null, roles: ['guardian'], name: 'Mother' });
  const link = (who: { auth: Record<string, string> }, guardianUserId: string) =>
    request(system.baseUrl, 'POST', `/v1/students/${minor.id}/guardians`, { headers: who.auth, body: { guardianUserId, relationship: 'parent' } });
  expect((await link(p.coordinator, minor.id)).body).toMatchObject({
    status: 422,
    errors: [{ path: '/guardianUserId', message: 'a student cannot be their own guardian' }],
  });
  expect((await link(p.coordinator, stranger.id)).status).toBe(422);
  const otherSchool = await createOrganization(system.db, 'secondary_vocational_school');
  const otherCoordinator = await createUser(system.db, { organizationId: otherSchool.id, roles: ['school_coordinator'] });
  expect((await link(otherCoordinator, mother.id)).status).toBe(404);
  const linked = await link(p.coordinator, mother.id);
  expect(linked.status).toBe(201);
  expect(linked.body).toMatchObject({ studentUserId: minor.id, guardianUserId: mother.id, status: 'pending', schoolOrganizationId: p.school.id });

  // Pending: not a guardian yet.
  expect((await application(mother.id, 'pending')).body).toMatchObject({ status: 422, errors: [{ path: '/guardianUserId' }] });
  // Only the guardian named confirms (anyone else: 404).
  const mine = await request(system.baseUrl, 'GET', '/v1/guardian-links', { headers: mother.auth });
  expect(mine.body.items.map((l: { id: string }) => l.id)).toEqual([linked.body.id]);
  expect((await request(system.baseUrl, 'POST', `/v1/guardian-links/${linked.body.id}/confirm`, { headers: p.guardian.auth })).status).toBe(404);
  const confirmed = await request(system.baseUrl, 'POST', `/v1/guardian-links/${linked.body.id}/confirm`, { headers: mother.auth });
  expect(confirmed.body).toMatchObject({ status: 'confirmed' });
  const listed = await request(system.baseUrl, 'GET', `/v1/students/${minor.id}/guardians`, { headers: p.coordinator.auth });
  expect(listed.body.items).toMatchObject([{ guardianUserId: mother.id, status: 'confirmed' }]);

  // Confirmed: the application names her, and the student is eligible.
  const applied = await application(mother.id, 'confirmed');
  expect(applied.status).toBe(201);
  expect(applied.body.eligibility[0]).toMatchObject({ eligible: true, violations: [] });

  // The offer; the guardian reads it, the stranger does not.
  const offered = await offer(system, p, applied.body.id, positionId);
  expect(offered.status).toBe(201);
  const placementId = offered.body.id as string;
  await waitForStatus(system, placementId, 'offered');
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: mother.auth })).status).toBe(200);
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: stranger.auth })).status).toBe(404);
  expect((await request(system.baseUrl, 'GET', '/v1/placements', { headers: mother.auth })).body.items.map((x: { id: string }) => x.id)).toEqual([placementId]);

  // The student accepts; the guardian party is hers alone: the student cannot sign it.
  expect((await step(system, placementId, 'accept', minor.auth)).status).toBe(200);
  const agreement = await waitForAgreement(offered.body.agreementId, mother.auth);
  const asStudent = await request(system.baseUrl, 'POST', `/v1/agreements/${offered.body.agreementId}/sign`, {
    headers: minor.auth,
    body: { partyId: 'guardian', documentSha256: agreement.documentSha256 },
  });
  expect(asStudent.body).toMatchObject({ status: 403, refusal: 'NotAuthorized' });

  // The school removes the link: she reads the placement no more, and cannot sign for the guardian party.
  const removed = await request(system.baseUrl, 'POST', `/v1/students/${minor.id}/guardians/${mother.id}/remove`, { headers: p.coordinator.auth });
  expect(removed.body).toEqual({ removed: true });
  expect((await request(system.baseUrl, 'GET', `/v1/placements/${placementId}`, { headers: mother.auth })).status).toBe(404);
  expect((await request(system.baseUrl, 'GET', '/v1/placements', { headers: mother.auth })).body.items).toEqual([]);
  const unlinkedSign = await request(system.baseUrl, 'POST', `/v1/agreements/${offered.body.agreementId}/sign`, {
    headers: mother.auth,
    body: { partyId: 'guardian', documentSha256: agreement.documentSha256 },
  });
  expect(unlinkedSign.status).toBe(403);
});

async function waitForAgreement(agreementId: string, auth: Record<string, string>): Promise<{ documentSha256: string }> {
  for (let i = 0; i < 200; i++) {
    const r = await request(system.baseUrl, 'GET', `/v1/agreements/${agreementId}`, { headers: auth });
    if (r.status === 200 && typeof r.body.documentSha256 === 'string') return r.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the tripartite agreement did not appear');
}
