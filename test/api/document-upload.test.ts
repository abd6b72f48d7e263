// Issue 21, acceptance 1: a real PDF is uploaded (multipart, streamed), an agreement is launched on it,
// each party downloads exactly the bytes whose hash it signs; amend names a new upload; a renamed
// executable is 415 and a 25 MB file 413, and neither leaves anything stored.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { realPdf } from '../support/pdf';
import { startTestSystem, type TestSystem } from '../support/test-system';
import type { TestUser } from '../support/parties';
import {
  type AllianceFixture,
  allianceFixture,
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
let enterprise: OrganizationParty;
let outsider: OrganizationParty;

beforeAll(async () => {
  system = await startTestSystem();
  alliance = await allianceFixture(system, 'Document upload alliance');
  school = await organizationParty(system, 'secondary_vocational_school', 'Upload Vocational School');
  enterprise = await organizationParty(system, 'enterprise', 'Upload Machining Ltd');
  outsider = await organizationParty(system, 'enterprise', 'Upload Outsider Ltd');
});
afterAll(async () => {
  await system?.stop();
});

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function upload(who: TestUser, bytes: Buffer, fileName: string, type = 'application/pdf') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', headers: who.auth, body: form, signal: AbortSignal.timeout(120_000) });
  const body = (await response.json()) as { sha256: string; detail?: string } & Record<string, unknown>;
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}

async function download(who: TestUser, id: string, version?: number) {
  const response = await fetch(`${system.baseUrl}/v1/agreements/${id}/document${version ? `?version=${version}` : ''}`, { headers: who.auth });
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

test('upload a PDF, sign with its hash after downloading the same bytes, amend with a new upload', async () => {
  const pdf = await realPdf('Co-education agreement 2027: the school and the enterprise train CNC machinists.');
  const first = await upload(alliance.secretariat, pdf, 'agreement.pdf');
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({
    sha256: sha256Of(pdf),
    sizeBytes: pdf.length,
    mediaType: 'application/pdf',
    fileName: 'agreement.pdf',
    alreadyStored: false,
  });
  // Content-addressed: the same bytes again are the same row.
  expect((await upload(alliance.secretariat, pdf, 'copy.pdf')).body).toMatchObject({ sha256: sha256Of(pdf), alreadyStored: true });
  expect(await system.db.document.count({ where: { sha256: sha256Of(pdf) } })).toBe(1);
  // Only a secretariat uploads.
  expect((await upload(school.signatory, pdf, 'agreement.pdf')).status).toBe(403);

  const { id, documentSha256 } = await launch(
    system,
    alliance,
    launchBody(
      alliance,
      [
        { partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
        { partyId: 'enterprise', displayName: enterprise.name, role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId },
      ],
      { document: { upload: first.body.sha256 } as never },
    ),
  );
  expect(documentSha256).toBe(sha256Of(pdf));

  for (const [party, partyId] of [
    [school, 'school'],
    [enterprise, 'enterprise'],
  ] as const) {
    const got = await download(party.signatory, id);
    expect(got.status).toBe(200);
    expect(got.contentType).toBe('application/pdf');
    expect(got.bytes.equals(pdf)).toBe(true);
    const signed = await step(system, party.signatory, id, 'sign', { partyId, documentSha256: sha256Of(got.bytes) });
    expect(signed.status).toBe(200);
  }
  console.log(`acceptance 1: uploaded ${pdf.length} bytes sha256 ${sha256Of(pdf)}; both parties downloaded the same bytes and signed that hash`);
  // Access follows the agreement's visibility: an organisation outside it does not learn it exists.
  expect((await download(outsider.signatory, id)).status).toBe(404);
  await recordWithStatus(system, id, 'effective');

  // Amend names a new upload: version 2's document is the new file.
  const draft = await launch(
    system,
    alliance,
    launchBody(alliance, [{ partyId: 'school', displayName: school.name, role: 'signer', routingGroup: 1, organizationId: school.organizationId }], {
      document: { upload: first.body.sha256 } as never,
    }),
  );
  const revised = await realPdf('Co-education agreement 2027, revised: 30 apprentices.');
  const second = await upload(alliance.secretariat, revised, 'agreement-v2.pdf');
  const amended = await step(system, alliance.secretariat, draft.id, 'amend', { document: { upload: second.body.sha256 }, note: 'Revised PDF.' });
  expect(amended.body).toMatchObject({ version: 2 });
  expect((await download(school.signatory, draft.id, 2)).bytes.equals(revised)).toBe(true);
  expect((await download(school.signatory, draft.id, 1)).bytes.equals(pdf)).toBe(true);
  // An upload nobody made is an unknown reference.
  const unknown = await step(system, alliance.secretariat, draft.id, 'amend', { document: { upload: 'f'.repeat(64) } });
  expect(unknown.status).toBe(422);
  const view = await read(system, school.signatory, `/v1/agreements/${draft.id}`);
  expect(view.body.documentSha256).toBe(sha256Of(revised));
});

test('a renamed executable is 415 problem+json, a 25 MB file is 413: nothing is stored', async () => {
  const before = await system.db.document.count();
  const executable = readFileSync('/bin/true');
  const refused = await upload(alliance.secretariat, executable, 'agreement.pdf', 'application/pdf');
  expect(refused.status).toBe(415);
  expect(refused.contentType).toMatch(/^application\/problem\+json/);
  expect(refused.body).toMatchObject({ status: 415, type: expect.stringMatching(/unsupported-media-type$/) });
  console.log(
    `acceptance 1: renamed executable (${executable.length} bytes, named agreement.pdf) -> ${refused.status} ${refused.contentType} ${refused.body.detail}`,
  );

  const big = Buffer.alloc(25 * 1024 * 1024, 0x20);
  big.write('%PDF-1.7\n', 0, 'latin1');
  const tooLarge = await upload(alliance.secretariat, big, 'large.pdf');
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.contentType).toMatch(/^application\/problem\+json/);
  expect(await system.db.document.count({ where: { sha256: sha256Of(big) } })).toBe(0);
  expect(await system.db.document.count()).toBe(before);
  console.log(
    `acceptance 1: ${big.length}-byte file -> ${tooLarge.status} ${tooLarge.body.detail} (documents stored before ${before}, after ${await system.db.document.count()})`,
  );

  // Sent chunked, with no Content-Length to refuse up front: cut off by the streaming limit.
  const chunkSize = 1024 * 1024;
  const boundary = 'streamed-upload';
  const parts = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="streamed.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    ...Array.from({ length: big.length / chunkSize }, (_, i) => big.subarray(i * chunkSize, (i + 1) * chunkSize)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ];
  const streamed = await fetch(`${system.baseUrl}/v1/documents`, {
    method: 'POST',
    headers: { ...alliance.secretariat.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: new ReadableStream({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
  expect(streamed.status).toBe(413);
  expect(await system.db.document.count()).toBe(before);
  console.log(
    `acceptance 1: the same file streamed chunked (no Content-Length) -> ${streamed.status} ${((await streamed.json()) as { detail: string }).detail}`,
  );

  // Not multipart at all.
  const plain = await fetch(`${system.baseUrl}/v1/documents`, {
    method: 'POST',
    headers: { ...alliance.secretariat.auth, 'content-type': 'application/pdf' },
    body: new Uint8Array(executable),
  });
  expect(plain.status).toBe(415);
});
