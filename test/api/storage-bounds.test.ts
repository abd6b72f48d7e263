// Finding 6 of issue 13: values PostgreSQL cannot store were accepted. An effectiveUntil of year 0000 was
// answered 201, then recordAgreementCompleted was retried for ever (SQLSTATE 22008) and the certificate
// never appeared; a cursor or a dueBefore of year 0000 made every paged list a 500. Now the one bounded
// date-time schema refuses them (400 naming the field), and a data error that still reaches the database
// inside an activity fails it at once (non-retryable), so the workflow ends failed instead of retrying.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { AGREEMENT_SIGNING_WORKFLOW, type AgreementSigningInput, agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { createOrganization, createUser } from '../support/parties';
import { request } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { allianceFixture, launchBody, organizationParty, recordWithStatus, sha256, step } from './agreement-fixtures';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);
afterAll(async () => system?.stop());

const cursorAt = (t: string) => Buffer.from(JSON.stringify({ t, i: randomUUID() })).toString('base64url');

test('a launch with effectiveUntil in year 0000 is refused with 400 naming the field (it was a 201)', async () => {
  const alliance = await allianceFixture(system, 'Bounds alliance');
  const party = await organizationParty(system, 'enterprise', 'Bounds Enterprise');
  for (const effectiveUntil of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-05:00', '1969-12-31T23:59:59Z']) {
    const response = await request(system.baseUrl, 'POST', '/v1/agreements', {
      body: launchBody(alliance, [{ partyId: 'e', displayName: 'E', role: 'signer', routingGroup: 1, organizationId: party.organizationId }], {
        policy: { deadline: 'PT1M', effectiveUntil },
      }),
      headers: alliance.secretariat.auth,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { path: string }) => e.path)).toContain('/policy/effectiveUntil');
  }
  // A duration that would end past year 9999 (or past what a date can hold) is refused the same way.
  const response = await request(system.baseUrl, 'POST', '/v1/agreements', {
    body: launchBody(alliance, [{ partyId: 'e', displayName: 'E', role: 'signer', routingGroup: 1, organizationId: party.organizationId }], {
      policy: { deadline: 'P99999999999Y' },
    }),
    headers: alliance.secretariat.auth,
  });
  expect(response.status).toBe(400);
});

test('a cursor or a dueBefore of year 0000 or 10000 is a 400 on every paged list, never a 500', async () => {
  const org = await createOrganization(system.db, 'university', 'Bounds school');
  const admin = await createUser(system.db, { organizationId: org.id, roles: ['admin'] });
  const reviewer = await createUser(system.db, { organizationId: org.id, roles: ['reviewer'] });
  const lists = ['/v1/agreements', '/v1/users', '/v1/organizations', '/v1/placements', '/v1/certification-applications', '/v1/review-tasks'];
  for (const list of lists) {
    for (const t of ['0000-01-01T00:00:00.000Z', '0000-12-31T23:59:59+23:59', '9999-12-31T23:59:59-23:59']) {
      const who = list === '/v1/review-tasks' ? reviewer : admin;
      const response = await request(system.baseUrl, 'GET', `${list}?cursor=${cursorAt(t)}`, { headers: who.auth });
      expect({ list, t, status: response.status }).toEqual({ list, t, status: 400 });
      expect(response.body.errors[0].path).toBe('query/cursor');
    }
  }
  for (const dueBefore of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-01:00']) {
    const response = await request(system.baseUrl, 'GET', `/v1/review-tasks?dueBefore=${encodeURIComponent(dueBefore)}`, { headers: reviewer.auth });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('query/dueBefore');
  }
  const fine = await request(system.baseUrl, 'GET', `/v1/review-tasks?dueBefore=${encodeURIComponent('9999-12-31T23:59:59Z')}`, { headers: reviewer.auth });
  expect(fine.status).toBe(200);
});

test('a data error inside an activity fails it at once: the workflow fails with DatabaseDataError instead of retrying for ever', async () => {
  // Past the API (which now refuses it): a workflow started directly with a value the database cannot
  // store, as a workflow started before this fix may hold.
  const alliance = await allianceFixture(system, 'Unstorable alliance');
  const party = await organizationParty(system, 'enterprise', 'Unstorable Enterprise');
  const agreementId = randomUUID();
  const text = 'An agreement whose end cannot be stored.';
  const input: AgreementSigningInput = {
    agreementId,
    allianceId: alliance.allianceId,
    secretariatOrganizationId: alliance.secretariatOrganizationId,
    launchedBy: alliance.secretariat.id,
    title: 'Unstorable',
    kind: 'cooperation_memorandum',
    document: { text },
    documentSha256: sha256(text),
    parties: [{ partyId: 'e', displayName: 'E', role: 'signer', routingGroup: 1, kind: 'organization', userId: null, organizationId: party.organizationId }],
    policy: { deadline: 'PT5M', effectiveUntil: '0000-01-01T00:00:00Z' },
  };
  const handle = await system.client.workflow.start(AGREEMENT_SIGNING_WORKFLOW, {
    workflowId: agreementWorkflowId(agreementId),
    taskQueue: system.config.temporal.taskQueue,
    args: [input],
  });
  await recordWithStatus(system, agreementId, 'in_progress');
  await expect(step(system, party.signatory, agreementId, 'sign', { partyId: 'e', documentSha256: sha256(text) })).resolves.toMatchObject({ status: 200 });
  const failure = await handle.result().then(
    () => null,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  let cause: unknown = failure;
  while (cause && !(cause instanceof ApplicationFailure)) cause = (cause as { cause?: unknown }).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('DatabaseDataError');
  expect((cause as ApplicationFailure).message).toMatch(/recordAgreementCompleted.*22008/);
  // Failed once, not retried: one attempt of the activity in the history.
  const history = await handle.fetchHistory();
  const failedActivities = (history.events ?? []).filter((e) => e.activityTaskFailedEventAttributes);
  expect(failedActivities).toHaveLength(1);
}, 120_000);
