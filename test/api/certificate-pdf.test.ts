// Issue 21, acceptance 3: a certification certificate as PDF. Its page is rendered with pdftoppm and
// the QR code on it decoded (jsQR): it is the public verification page of the certificate's number,
// whose verification answers valid, and revoked once the programme's secretariat revokes it.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { request } from '../support/http';
import { pdfPagePng, pdfText } from '../support/pdf';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { apply, claimAndDecide, createCast, createProgramme, step, toPanel, waitForStatus, withNewCandidate } from './certification-helpers';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.stop();
});

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)?.data ?? null;
}

async function getPdf(path: string, auth: Record<string, string>) {
  const response = await fetch(system.baseUrl + path, { headers: auth });
  return { status: response.status, contentType: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

test('the certificate PDF carries its details and a QR code to the verification page: valid, then revoked', async () => {
  const cast = await withNewCandidate(system, await createCast(system), '欧阳晓燕');
  const programmeId = await createProgramme(system, cast);
  const id = await apply(system, cast, programmeId);
  const [r1, r2, r3] = cast.reviewers;
  const panel = await toPanel(system, cast, id, r1!);
  await claimAndDecide(system, r2!, panel[0]!.id, { decision: 'approve' });
  await claimAndDecide(system, r3!, panel[1]!.id, { decision: 'approve' });
  const number = (await waitForStatus(system, id, 'issued')).certificate!.number;

  const pdf = await getPdf(`/v1/certificates/${number}/pdf`, cast.candidate.auth);
  expect(pdf.status).toBe(200);
  expect(pdf.contentType).toBe('application/pdf');
  // The same certificate renders to the same bytes.
  expect((await getPdf(`/v1/certificates/${number}/pdf`, cast.secretariat.auth)).bytes.equals(pdf.bytes)).toBe(true);
  // A reviewer of the programme is not the holder: as for an unknown number, 404.
  expect((await getPdf(`/v1/certificates/${number}/pdf`, r2!.auth)).status).toBe(404);

  const text = pdfText(pdf.bytes);
  for (const expected of ['职业技能等级证书', '欧阳晓燕', number, '初级 Junior', '发证机构']) expect(text).toContain(expected);

  const url = decodeQr(pdfPagePng(pdf.bytes, 1, 150));
  expect(url).toBe(`${system.config.certification.baseUrl}/verify/${number}`);
  console.log(`acceptance 3: the QR code on page 1 of ${number}.pdf decodes to ${url}`);

  // The page at that URL shows what the public verification answers for its number (no token).
  const pageNumber = decodeURIComponent(new URL(url!).pathname.split('/').pop()!);
  const before = await request(system.baseUrl, 'GET', `/v1/certificates/${pageNumber}/verify`);
  expect(before.body).toMatchObject({ number, status: 'valid' });
  console.log(`acceptance 3: GET /v1/certificates/${pageNumber}/verify (no sign-in) -> ${before.status} ${before.body.status}`);

  expect((await step(system, cast.secretariat, `/v1/certificates/${number}/revoke`, { reason: '证据伪造 forged evidence' })).status).toBe(200);
  const after = await request(system.baseUrl, 'GET', `/v1/certificates/${pageNumber}/verify`);
  expect(after.body).toMatchObject({ number, status: 'revoked' });
  console.log(`acceptance 3: after revocation GET /v1/certificates/${pageNumber}/verify -> ${after.status} ${after.body.status}`);
});
