// Acceptance 4: the secretariat amends after two signatures: both reset, version 2 completes, and the
// audit trail shows both versions (and still verifies).
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { saveHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import {
  type AllianceFixture,
  allianceFixture,
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
let park: OrganizationParty;
let enterprise: OrganizationParty;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system);
  school = await organizationParty(system, 'secondary_vocational_school', 'Vocational School No. 3');
  park = await organizationParty(system, 'industrial_park', 'Intelligent Construction Park');
  enterprise = await organizationParty(system, 'enterprise', 'Building Information Modelling Ltd');
});
afterAll(async () => {
  await system?.stop();
});

const V1 = 'Co-education project agreement (intelligent construction), version 1: 20 apprentices.';
const V2 = 'Co-education project agreement (intelligent construction), version 2: 30 apprentices, two mentors each.';

test('amend after two signatures: both reset, version 2 completes, the audit shows both versions', async () => {
  const { id } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      [
        { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
        { partyId: 'park', displayName: park.name, role: 'signer', routingGroup: 1, organizationId: park.organizationId },
        { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 2, organizationId: enterprise.organizationId },
      ],
      { kind: 'co_education_project', title: 'Intelligent construction co-education project', document: { text: V1 } },
    ),
  );
  const sign = (who: OrganizationParty, partyId: string, text: string) => step(system, who.signatory, id, 'sign', { partyId, documentSha256: sha256(text) });

  expect((await sign(school, 'school', V1)).status).toBe(200);
  expect((await sign(park, 'park', V1)).body).toMatchObject({ currentRoutingGroup: 2, version: 1 });

  // Only the secretariat amends; then every signature is reset and routing starts again at group 1.
  expect((await step(system, school.signatory, id, 'amend', { document: { text: V2 } })).status).toBe(403);
  const amended = await step(system, alliance.secretariat, id, 'amend', { document: { text: V2 }, note: 'Cohort raised to 30.' });
  expect(amended.status).toBe(200);
  expect(amended.body).toMatchObject({ step: 'amend', version: 2, status: 'in_progress', currentRoutingGroup: 1, alreadyDone: false });
  const repeated = await step(system, alliance.secretariat, id, 'amend', { document: { text: V2 }, note: 'Cohort raised to 30.' });
  expect(repeated.body).toMatchObject({ version: 2, alreadyDone: true });

  const view = await read(system, school.signatory, `/v1/agreements/${id}`);
  expect(view.body).toMatchObject({ version: 2, documentSha256: sha256(V2), currentRoutingGroup: 1 });
  expect(view.body.parties.map((p: { partyId: string; state: string }) => [p.partyId, p.state])).toEqual([
    ['school', 'pending'],
    ['park', 'pending'],
    ['enterprise', 'waiting'],
  ]);
  expect(view.body.versions.map((v: { version: number; documentSha256: string; note: string | null }) => [v.version, v.documentSha256, v.note])).toEqual([
    [1, sha256(V1), null],
    [2, sha256(V2), 'Cohort raised to 30.'],
  ]);

  // Version 1's hash no longer signs; version 2 is signed by all three.
  const stale = await sign(school, 'school', V1);
  expect(stale.status).toBe(422);
  expect(stale.body).toMatchObject({ refusal: 'DocumentHashMismatch', detail: expect.stringContaining('is not the hash of version 2') });
  expect((await sign(school, 'school', V2)).status).toBe(200);
  expect((await sign(park, 'park', V2)).status).toBe(200);
  expect((await sign(enterprise, 'enterprise', V2)).body).toMatchObject({ status: 'effective', version: 2 });

  const row = await recordWithStatus(system, id, 'effective');
  expect(row).toMatchObject({ version: 2, documentSha256: sha256(V2) });
  // Each version's body is in the document store, read back by version through the API.
  expect(
    await system.db.agreementVersion.findMany({ where: { agreementId: id }, orderBy: { version: 'asc' }, select: { version: true, documentSha256: true } }),
  ).toEqual([
    { version: 1, documentSha256: sha256(V1) },
    { version: 2, documentSha256: sha256(V2) },
  ]);
  for (const [version, text] of [
    [1, V1],
    [2, V2],
  ] as const) {
    const body = await fetch(`${system.baseUrl}/v1/agreements/${id}/document?version=${version}`, { headers: park.signatory.auth });
    expect(body.status).toBe(200);
    expect(body.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await body.text()).toBe(text);
  }
  // Both versions' signatures are kept as records; the seal and the certificate cover version 2's.
  const signatures = await system.db.agreementSignature.findMany({ where: { agreementId: id }, orderBy: [{ version: 'asc' }, { partyId: 'asc' }] });
  expect(signatures.map((s) => [s.version, s.partyId, s.documentSha256])).toEqual([
    [1, 'park', sha256(V1)],
    [1, 'school', sha256(V1)],
    [2, 'enterprise', sha256(V2)],
    [2, 'park', sha256(V2)],
    [2, 'school', sha256(V2)],
  ]);
  const certificate = await read(system, park.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificate.body).toMatchObject({ version: 2, documentSha256: sha256(V2), verification: { sealValid: true, auditTrailValid: true } });
  expect(certificate.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

  // The trail: version 1 launched and signed twice, amended to version 2, signed three times, completed,
  // then the certificate of completion rendered (read once the workflow has ended, so that entry is in).
  await system.client.workflow.getHandle(agreementWorkflowId(id)).result();
  const audit = await read(system, alliance.secretariat, `/v1/agreements/${id}/audit`);
  expect(audit.body.verification.valid).toBe(true);
  const steps = audit.body.entries.map(
    (e: { step: string; data: { version?: number; partyId?: string } }) =>
      `${e.step}${e.data.version === undefined ? '' : ` v${e.data.version}`}${e.data.partyId ? ` ${e.data.partyId}` : ''}`,
  );
  expect(steps.filter((s: string) => !s.startsWith('reminder'))).toEqual([
    'launched v1',
    'signed v1 school',
    'signed v1 park',
    'amended v2',
    'signed v2 school',
    'signed v2 park',
    'signed v2 enterprise',
    'completed v2',
    'certificate_rendered',
  ]);
  const amendEntry = audit.body.entries.find((e: { step: string }) => e.step === 'amended');
  expect(amendEntry).toMatchObject({
    actor: alliance.secretariat.id,
    data: { version: 2, previousVersion: 1, documentSha256: sha256(V2), previousDocumentSha256: sha256(V1), note: 'Cohort raised to 30.' },
  });

  await saveHistory(system.client, agreementWorkflowId(id), 'amend-after-two-signatures');
});
