// Acceptance 1: a seven-party memorandum in two routing groups (2, then 5 in parallel) with one
// delegation completes; the certificate lists all seven; the audit chain verifies. Along the way: the
// refusals (turn, hash, who), harmless repeats, scope (404 for outsiders), lists and the renewal reminder.
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
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
  sha256,
  step,
} from './agreement-fixtures';

let system: TestSystem;
let alliance: AllianceFixture;
let school: OrganizationParty;
let college: OrganizationParty;
let bureau: OrganizationParty;
let park: OrganizationParty;
let enterprise: OrganizationParty;
let supplier: OrganizationParty;
let engineer: TestUser;
let colleague: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system);
  [school, college, bureau, park, enterprise, supplier] = await Promise.all([
    organizationParty(system, 'secondary_vocational_school', 'Vocational School No. 1'),
    organizationParty(system, 'university', 'City Polytechnic College'),
    organizationParty(system, 'government', 'Human Resources Bureau'),
    organizationParty(system, 'industrial_park', 'High-tech Park'),
    organizationParty(system, 'enterprise', 'Precision Machining Ltd'),
    organizationParty(system, 'enterprise', 'Smart Sensors Ltd'),
  ]);
  engineer = await createUser(system.db, { organizationId: supplier.organizationId, roles: ['mentor'], name: 'Engineer Wang' });
  colleague = await createUser(system.db, { organizationId: enterprise.organizationId, roles: ['mentor'], name: 'Deputy Zhao' });
  const elsewhere = await createOrganization(system.db, 'enterprise', 'Unrelated Ltd');
  outsider = await createUser(system.db, { organizationId: elsewhere.id, roles: ['signatory', 'secretariat'] });
});
afterAll(async () => {
  await system?.stop();
});

const TEXT = 'Memorandum on co-educating digital craftsmen: schools lay foundations, colleges raise the level.';

