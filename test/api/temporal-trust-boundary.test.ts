// Temporal is inside the trust boundary (issue 13, finding 3), tried with the real Temporal CLI against
// the test run's dev server, as an attacker who reaches the frontend would:
//  - a forged `sign` Update typed as plain JSON is rejected before the workflow sees it, and the
//    agreement still takes a real signature afterwards;
//  - `temporal workflow show` / `describe` display no personal data (payloads, memo, search attributes);
//  - the codec endpoint decodes a payload taken from that history for an admin, and for nobody else.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/parties';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launch, launchBody, organizationParty, read, recordWithStatus, sha256, step } from './agreement-fixtures';

const run = promisify(execFile);

// The origin a Temporal Web UI would be served from, allowed to call the codec endpoint (CORS).
const UI_ORIGIN = 'http://127.0.0.1:8233';

let system: TestSystem;
let admin: TestUser;
beforeAll(async () => {
  process.env.TEMPORAL_CODEC_CORS_ORIGINS = UI_ORIGIN;
  system = await startTestSystem();
  admin = await createUser(system.db, { organizationId: null, roles: ['admin'] });
});
afterAll(async () => {
  await system?.stop();
});

/** The Temporal CLI against the test's dev server, as anyone who can reach the frontend may run it. */
async function temporal(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = process.env.TEMPORAL_CLI!;
  const connection = ['--address', system.config.temporal.address, '--namespace', system.config.temporal.namespace];
  try {
    const { stdout, stderr } = await run(cli, [...args, ...connection], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test('a forged sign Update sent with the Temporal CLI is rejected before the workflow sees it; a real signature still works', async () => {
  const alliance = await allianceFixture(system, 'Trust boundary alliance');
  const school = await organizationParty(system, 'secondary_vocational_school', 'Trust School');
  const documentText = 'Forgery target: one signature makes it effective.';
  const launched = await launch(
    system,
    alliance,
    launchBody(alliance, [{ partyId: 'school-1', displayName: 'Trust School', role: 'signer', routingGroup: 1, organizationId: school.organizationId }], {
      document: { text: documentText },
      policy: { deadline: 'PT10M' },
    }),
  );
  const workflowId = agreementWorkflowId(launched.id);
  // Exactly what the attacker sent in the issue: a plausible actor in plain JSON, no API token.
  const forged = {
    actor: { userId: 'forged-user', organizationId: school.organizationId, roles: ['signatory'] },
    partyId: 'school-1',
    documentSha256: sha256(documentText),
  };
  const attempt = await temporal(['workflow', 'update', 'execute', '--workflow-id', workflowId, '--name', 'sign', '--input', JSON.stringify(forged)]);
  process.stdout.write(`forged update: exit ${attempt.code}\n  stdout: ${attempt.stdout.trim()}\n  stderr: ${attempt.stderr.trim()}\n`);
  expect(attempt.code).not.toBe(0);
  expect(`${attempt.stdout}${attempt.stderr}`).toMatch(/reject|fail/i);

  // Not signed, not effective; nothing of the forged step in the history or the records.
  const afterForgery = await read(system, school.signatory, `/v1/agreements/${launched.id}`);
  expect(afterForgery.status).toBe(200);
  expect(afterForgery.body).toMatchObject({ status: 'in_progress' });
  expect(afterForgery.body.parties).toEqual([expect.objectContaining({ partyId: 'school-1', state: 'pending' })]);
  const history = await system.client.workflow.getHandle(workflowId).fetchHistory();
  // Only the launch's own Update (launchRecorded, sent with the start: api/workflow-start.ts) was accepted.
  const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(accepted.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name)).toEqual(['launchRecorded']);
  expect(await system.db.agreementSignature.count({ where: { agreementId: launched.id } })).toBe(0);

  // The workflow is neither broken nor stuck: the real signatory signs through the API.
  const signed = await step(system, school.signatory, launched.id, 'sign', { partyId: 'school-1', documentSha256: sha256(documentText) });
  expect(signed.status).toBe(200);
  expect(signed.body).toMatchObject({ status: 'effective', alreadyDone: false });
  const row = await recordWithStatus(system, launched.id, 'effective');
  expect(row.status).toBe('effective');
  const signatures = await system.db.agreementSignature.findMany({ where: { agreementId: launched.id } });
  expect(signatures.map((s) => s.actedByUserId)).toEqual([school.signatory.id]);
  const audit = await read(system, alliance.secretariat, `/v1/agreements/${launched.id}/audit`);
  expect(JSON.stringify(audit.body)).not.toContain('forged-user');
});

describe('what the Temporal frontend shows without the key', () => {
  const marker = randomUUID().slice(0, 8);
  const studentName = `Zhang Xiaoming ${marker}`;
  const guardianName = `Guardian Zhang Wei ${marker}`;
  const documentText = `Tripartite terms for ${studentName}, aged 17, guardian ${guardianName}. Evidence ${marker}.`;
  let workflowId: string;
  let studentUserId: string;

  beforeAll(async () => {
    const alliance = await allianceFixture(system, `Alliance ${marker}`);
    const school = await organizationParty(system, 'secondary_vocational_school', `School ${marker}`);
    const launched = await launch(
      system,
      alliance,
      launchBody(
        alliance,
        [
          { partyId: 'school-1', displayName: `School ${marker}`, role: 'signer', routingGroup: 1, organizationId: school.organizationId },
          { partyId: 'student-1', displayName: studentName, role: 'signer', routingGroup: 1, userId: school.signatory.id },
        ],
        { title: `Placement of ${studentName}`, document: { text: documentText }, policy: { deadline: 'PT10M' } },
      ),
    );
    workflowId = agreementWorkflowId(launched.id);
    studentUserId = school.signatory.id;
    // A step whose arguments (a reason naming the guardian) enter the history as an accepted Update.
    const declined = await step(system, school.signatory, launched.id, 'decline', { partyId: 'school-1', reason: `Declined: ${guardianName} objects` });
    expect(declined.status).toBe(200);
    await recordWithStatus(system, launched.id, 'declined');
  });

  test('`temporal workflow show` and `describe` display no personal data, only sealed payloads', async () => {
    const shown = await temporal(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']);
    expect(shown.code).toBe(0);
    const described = await temporal(['workflow', 'describe', '--workflow-id', workflowId, '--output', 'json']);
    expect(described.code).toBe(0);
    for (const output of [shown.stdout, described.stdout]) {
      expect(output).not.toContain(marker);
      expect(output).not.toContain('Zhang');
    }
    // The values are there, sealed: binary/encrypted payloads under the test run's key id.
    const encryptedEncoding = Buffer.from('binary/encrypted').toString('base64');
    const sealedLine = shown.stdout.split('\n').find((line) => line.includes(encryptedEncoding));
    expect(sealedLine).toBeDefined();
    const startInput = (JSON.parse(shown.stdout) as { events: { workflowExecutionStartedEventAttributes?: { input: { payloads: unknown[] } } }[] }).events[0]!
      .workflowExecutionStartedEventAttributes!.input.payloads[0];
    process.stdout.write(`temporal workflow show --output json, the start event's input: ${JSON.stringify(startInput).slice(0, 240)}...\n`);
    // Search attributes (which the server indexes in clear) carry ids and a status only.
    const executionInfo = (JSON.parse(described.stdout) as { workflowExecutionInfo: { searchAttributes?: unknown; memo?: unknown } }).workflowExecutionInfo;
    expect(JSON.stringify(executionInfo.searchAttributes ?? {})).not.toContain(marker);
    // The memo (title and parties, for the Temporal UI) is there, but each of its fields is sealed like
    // any payload; the student's user id is nowhere in clear.
    const memoFields = Object.entries((executionInfo.memo as { fields?: Record<string, { metadata?: { encoding?: string } }> } | undefined)?.fields ?? {});
    expect(memoFields.map(([name]) => name).sort()).toEqual(['parties', 'title']);
    for (const [, field] of memoFields) expect(field.metadata?.encoding).toBe(encryptedEncoding);
    expect(described.stdout).not.toContain(studentUserId);
  });

  test('the codec endpoint decodes a payload taken from that history for an admin, and for nobody else', async () => {
    const shown = JSON.parse((await temporal(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json'])).stdout) as {
      events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { metadata: Record<string, string>; data: string }[] } } }[];
    };
    const input = shown.events[0]!.workflowExecutionStartedEventAttributes!.input;
    const body = { payloads: input.payloads };
    expect(Buffer.from(input.payloads[0]!.data, 'base64').toString('utf8')).not.toContain(marker);

    const decoded = await request(system.baseUrl, 'POST', '/v1/codec/decode', { body, headers: admin.auth });
    expect(decoded.status).toBe(200);
    const plaintext = Buffer.from(decoded.body.payloads[0].data, 'base64').toString('utf8');
    expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(plaintext).toContain(studentName);
    process.stdout.write(`codec endpoint: decoded ${plaintext.length} bytes of workflow input, containing "${studentName}"\n`);

    const anonymous = await request(system.baseUrl, 'POST', '/v1/codec/decode', { body });
    expect(anonymous.status).toBe(401);
    const student = await createUser(system.db, { organizationId: null, roles: ['student'] });
    expect((await request(system.baseUrl, 'POST', '/v1/codec/decode', { body, headers: student.auth })).status).toBe(403);

    // A plaintext payload (one the system did not seal) comes back refused, not echoed.
    const forged = {
      payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"actor":"forged"}').toString('base64') }],
    };
    const refused = await request(system.baseUrl, 'POST', '/v1/codec/decode', { body: forged, headers: admin.auth });
    expect(refused.status).toBe(200);
    expect(Buffer.from(refused.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/refused-by-codec');
  });

  test('the Temporal CLI reads the history through the codec endpoint with an admin token (as the Web UI does)', async () => {
    const endpoint = `${system.baseUrl}/v1/codec`;
    const withCodec = await temporal([
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--output',
      'json',
      '--codec-endpoint',
      endpoint,
      '--codec-auth',
      admin.auth.authorization,
    ]);
    expect(withCodec.code).toBe(0);
    // JSON output keeps payload data in base64: read every payload's data back as text.
    const payloadTexts = (json: string) =>
      [...json.matchAll(/"data":\s*"([A-Za-z0-9+/=]*)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
    expect(payloadTexts(withCodec.stdout)).toContain(studentName);
    expect(payloadTexts(withCodec.stdout)).toContain(guardianName);
    const withoutToken = await temporal(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json', '--codec-endpoint', endpoint]);
    expect(payloadTexts(withoutToken.stdout)).not.toContain(marker);
    expect(payloadTexts(withoutToken.stdout + withoutToken.stderr)).not.toContain(marker);
  });

  test('the Web UI origin may call the codec endpoint from the browser (CORS); other origins may not', async () => {
    const allowed = UI_ORIGIN;
    expect(system.config.payloadCodec.corsOrigins).toEqual([UI_ORIGIN]);
    const preflight = (origin: string) =>
      fetch(`${system.baseUrl}/v1/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
      });
    const ok = await preflight(allowed);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
