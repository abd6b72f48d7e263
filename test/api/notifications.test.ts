// Notifications end to end on real things: a real SMTP server and a real HTTP webhook receiver on
// loopback, the real Temporal dev server and PostgreSQL, the real API. Covers the issue's acceptance
// points 1 (500 x3 then 200), 3 (zh-CN and en templates) and 4 (secret rotation), the inbox routes
// with pagination and the unread filter, organisation scoping, and the stop/retry rules.
// Acceptance point 2 (a worker killed while sending) is test/workflows/notifications-crash.test.ts.
import { randomUUID } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { createNotificationActivities } from '../../activities/notifications';
import type { NotificationEvent, NotifyResult } from '../../core/notifications/notification-event';
import { notificationIds } from '../../activities/notifications/ids';
import { createLogger } from '../../platform/logger';
import { notificationWorkflowId, SEND_NOTIFICATION_WORKFLOW } from '../../workflows/notifications/contract';
import type { WebhookDeliveryResult } from '../../core/webhook-delivery/messages';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { type ReceivedWebhook, startWebhookReceiver, type WebhookAnswer, type WebhookReceiver } from '../support/webhook-receiver';

let system: TestSystem;
let smtp: SmtpReceiver;
let hooks: WebhookReceiver;
let orgA: string;
let orgB: string;
let signatoryA: TestUser;
let signatoryB: TestUser;

/** Per receiver path: the answer to its n-th request (default 200). */
const answers: Record<string, (index: number) => WebhookAnswer> = {};

function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

beforeAll(async () => {
  [smtp, hooks] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
  hooks.respond = (req, index) => answers[req.path]?.(index) ?? { status: 200 };
  // This file's configuration (jest gives each test file its own process.env).
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: 'AllianceFlow <notify@allianceflow.test>',
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_RETRY_INITIAL_INTERVAL: 'PT0.2S',
    WEBHOOK_RETRY_MAX_INTERVAL: 'PT1S',
    WEBHOOK_RETRY_MAX_ATTEMPTS: '6',
    WEBHOOK_TIMEOUT_MS: '5000',
  });
  system = await startTestSystem();
  orgA = (await createOrganization(system.db, 'enterprise')).id;
  orgB = (await createOrganization(system.db, 'enterprise')).id;
  signatoryA = await createUser(system.db, { organizationId: orgA, roles: ['signatory'] });
  signatoryB = await createUser(system.db, { organizationId: orgB, roles: ['signatory'] });
});

afterAll(async () => {
  await system?.stop();
  await Promise.all([smtp?.close(), hooks?.close()]);
});