function parties() {
  return [
    { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
    { partyId: 'college', displayName: college.name, role: 'signer', routingGroup: 1, organizationId: college.organizationId },
    { partyId: 'bureau', displayName: bureau.name, role: 'signer', routingGroup: 2, organizationId: bureau.organizationId },
    { partyId: 'park', displayName: park.name, role: 'signer', routingGroup: 2, organizationId: park.organizationId },
    { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 2, organizationId: enterprise.organizationId },
    { partyId: 'supplier', displayName: supplier.name, role: 'signer', routingGroup: 2, organizationId: supplier.organizationId },
    { partyId: 'engineer', displayName: 'Engineer Wang', role: 'signer', routingGroup: 2, userId: engineer.id },
  ];
}

test('seven parties, two groups, one delegation: effective, certificate lists all seven, audit verifies', async () => {
  const { id } = await launch(
    system,
    alliance,
    launchBody(alliance, parties(), {
      title: 'Co-education memorandum <script>alert(1)</script> & more',
      document: { text: TEXT },
      policy: { deadline: 'PT2M', effectiveFor: 'PT4S', renewalReminderBefore: 'PT2S' },
    }),
  );
  const hash = sha256(TEXT);
  const sign = (who: TestUser, partyId: string, documentSha256 = hash) => step(system, who, id, 'sign', { partyId, documentSha256 });

  // Group 2 must wait for group 1.
  const early = await sign(bureau.signatory, 'bureau');
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({ refusal: 'NotYourTurn', detail: expect.stringContaining('group 1 has not finished') });

  // A wrong document hash, a caller without the signatory role, a caller from another organisation.
  const wrongHash = await sign(school.signatory, 'school', sha256('another text'));
  expect(wrongHash.status).toBe(422);
  expect(wrongHash.body.refusal).toBe('DocumentHashMismatch');
  const mentorOfSchool = await createUser(system.db, { organizationId: school.organizationId, roles: ['mentor'] });
  const notSignatory = await sign(mentorOfSchool, 'school');
  expect(notSignatory.status).toBe(403);
  expect(notSignatory.body).toMatchObject({
    refusal: 'NotAuthorized',
    detail: `only a signatory of organisation ${school.organizationId} may act for party school`,
  });
  expect((await sign(outsider, 'school')).status).toBe(404);
  expect((await read(system, outsider, `/v1/agreements/${id}`)).status).toBe(404);

  // Group 1 in parallel; a repeat is harmless.
  const [schoolSigned, collegeSigned] = await Promise.all([sign(school.signatory, 'school'), sign(college.signatory, 'college')]);
  expect([schoolSigned.status, collegeSigned.status]).toEqual([200, 200]);
  const repeat = await sign(school.signatory, 'school');
  expect(repeat.status).toBe(200);
  expect(repeat.body).toMatchObject({ partyId: 'school', alreadyDone: true, currentRoutingGroup: 2 });

  const live = await read(system, school.signatory, `/v1/agreements/${id}`);
  expect(live.body).toMatchObject({ status: 'in_progress', currentRoutingGroup: 2, live: true });
  expect(live.body.parties.filter((p: { state: string }) => p.state === 'pending')).toHaveLength(5);

  // The enterprise's signatory delegates to a colleague (not a signatory), who then alone signs for it.
  const delegation = await step(system, enterprise.signatory, id, 'delegate', { partyId: 'enterprise', toUserId: colleague.id, reason: 'travelling' });
  expect(delegation.status).toBe(200);
  const outsideDelegation = await step(system, supplier.signatory, id, 'delegate', { partyId: 'supplier', toUserId: colleague.id });
  expect(outsideDelegation.status).toBe(422);
  expect(outsideDelegation.body.refusal).toBe('InvalidStep');
  expect((await sign(enterprise.signatory, 'enterprise')).status).toBe(403);

  // Group 2: five in parallel.
  const group2 = await Promise.all([
    sign(bureau.signatory, 'bureau'),
    sign(park.signatory, 'park'),
    sign(colleague, 'enterprise'),
    sign(supplier.signatory, 'supplier'),
    sign(engineer, 'engineer'),
  ]);
  expect(group2.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

  const row = await recordWithStatus(system, id, 'effective');
  expect(row.seal).toMatch(/^[0-9a-f]{64}$/);

  // The certificate: all seven parties, their times and roles, the delegation, the document hash, the seal.
  const certificate = await read(system, enterprise.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificate.status).toBe(200);
  expect(certificate.body).toMatchObject({
    agreementId: id,
    status: 'effective',
    version: 1,
    documentSha256: hash,
    seal: row.seal,
    verification: { sealValid: true, auditTrailValid: true, auditHeadInTrail: true },
  });
  expect(certificate.body.parties).toHaveLength(7);
  for (const p of certificate.body.parties) {
    expect(p.action).toMatchObject({ step: 'signed', documentSha256: hash, at: expect.any(String) });
  }
  const enterpriseRow = certificate.body.parties.find((p: { partyId: string }) => p.partyId === 'enterprise');
  expect(enterpriseRow.action).toMatchObject({ by: { userId: colleague.id, name: 'Deputy Zhao' }, delegated: true });
  expect(enterpriseRow.delegations).toEqual([
    expect.objectContaining({
      from: { userId: enterprise.signatory.id, name: `Signatory of ${enterprise.name}` },
      to: { userId: colleague.id, name: 'Deputy Zhao' },
      reason: 'travelling',
    }),
  ]);
  expect(certificate.body.parties.find((p: { partyId: string }) => p.partyId === 'engineer').user).toEqual({ userId: engineer.id, name: 'Engineer Wang' });

  // Printable HTML, escaped.
  const html = await fetch(`${system.baseUrl}/v1/agreements/${id}/certificate`, { headers: { ...school.signatory.auth, accept: 'text/html' } });
  expect(html.status).toBe(200);
  expect(html.headers.get('content-type')).toMatch(/^text\/html/);
  const page = await html.text();
  expect(page).toContain('Co-education memorandum &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
  expect(page).not.toContain('<script>');
  for (const p of parties()) expect(page).toContain(p.displayName);
  expect(page).toContain(row.seal!);

  // The audit trail verifies, from the launch to the seal.
  const audit = await read(system, alliance.secretariat, `/v1/agreements/${id}/audit`);
  expect(audit.status).toBe(200);
  expect(audit.body.verification).toMatchObject({ valid: true, firstInvalid: null, sealedHead: { inTrail: true } });
  const steps = audit.body.entries.map((e: { step: string }) => e.step);
  expect(steps[0]).toBe('launched');
  expect(steps.filter((s: string) => s === 'signed')).toHaveLength(7);
  expect(steps.filter((s: string) => s === 'delegated')).toHaveLength(1);
  expect(steps).toContain('completed');
  expect(audit.body.entries.map((e: { sequence: number }) => e.sequence)).toEqual(audit.body.entries.map((_: unknown, i: number) => i + 1));

  // After effective-until minus the renewal lead, the renewal reminder; then the workflow ends.
  const result = await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
  expect(result).toMatchObject({ status: 'effective', seal: row.seal });
  const renewal = (await auditSteps(system, id)).find((e) => e.step === 'renewal_reminder_sent')!;
  expect(renewal.occurredAt.getTime()).toBeGreaterThanOrEqual(row.effectiveAt!.getTime() + 2000 - 50);
  await saveHistory(system.client, agreementWorkflowId(id), 'memorandum-seven-parties-delegation');

  // Every party was told: the completion reached each signatory's inbox (and the delegate and the user party).
  const completed = await eventually(
    () => system.db.notification.findMany({ where: { eventId: `${agreementWorkflowId(id)}/completed` } }),
    (rows) => rows.length >= 8,
  );
  const notified = new Set(completed.map((n) => n.userId));
  for (const who of [school, college, bureau, park, supplier].map((p) => p.signatory)) expect(notified).toContain(who.id);
  expect(notified).toContain(colleague.id);
  expect(notified).toContain(engineer.id);
  expect(notified).toContain(alliance.secretariat.id);
});

test('lists filter by status, alliance, kind and party organisation, page by cursor, and stay in scope', async () => {
  const other = await allianceFixture(system, 'Excellent engineers alliance');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const body = launchBody(alliance, [{ partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.organizationId }], {
      kind: i === 2 ? 'co_education_project' : 'cooperation_memorandum',
      title: `List test ${i}`,
    });
    ids.push((await launch(system, alliance, body)).id);
  }
  const foreign = await launch(
    system,
    other,
    launchBody(other, [{ partyId: 'park', displayName: 'Park', role: 'signer', routingGroup: 1, organizationId: park.organizationId }]),
  );
  await eventually(
    () => system.db.agreement.count({ where: { id: { in: [...ids, foreign.id] } } }),
    (n) => n === 4,
  );

  const mine = await read(system, school.signatory, `/v1/agreements?allianceId=${alliance.allianceId}&status=in_progress&limit=2`);
  expect(mine.status).toBe(200);
  expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2], ids[1]]);
  expect(mine.body.nextCursor).toEqual(expect.any(String));
  const next = await read(
    system,
    school.signatory,
    `/v1/agreements?allianceId=${alliance.allianceId}&status=in_progress&limit=2&cursor=${mine.body.nextCursor}`,
  );
  expect(next.body.items.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
  expect(next.body.nextCursor).toBeNull();

  const projects = await read(system, alliance.secretariat, `/v1/agreements?kind=co_education_project&allianceId=${alliance.allianceId}`);
  expect(projects.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
  const byParty = await read(system, park.signatory, `/v1/agreements?organizationId=${park.organizationId}&status=in_progress`);
  expect(byParty.body.items.map((a: { id: string }) => a.id)).toEqual([foreign.id]);
  // The school is no party of the other alliance's agreement, and the outsider sees nothing at all.
  expect((await read(system, school.signatory, `/v1/agreements?allianceId=${other.allianceId}`)).body.items).toEqual([]);
  expect((await read(system, outsider, '/v1/agreements')).body.items).toEqual([]);
  expect((await read(system, other.secretariat, `/v1/agreements/${ids[0]}`)).status).toBe(404);
  expect((await read(system, alliance.secretariat, '/v1/agreements?status=bogus')).status).toBe(400);

  // Only the alliance's own secretariat launches for it.
  const schoolParty = [{ partyId: 'school', displayName: 'School', role: 'signer', routingGroup: 1, organizationId: school.organizationId }];
  const foreignLaunch = await request(system.baseUrl, 'POST', '/v1/agreements', { body: launchBody(alliance, schoolParty), headers: other.secretariat.auth });
  expect(foreignLaunch.status).toBe(403);

  // Unknown party references are named.
  const ghost = [{ partyId: 'ghost', displayName: 'Ghost', role: 'signer', routingGroup: 1, userId: '00000000-0000-4000-8000-000000000000' }];
  const unknown = await request(system.baseUrl, 'POST', '/v1/agreements', { body: launchBody(alliance, ghost), headers: alliance.secretariat.auth });
  expect(unknown.status).toBe(422);
  expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['/parties/0/userId']);

  // The secretariat voids what it launched; a repeat is harmless; a party cannot void.
  expect((await step(system, school.signatory, ids[0]!, 'void', { reason: 'duplicate' })).status).toBe(403);
  const voided = await step(system, alliance.secretariat, ids[0]!, 'void', { reason: 'duplicate' });
  expect(voided.status).toBe(200);
  expect(voided.body).toMatchObject({ status: 'voided', alreadyDone: false });
  await recordWithStatus(system, ids[0]!, 'voided');
  const again = await step(system, alliance.secretariat, ids[0]!, 'void', { reason: 'duplicate' });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ status: 'voided', alreadyDone: true });
  const late = await step(system, school.signatory, ids[0]!, 'sign', {
    partyId: 'school',
    documentSha256: sha256('The parties agree to co-educate digital craftsmen.'),
  });
  expect(late.status).toBe(409);
  expect(late.body.refusal).toBe('AgreementClosed');
  await saveHistory(system.client, agreementWorkflowId(ids[0]!), 'voided');
});
