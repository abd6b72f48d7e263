// Issue 21, acceptance 2: the certificate of completion of a seven-party agreement with Chinese names
// as PDF. The worker renders it when the agreement becomes effective and the workflow records its
// SHA-256 in the audit trail; the API serves exactly those bytes; pdftotext extracts every party's
// name, the signatories' names and the seal, and pdftoppm renders page 1 with the embedded font.
import { createHash } from 'node:crypto';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { eventually } from '../support/eventually';
import { pdfInfo, pdfPagePng, pdfText } from '../support/pdf';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { type AllianceFixture, allianceFixture, auditSteps, launch, launchBody, recordWithStatus, sha256, step } from './agreement-fixtures';
import type { OrganizationKind } from '../../prisma/generated/client';

let system: TestSystem;
let alliance: AllianceFixture;

const PARTIES: [string, OrganizationKind, string, string][] = [
  ['school', 'secondary_vocational_school', '深圳市第一职业技术学校', '张伟'],
  ['college', 'university', '深圳职业技术大学', '李娜'],
  ['bureau', 'government', '深圳市人力资源和社会保障局', '王芳'],
  ['park', 'industrial_park', '南山高新技术产业园', '刘洋'],
  ['enterprise', 'enterprise', '精密机械制造有限公司', '陈静'],
  ['supplier', 'enterprise', '智能传感器有限公司', '欧阳明辉'],
  ['institute', 'research_institute', '先进制造研究院', '司马晓燕'],
];

let parties: { partyId: string; name: string; signatory: TestUser; signatoryName: string; organizationId: string }[];

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system, '粤港澳数字工匠产教联盟');
  parties = await Promise.all(
    PARTIES.map(async ([partyId, kind, name, signatoryName]) => {
      const organization = await createOrganization(system.db, kind, name);
      const signatory = await createUser(system.db, {
        organizationId: organization.id,
        roles: ['signatory'],
        name: signatoryName,
        email: `${partyId}-${organization.id.slice(0, 8)}@example.com`,
      });
      return { partyId, name, signatory, signatoryName, organizationId: organization.id };
    }),
  );
});
afterAll(async () => {
  await system?.stop();
});

const TEXT = '数字工匠联合培养备忘录：七方共同培养数控技术人才。';

test('a seven-party certificate of completion as PDF: names and seal extracted, its SHA-256 in the audit trail', async () => {
  const { id } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      parties.map((p, i) => ({ partyId: p.partyId, displayName: p.name, role: 'signer', routingGroup: i < 2 ? 1 : 2, organizationId: p.organizationId })),
      { title: '数字工匠联合培养备忘录', document: { text: TEXT } },
    ),
  );
  for (const p of parties) {
    const signed = await eventually(
      () => step(system, p.signatory, id, 'sign', { partyId: p.partyId, documentSha256: sha256(TEXT) }),
      (r) => r.status === 200,
    );
    expect(signed.status).toBe(200);
  }
  const record = await recordWithStatus(system, id, 'effective');
  const entries = await eventually(
    () => auditSteps(system, id),
    (trail) => trail.some((e) => e.step === 'certificate_rendered'),
  );
  const recorded = entries.find((e) => e.step === 'certificate_rendered')!.data as { sha256: string; sizeBytes: number };

  const response = await fetch(`${system.baseUrl}/v1/agreements/${id}/certificate?format=pdf`, { headers: alliance.secretariat.auth });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await response.arrayBuffer());
  const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
  expect(pdfSha256).toBe(recorded.sha256);
  // Accept: application/pdf negotiates the same bytes.
  const negotiated = await fetch(`${system.baseUrl}/v1/agreements/${id}/certificate`, { headers: { ...alliance.secretariat.auth, accept: 'application/pdf' } });
  expect(Buffer.from(await negotiated.arrayBuffer()).equals(pdf)).toBe(true);

  const text = pdfText(pdf);
  for (const p of parties) {
    expect(text).toContain(p.name);
    expect(text).toContain(p.signatoryName);
  }
  expect(text).toContain('协议完成证明');
  expect(text).toContain(record.seal!);
  // The file carries the seal in its document information too, where a program reads it without the text.
  expect(pdfInfo(pdf)).toMatch(new RegExp(`^Keywords:\\s+seal:${record.seal!}$`, 'm'));
  expect(text).toContain('有效：与记录一致且签名有效');
  // Page 1 renders with the embedded font subset (pdftoppm fails the helper on any font error).
  expect(pdfPagePng(pdf, 1, 72).subarray(1, 4).toString('latin1')).toBe('PNG');

  console.log(`acceptance 2: GET /v1/agreements/${id}/certificate?format=pdf -> ${pdf.length} bytes, sha256 ${pdfSha256}`);
  console.log(
    `acceptance 2: audit trail entry certificate_rendered records sha256 ${recorded.sha256} (${pdfSha256 === recorded.sha256 ? 'same' : 'DIFFERENT'})`,
  );
  console.log(`acceptance 2: pdftotext -layout:\n${text}`);
});