function event(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    eventId: `test-${randomUUID()}/completed`,
    type: 'agreement.completed',
    resource: { type: 'agreement', id: randomUUID() },
    recipients: [],
    organizationIds: [],
    data: { title: 'Digital craftsmen co-education memorandum' },
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Emits an event the way a workflow does (the notify activity, through the sendNotification workflow). */
async function emit(e: NotificationEvent): Promise<NotifyResult> {
  return system.client.workflow.execute(SEND_NOTIFICATION_WORKFLOW, {
    workflowId: notificationWorkflowId(e.eventId),
    taskQueue: system.config.temporal.taskQueue,
    args: [e],
  });
}

async function registerWebhook(user: TestUser, path: string, eventTypes: string[] = ['agreement.completed']) {
  const response = await request(system.baseUrl, 'POST', '/v1/webhooks', {
    body: { url: hooks.url(path), eventTypes, description: `receiver ${path}` },
    headers: user.auth,
  });
  expect(response.status).toBe(201);
  return response.body as { id: string; secret: string; organizationId: string };
}

async function deliveryResult(endpointId: string, eventId: string): Promise<WebhookDeliveryResult> {
  const row = await system.db.webhookDelivery.findUniqueOrThrow({ where: { endpointId_eventId: { endpointId, eventId } } });
  return system.client.workflow.getHandle(row.workflowId).result();
}

function verify(secret: string, received: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(received.body, {
    'webhook-id': String(received.headers['webhook-id']),
    'webhook-timestamp': String(received.headers['webhook-timestamp']),
    'webhook-signature': String(received.headers['webhook-signature']),
  });
}

test('acceptance 1: a receiver answering 500 three times then 200 gets the event once, validly signed; the log shows four attempts', async () => {
  const path = '/acceptance-1';
  answers[path] = (index) => ({ status: index < 3 ? 500 : 200 });
  const endpoint = await registerWebhook(signatoryA, path);
  expect(endpoint.secret).toMatch(/^whsec_/);

  const e = event({ organizationIds: [orgA] });
  const result = await emit(e);
  expect(result.webhookDeliveries).toBe(1);
  const delivery = await deliveryResult(endpoint.id, e.eventId);
  expect(delivery).toMatchObject({ status: 'delivered', attempts: 4 });

  const received = hooks.on(path);
  expect(received.map((r) => r.headers['webhook-id'])).toEqual(Array(4).fill(notificationIds.webhookMessage(e.eventId)));
  // Every attempt is signed (with that attempt's timestamp); the one that was accepted verifies.
  const payload = verify(endpoint.secret, received[3]!) as { id: string; type: string; data: { title: string } };
  expect(payload).toMatchObject({ id: notificationIds.webhookMessage(e.eventId), type: 'agreement.completed', data: { title: e.data.title } });
  for (const r of received) expect(() => verify(endpoint.secret, r)).not.toThrow();
  // The receiver deduplicates by webhook-id: one event, processed once (the only 2xx).
  const accepted = new Set(received.filter((_, i) => i >= 3).map((r) => r.headers['webhook-id']));
  expect(accepted.size).toBe(1);

  const log = await request(system.baseUrl, 'GET', `/v1/webhooks/${endpoint.id}/deliveries`, { headers: signatoryA.auth });
  expect(log.status).toBe(200);
  expect(log.body.items).toHaveLength(1);
  const item = log.body.items[0];
  expect(item).toMatchObject({ status: 'delivered', attemptCount: 4, lastStatusCode: 200, messageId: notificationIds.webhookMessage(e.eventId) });
  expect(item.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 200]);
  expect(item.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'succeeded']);

  const gaps = received.slice(1).map((r, i) => r.receivedAt - received[i]!.receivedAt);
  report(
    `[acceptance 1] receiver got ${received.length} requests, statuses answered ${item.attempts.map((a: { statusCode: number }) => a.statusCode).join(',')}; ` +
      `webhook-id ${String(received[0]!.headers['webhook-id'])} on all; signature verified with standardwebhooks; ` +
      `delivery ${delivery.status} after ${delivery.attempts} attempts; gaps between attempts (ms, backoff with jitter): ${gaps.join(', ')}`,
  );
  await saveHistory(
    system.client,
    (await system.db.webhookDelivery.findFirstOrThrow({ where: { eventId: e.eventId } })).workflowId,
    'retry-500-three-times-then-200',
  );
});

