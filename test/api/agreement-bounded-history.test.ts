// Finding 5 of issue 13: a workflow could be killed by its own history. 27 amendments of ~900 KB text
// made a 52 MB history and Temporal terminated the workflow. Now the bodies live in the document store
// (the workflow carries only their hash, size and media type) and an agreement has at most
// AGREEMENT_MAX_AMENDMENTS amendments (409 amendment-limit-reached past it), so its history stays small
// whatever the documents weigh.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AGREEMENT_SIGNING_WORKFLOW, type AgreementSigningInput, agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launch, launchBody, organizationParty, read, recordWithStatus, sha256, step } from './agreement-fixtures';

const MAX_AMENDMENTS = 3;
let system: TestSystem;
const previous = process.env.AGREEMENT_MAX_AMENDMENTS;
beforeAll(async () => {
  process.env.AGREEMENT_MAX_AMENDMENTS = String(MAX_AMENDMENTS);
  system = await startTestSystem();
}, 120_000);
afterAll(async () => {
  if (previous === undefined) delete process.env.AGREEMENT_MAX_AMENDMENTS;
  else process.env.AGREEMENT_MAX_AMENDMENTS = previous;
  await system?.stop();
});

/** About 900 KB of text that no other document shares (and that compresses poorly). */
function largeText(label: string): string {
  return `${label}\n${randomBytes(450_000).toString('hex')}`.slice(0, 900_000);
}

test('large documents and amendments up to the limit leave a small history; one more amendment is a 409', async () => {
  const alliance = await allianceFixture(system, 'Bounded history alliance');
  const enterprise = await organizationParty(system, 'enterprise', 'Bounded Enterprise');
  const texts = [largeText('version 1')];
  const { id } = await launch(
    system,
    alliance,
    launchBody(alliance, [{ partyId: 'e', displayName: 'Enterprise', role: 'signer', routingGroup: 1, organizationId: enterprise.organizationId }], {
      document: { text: texts[0]! },
      policy: { deadline: 'PT10M' },
    }),
  );
  for (let version = 2; version <= MAX_AMENDMENTS + 1; version++) {
    texts.push(largeText(`version ${version}`));
    const amended = await step(system, alliance.secretariat, id, 'amend', { document: { text: texts[version - 1]! }, note: `Version ${version}.` });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ version, alreadyDone: false });
  }

  // One amendment past the limit: refused by the workflow's validator, nothing enters the history.
  const refused = await step(system, alliance.secretariat, id, 'amend', { document: { text: largeText('one too many') } });
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({
    type: 'https://allianceflow.dev/problems/amendment-limit-reached',
    refusal: 'AmendmentLimitReached',
    detail: expect.stringContaining(`(${MAX_AMENDMENTS})`),
  });

  // A party (not the secretariat) cannot amend, and its body is not kept either.
  const stranger = largeText('not the secretariat');
  const notAllowed = await step(system, enterprise.signatory, id, 'amend', { document: { text: stranger } });
  expect(notAllowed.status).toBe(403);
  expect(await system.db.document.findUnique({ where: { sha256: sha256(stranger) }, select: { sha256: true } })).toBeNull();

  const last = texts[texts.length - 1]!;
  expect((await step(system, enterprise.signatory, id, 'sign', { partyId: 'e', documentSha256: sha256(last) })).body).toMatchObject({ status: 'effective' });
  await recordWithStatus(system, id, 'effective');

  // The history: no document body in it, and small. Before, each version's text was in it twice (the
  // update's argument and the recording activity's input): about 7 MB for these four versions.
  const handle = system.client.workflow.getHandle(agreementWorkflowId(id));
  await handle.result();
  const description = await handle.describe();
  const historySizeBytes = Number(description.raw.workflowExecutionInfo?.historySizeBytes ?? 0);
  const history = await handle.fetchHistory();
  const historyText = JSON.stringify(history.events, (_key, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value));
  console.log(
    `bounded history: ${texts.length} versions of ${texts[0]!.length} characters, history ${historySizeBytes} bytes, ${history.events?.length} events`,
  );
  expect(historySizeBytes).toBeGreaterThan(0);
  expect(historySizeBytes).toBeLessThan(200_000);
  for (const text of texts) expect(historyText.includes(text.slice(0, 2000))).toBe(false);

  // Every version's body is stored once, by its hash, and read back through the API.
  for (const [index, text] of texts.entries()) {
    const stored = await system.db.document.findUnique({ where: { sha256: sha256(text) }, select: { sizeBytes: true, mediaType: true } });
    expect(stored).toEqual({ sizeBytes: Buffer.byteLength(text), mediaType: 'text/plain; charset=utf-8' });
    const body = await fetch(`${system.baseUrl}/v1/agreements/${id}/document?version=${index + 1}`, { headers: enterprise.signatory.auth });
    expect(
      createHash('sha256')
        .update(await body.text(), 'utf8')
        .digest('hex'),
    ).toBe(sha256(text));
  }
  const view = await read(system, enterprise.signatory, `/v1/agreements/${id}`);
  expect(view.body.document).toEqual({
    sha256: sha256(last),
    sizeBytes: Buffer.byteLength(last),
    mediaType: 'text/plain; charset=utf-8',
    href: `/v1/agreements/${id}/document`,
  });
  const certificate = await read(system, enterprise.signatory, `/v1/agreements/${id}/certificate`);
  expect(certificate.body).toMatchObject({ version: MAX_AMENDMENTS + 1, document: { sha256: sha256(last) }, verification: { sealValid: true } });
}, 300_000);

test('a workflow started before the document store (its text inline) still completes, and its text is read from the store', async () => {
  const alliance = await allianceFixture(system, 'Inline text alliance');
  const enterprise = await organizationParty(system, 'enterprise', 'Inline Enterprise');
  const agreementId = randomUUID();
  const text = `An agreement launched before the document store. ${randomUUID()}`;
  // The input as the API built it before: the body inline, as recorded in test/histories/agreementSigning.
  const input: AgreementSigningInput = {
    agreementId,
    allianceId: alliance.allianceId,
    secretariatOrganizationId: alliance.secretariatOrganizationId,
    launchedBy: alliance.secretariat.id,
    title: 'Inline',
    kind: 'cooperation_memorandum',
    document: { text },
    documentSha256: sha256(text),
    parties: [
      { partyId: 'e', displayName: 'E', role: 'signer', routingGroup: 1, kind: 'organization', userId: null, organizationId: enterprise.organizationId },
    ],
    policy: { deadline: 'PT5M' },
  };
  const handle = await system.client.workflow.start(AGREEMENT_SIGNING_WORKFLOW, {
    workflowId: agreementWorkflowId(agreementId),
    taskQueue: system.config.temporal.taskQueue,
    args: [input],
  });
  await recordWithStatus(system, agreementId, 'in_progress');
  expect((await step(system, enterprise.signatory, agreementId, 'sign', { partyId: 'e', documentSha256: sha256(text) })).body).toMatchObject({
    status: 'effective',
  });
  expect((await handle.result()).status).toBe('effective');
  const body = await fetch(`${system.baseUrl}/v1/agreements/${agreementId}/document`, { headers: enterprise.signatory.auth });
  expect(await body.text()).toBe(text);
}, 120_000);
