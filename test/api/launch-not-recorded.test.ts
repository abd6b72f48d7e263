// A launch whose workflow has no worker to record it answers 503 with Retry-After once its wait
// (LAUNCH_RECORD_WAIT_SECONDS, 2 s here) is over, never a 201 for a process that a read or a step cannot
// find yet (found by test/faults F7a: parties signing right after such a 201 got a final 404). The start
// is durable: the retry with the same Idempotency-Key, once a worker runs, answers 201 with the same
// agreement, and the agreement can be read and signed at once.
import { randomUUID } from 'node:crypto';
import { admitParties } from '../support/alliance-members';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launchBody, organizationParty, read, sha256, step } from './agreement-fixtures';

let system: TestSystem;
const previousWait = process.env.LAUNCH_RECORD_WAIT_SECONDS;
beforeAll(async () => {
  process.env.LAUNCH_RECORD_WAIT_SECONDS = '2';
  system = await startTestSystem({ worker: false });
});
afterAll(async () => {
  await system?.stop();
  if (previousWait === undefined) delete process.env.LAUNCH_RECORD_WAIT_SECONDS;
  else process.env.LAUNCH_RECORD_WAIT_SECONDS = previousWait;
});

test('no worker: the launch answers 503 with Retry-After; its retry with the same key answers 201 once a worker runs', async () => {
  const alliance = await allianceFixture(system, 'Launch-wait alliance');
  const member = await organizationParty(system, 'enterprise', 'Launch-wait enterprise');
  const text = 'The parties agree to co-educate digital craftsmen.';
  const body = launchBody(
    alliance,
    [{ partyId: 'enterprise', displayName: member.name, role: 'signer', routingGroup: 1, organizationId: member.organizationId }],
    {
      document: { text },
    },
  );
  await admitParties(system.db, body as Parameters<typeof admitParties>[1]);
  const headers = { ...alliance.secretariat.auth, 'idempotency-key': `launch-wait-${randomUUID()}` };

  const first = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers: { ...headers, 'accept-language': 'zh-CN' } });
  expect(first.status).toBe(503);
  expect(first.headers.get('retry-after')).toBe('5');
  expect(first.body).toMatchObject({ status: 503, detail: '流程已启动，但其记录尚未写入；请使用相同的 Idempotency-Key 重试。' });
  expect(await system.db.agreement.count({ where: { allianceId: alliance.allianceId } })).toBe(0);

  await system.startWorker();
  // Retried as the 503 says: with the same key, until the record is there (each try waits 2 s here; a
  // worker that has just started may take longer than that on a loaded machine).
  let retry = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers });
  for (let attempt = 1; retry.status === 503 && attempt < 15; attempt++) {
    retry = await request(system.baseUrl, 'POST', '/v1/agreements', { body, headers });
  }
  expect(retry.status).toBe(201);
  const id: string = retry.body.id;
  // The same workflow, started once: one agreement, readable and signable at once.
  expect(await system.db.agreement.count({ where: { allianceId: alliance.allianceId } })).toBe(1);
  expect((await read(system, member.signatory, `/v1/agreements/${id}`)).status).toBe(200);
  const signed = await step(system, member.signatory, id, 'sign', { partyId: 'enterprise', documentSha256: sha256(text) });
  expect(signed.status).toBe(200);
  expect(signed.body).toMatchObject({ status: 'effective' });
});