test('acceptance 3: the same event reaches a zh-CN and an en recipient in their language (SMTP and inbox)', async () => {
  const zh = await createUser(system.db, {
    organizationId: orgA,
    roles: ['signatory'],
    locale: 'zh-CN',
    name: '王老师',
    email: `wang-${randomUUID()}@school.test`,
  });
  const en = await createUser(system.db, {
    organizationId: orgA,
    roles: ['signatory'],
    locale: 'en',
    name: 'Ms Smith',
    email: `smith-${randomUUID()}@enterprise.test`,
  });
  const zhEmail = (await system.db.user.findUniqueOrThrow({ where: { id: zh.id } })).email!;
  const enEmail = (await system.db.user.findUniqueOrThrow({ where: { id: en.id } })).email!;
  const e = event({
    type: 'agreement.invitation',
    recipients: [{ userId: zh.id }, { userId: en.id }],
    data: { title: 'Co-education <high-end equipment> & "life health"', deadline: '2026-12-01T10:00:00Z' },
  });
  const result = await emit(e);
  expect(result).toEqual({ inboxEntries: 2, emails: 2, webhookDeliveries: 0 });

  const zhMail = smtp.messages.find((m) => m.to.includes(zhEmail))!;
  const enMail = smtp.messages.find((m) => m.to.includes(enEmail))!;
  expect(zhMail.subject).toBe('请签署：Co-education <high-end equipment> & "life health"');
  expect(enMail.subject).toBe('Please sign: Co-education <high-end equipment> & "life health"');
  expect(zhMail.text).toContain('王老师，您好：');
  expect(zhMail.text).toContain('请于 2026年12月1日 18:00（北京时间） 前完成');
  expect(enMail.text).toContain('Hello Ms Smith,');
  expect(enMail.text).toContain('before December 1, 2026 at 6:00 PM (Beijing time)');
  expect(zhMail.html).toContain('<html lang="zh-CN">');
  expect(enMail.html).toContain('<html lang="en">');
  // Data is escaped in the HTML part only.
  expect(enMail.html).toContain('Co-education &lt;high-end equipment&gt; &amp; &quot;life health&quot;');
  expect(enMail.html).not.toContain('<high-end equipment>');
  expect(zhMail.messageId).toBe(notificationIds.emailMessageId(e.eventId, zh.id));
  expect(zhMail.from).toBe('notify@allianceflow.test');

  const zhInbox = await request(system.baseUrl, 'GET', '/v1/notifications', { headers: zh.auth });
  const enInbox = await request(system.baseUrl, 'GET', '/v1/notifications', { headers: en.auth });
  expect(zhInbox.body.items[0]).toMatchObject({ eventId: e.eventId, locale: 'zh-CN', title: zhMail.subject, read: false });
  expect(enInbox.body.items[0]).toMatchObject({ eventId: e.eventId, locale: 'en', title: enMail.subject, read: false });
  report(`[acceptance 3] zh-CN e-mail: subject "${zhMail.subject}" / text "${zhMail.text.split('\n')[2]}"`);
  report(`[acceptance 3] en e-mail: subject "${enMail.subject}" / text "${enMail.text.split('\n')[2]}"`);

  // Emitting the same event again (a retried workflow step) stores and sends nothing new.
  const before = smtp.messages.length;
  await createNotificationActivities({
    db: system.db,
    temporal: system.client,
    config: system.config.notifications,
    log: createLogger('test', 'silent'),
  }).notify(e);
  expect(smtp.messages.length).toBe(before);
  expect(await system.db.notification.count({ where: { eventId: e.eventId } })).toBe(2);
});

test('acceptance 4: during the grace period of a rotation, receivers verifying with either secret accept; after it only the new one', async () => {
  const path = '/acceptance-4';
  const endpoint = await registerWebhook(signatoryA, path);
  const rotated = await request(system.baseUrl, 'POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, {
    body: { gracePeriod: 'PT1H' },
    headers: signatoryA.auth,
  });
  expect(rotated.status).toBe(201);
  const newSecret: string = rotated.body.secret;
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(endpoint.secret);
  expect(rotated.body.previousSecretsExpireAt).not.toBeNull();

  const during = event({ organizationIds: [orgA] });
  await emit(during);
  expect((await deliveryResult(endpoint.id, during.eventId)).status).toBe('delivered');
  const duringRequest = hooks.on(path).at(-1)!;
  expect(String(duringRequest.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(verify(endpoint.secret, duringRequest)).toMatchObject({ type: 'agreement.completed' });
  expect(verify(newSecret, duringRequest)).toMatchObject({ type: 'agreement.completed' });
  report(
    `[acceptance 4] during the grace period: ${String(duringRequest.headers['webhook-signature']).split(' ').length} signatures; verified with the old secret: yes; with the new secret: yes`,
  );

  const listed = await request(system.baseUrl, 'GET', '/v1/webhooks', { headers: signatoryA.auth });
  const view = listed.body.items.find((w: { id: string }) => w.id === endpoint.id);
  expect(view.secrets.map((s: { active: boolean }) => s.active)).toEqual([true, true]);
  expect(JSON.stringify(listed.body)).not.toContain('whsec_');

  // Rotating again with no grace: only the newest secret signs from now on.
  const again = await request(system.baseUrl, 'POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { body: { gracePeriod: 'PT0S' }, headers: signatoryA.auth });
  expect(again.status).toBe(201);
  const after = event({ organizationIds: [orgA] });
  await emit(after);
  expect((await deliveryResult(endpoint.id, after.eventId)).status).toBe('delivered');
  const afterRequest = hooks.on(path).at(-1)!;
  expect(String(afterRequest.headers['webhook-signature']).split(' ')).toHaveLength(1);
  expect(verify(again.body.secret, afterRequest)).toMatchObject({ type: 'agreement.completed' });
  expect(() => verify(newSecret, afterRequest)).toThrow(WebhookVerificationError);
  expect(() => verify(endpoint.secret, afterRequest)).toThrow(WebhookVerificationError);
  report('[acceptance 4] after the grace period: 1 signature; old secrets refused by standardwebhooks, newest accepted');
});

test('a 4xx other than 408/429 stops at once; 429 is retried; a disabled webhook gets nothing more', async () => {
  const gone = await registerWebhook(signatoryA, '/gone');
  const busy = await registerWebhook(signatoryA, '/busy');
  answers['/gone'] = () => ({ status: 410 });
  answers['/busy'] = (index) => (index === 0 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 204 });
  const e = event({ organizationIds: [orgA] });
  await emit(e);
  expect(await deliveryResult(gone.id, e.eventId)).toMatchObject({ status: 'failed', attempts: 1 });
  expect(await deliveryResult(busy.id, e.eventId)).toMatchObject({ status: 'delivered', attempts: 2 });

  const disabled = await request(system.baseUrl, 'POST', `/v1/webhooks/${gone.id}/disable`, { headers: signatoryA.auth });
  expect(disabled.status).toBe(200);
  expect(disabled.body.status).toBe('disabled');
  const next = event({ organizationIds: [orgA] });
  await emit(next);
  expect(await system.db.webhookDelivery.count({ where: { endpointId: gone.id, eventId: next.eventId } })).toBe(0);
  expect(hooks.on('/gone')).toHaveLength(1);
  // Only subscribed event types and organisations are delivered.
  const other = event({ organizationIds: [orgB], type: 'agreement.voided' });
  expect((await emit(other)).webhookDeliveries).toBe(0);
});

test('webhook registration refuses private and non-http targets, and callers without the role', async () => {
  for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/latest/meta-data', 'ftp://example.org/hook', 'http://user:pw@127.0.0.1/hook']) {
    const response = await request(system.baseUrl, 'POST', '/v1/webhooks', { body: { url, eventTypes: ['agreement.completed'] }, headers: signatoryA.auth });
    expect([url, response.status, response.body.type]).toEqual([url, 422, 'https://allianceflow.dev/problems/webhook-target-refused']);
  }
  const student = await createUser(system.db, { organizationId: orgA, roles: ['student'] });
  const refused = await request(system.baseUrl, 'POST', '/v1/webhooks', {
    body: { url: hooks.url('/x'), eventTypes: ['agreement.completed'] },
    headers: student.auth,
  });
  expect(refused.status).toBe(403);
  const unknownType = await request(system.baseUrl, 'POST', '/v1/webhooks', {
    body: { url: hooks.url('/x'), eventTypes: ['agreement.exploded'] },
    headers: signatoryA.auth,
  });
  expect(unknownType.status).toBe(400);
  const otherOrganization = await request(system.baseUrl, 'POST', '/v1/webhooks', {
    body: { url: hooks.url('/x'), eventTypes: ['agreement.completed'], organizationId: orgB },
    headers: signatoryA.auth,
  });
  expect(otherOrganization.status).toBe(403);
});

test("scoping: another organisation's webhooks answer 404 like missing ones, and are not listed", async () => {
  const endpoint = await registerWebhook(signatoryA, '/scoped');
  const missing = randomUUID();
  for (const [method, suffix] of [
    ['POST', 'disable'],
    ['POST', 'rotate-secret'],
    ['GET', 'deliveries'],
  ] as const) {
    const foreign = await request(system.baseUrl, method, `/v1/webhooks/${endpoint.id}/${suffix}`, { headers: signatoryB.auth });
    const absent = await request(system.baseUrl, method, `/v1/webhooks/${missing}/${suffix}`, { headers: signatoryB.auth });
    expect([suffix, foreign.status]).toEqual([suffix, 404]);
    expect(foreign.body.detail).toBe(absent.body.detail);
  }
  const listB = await request(system.baseUrl, 'GET', '/v1/webhooks', { headers: signatoryB.auth });
  expect(listB.body.items.map((w: { id: string }) => w.id)).not.toContain(endpoint.id);
  const peek = await request(system.baseUrl, 'GET', `/v1/webhooks?organizationId=${orgA}`, { headers: signatoryB.auth });
  expect(peek.body.items).toEqual([]);
  const listA = await request(system.baseUrl, 'GET', '/v1/webhooks', { headers: signatoryA.auth });
  expect(listA.body.items.map((w: { id: string }) => w.id)).toContain(endpoint.id);
  expect((await system.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).disabledAt).toBeNull();
});

test("inbox: newest first with cursor pagination, the unread filter, read marking; only the caller's own", async () => {
  const reader = await createUser(system.db, { organizationId: orgA, roles: ['student'], locale: 'en' });
  const stranger = await createUser(system.db, { organizationId: orgA, roles: ['student'] });
  const activities = createNotificationActivities({
    db: system.db,
    temporal: system.client,
    config: system.config.notifications,
    log: createLogger('test', 'silent'),
  });
  const events = Array.from({ length: 5 }, (_, i) =>
    event({ eventId: `inbox-${randomUUID()}/${i}`, recipients: [{ userId: reader.id }], data: { title: `Agreement ${i}` } }),
  );
  for (const e of events) {
    await activities.notify(e);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await activities.notify(events[2]!); // a retry stores nothing new
  expect(await system.db.notification.count({ where: { userId: reader.id } })).toBe(5);

  const seen: { id: string; title: string; createdAt: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { status: number; body: { items: typeof seen; nextCursor: string | null; unreadCount: number } } = await request(
      system.baseUrl,
      'GET',
      `/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: reader.auth },
    );
    expect(page.status).toBe(200);
    expect(page.body.unreadCount).toBe(5);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(seen.map((n) => n.title)).toEqual([4, 3, 2, 1, 0].map((i) => `"Agreement ${i}" is in effect`));

  const target = seen[1]!;
  const read = await request(system.baseUrl, 'POST', `/v1/notifications/${target.id}/read`, { headers: reader.auth });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id: target.id, read: true });
  const readAgain = await request(system.baseUrl, 'POST', `/v1/notifications/${target.id}/read`, { headers: reader.auth });
  expect(readAgain.body.readAt).toBe(read.body.readAt);

  const unread = await request(system.baseUrl, 'GET', '/v1/notifications?unread=true', { headers: reader.auth });
  expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual(seen.filter((n) => n.id !== target.id).map((n) => n.id));
  expect(unread.body.unreadCount).toBe(4);
  const readOnly = await request(system.baseUrl, 'GET', '/v1/notifications?unread=false', { headers: reader.auth });
  expect(readOnly.body.items.map((n: { id: string }) => n.id)).toEqual([target.id]);

  const foreign = await request(system.baseUrl, 'POST', `/v1/notifications/${target.id}/read`, { headers: stranger.auth });
  expect(foreign.status).toBe(404);
  const strangerInbox = await request(system.baseUrl, 'GET', '/v1/notifications', { headers: stranger.auth });
  expect(strangerInbox.body.items).toEqual([]);
  const badCursor = await request(system.baseUrl, 'GET', '/v1/notifications?cursor=nonsense', { headers: reader.auth });
  expect(badCursor.status).toBe(400);
});

test('recipients by organisation and role: every active holder of the role, once', async () => {
  const org = (await createOrganization(system.db, 'university')).id;
  const a = await createUser(system.db, { organizationId: org, roles: ['reviewer'] });
  const b = await createUser(system.db, { organizationId: org, roles: ['reviewer', 'mentor'] });
  await createUser(system.db, { organizationId: org, roles: ['mentor'] });
  const inactive = await createUser(system.db, { organizationId: org, roles: ['reviewer'] });
  await system.db.user.update({ where: { id: inactive.id }, data: { active: false } });
  const e = event({
    type: 'certification.review_task',
    recipients: [{ organizationId: org, role: 'reviewer' }, { userId: a.id }],
    data: { programme: 'Digital technology engineer' },
  });
  const result = await emit(e);
  expect(result.inboxEntries).toBe(2);
  const rows = await system.db.notification.findMany({ where: { eventId: e.eventId } });
  expect(rows.map((r) => r.userId).sort()).toEqual([a.id, b.id].sort());
});
