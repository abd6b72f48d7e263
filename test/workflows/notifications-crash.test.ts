// Acceptance point 2: a worker killed while sending. Counted at the receivers (a real SMTP server and
// a real HTTP webhook receiver on loopback), against the real Temporal dev server and PostgreSQL.
//
//   A. The worker is stopped (startTestSystem().stopWorker()) while an e-mail and a webhook request are
//      outstanding; a new worker resumes. Nothing is sent twice: each address gets its e-mail once,
//      the receiver gets the webhook once.
//   B. The worker process is SIGKILLed in the same place, as a machine crash would: nothing finishes,
//      nothing is recorded. The e-mail whose SMTP conversation was cut is not sent again (at most once,
//      recorded `uncertain`); the webhook request whose answer was lost is sent again with the same
//      webhook-id and signature scheme (at least once), which the receiver deduplicates: it processes
//      the event once.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { NotificationEvent, NotifyResult } from '../../core/notifications/notification-event';
import { notificationIds } from '../../activities/notifications/ids';
import { notificationWorkflowId, SEND_NOTIFICATION_WORKFLOW } from '../../workflows/notifications/contract';
import type { WebhookDeliveryResult } from '../../core/webhook-delivery/messages';
import { eventually } from '../support/eventually';
import { saveHistory } from '../support/histories';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { type SmtpReceiver, startSmtpReceiver } from '../support/smtp-receiver';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { startWebhookReceiver, type WebhookAnswer, type WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

let system: TestSystem;
let smtp: SmtpReceiver;
let hooks: WebhookReceiver;
const answers: Record<string, (index: number) => WebhookAnswer> = {};

function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

beforeAll(async () => {
  [smtp, hooks] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
  hooks.respond = (req, index) => answers[req.path]?.(index) ?? { status: 200 };
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_RETRY_INITIAL_INTERVAL: 'PT0.2S',
    WEBHOOK_RETRY_MAX_INTERVAL: 'PT1S',
    WEBHOOK_RETRY_MAX_ATTEMPTS: '6',
  });
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.stop();
  await Promise.all([smtp?.close(), hooks?.close()]);
});

interface Scene {
  event: NotificationEvent;
  endpoint: { id: string; secret: string };
  emails: string[];
  path: string;
}

async function scene(name: string): Promise<Scene> {
  const org = (await createOrganization(system.db, 'enterprise')).id;
  const signatory = await createUser(system.db, { organizationId: org, roles: ['signatory'] });
  const emails = [`first-${name}-${randomUUID()}@crash.test`, `second-${name}-${randomUUID()}@crash.test`];
  const users: TestUser[] = [];
  for (const [i, email] of emails.entries()) {
    users.push(await createUser(system.db, { organizationId: org, roles: ['signatory'], email, locale: i === 0 ? 'zh-CN' : 'en' }));
  }
  const hookPath = `/crash-${name}`;
  const registered = await request(system.baseUrl, 'POST', '/v1/webhooks', {
    body: { url: hooks.url(hookPath), eventTypes: ['agreement.completed'] },
    headers: signatory.auth,
  });
  expect(registered.status).toBe(201);
  // Users are sorted by id when resolved: list the addresses in sending order.
  const ordered = [...users].sort((a, b) => a.id.localeCompare(b.id)).map((u) => emails[users.indexOf(u)]!);
  return {
    event: {
      eventId: `crash-${name}-${randomUUID()}/completed`,
      type: 'agreement.completed',
      resource: { type: 'agreement', id: randomUUID() },
      recipients: users.map((u) => ({ userId: u.id })),
      organizationIds: [org],
      data: { title: `Crash scenario ${name}` },
      occurredAt: new Date().toISOString(),
    },
    endpoint: registered.body,
    emails: ordered,
    path: hookPath,
  };
}

function startNotification(e: NotificationEvent) {
  return system.client.workflow.start(SEND_NOTIFICATION_WORKFLOW, {
    workflowId: notificationWorkflowId(e.eventId),
    taskQueue: system.config.temporal.taskQueue,
    args: [e],
  });
}

async function deliveryOf(s: Scene) {
  const row = await eventually(
    () => system.db.webhookDelivery.findUnique({ where: { endpointId_eventId: { endpointId: s.endpoint.id, eventId: s.event.eventId } } }),
    (r) => r !== null,
  );
  return row!;
}

async function emailStatuses(s: Scene): Promise<string> {
  const rows = await system.db.notificationEmail.findMany({ where: { eventId: s.event.eventId } });
  return s.emails.map((a, i) => `#${i + 1} ${rows.find((r) => r.toAddress === a)?.status ?? 'none'}`).join(', ');
}

function mailsTo(address: string) {
  return smtp.messages.filter((m) => m.to.includes(address));
}

function verified(secret: string, path: string) {
  return hooks.on(path).map((r) =>
    new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    }),
  );
}

test('acceptance 2A: the worker stops while an e-mail and a webhook are in flight; after restart nothing is sent twice', async () => {
  const s = await scene('graceful');
  const smtpHeld = deferred();
  const hookHeld = deferred();
  smtp.hold = (mail) => (mail.to.includes(s.emails[0]!) ? smtpHeld.promise : Promise.resolve());
  answers[s.path] = (index) => (index === 0 ? { status: 200, after: hookHeld.promise } : { status: 200 });

  const handle = await startNotification(s.event);
  // Both are outstanding: the first e-mail's data is at the server, the webhook request at the receiver.
  await eventually(
    async () => mailsTo(s.emails[0]!).length + hooks.on(s.path).length,
    (n) => n === 2,
  );
  const stopping = system.stopWorker();
  await new Promise((resolve) => setTimeout(resolve, 300));
  smtpHeld.resolve();
  hookHeld.resolve();
  await stopping;
  report(`[acceptance 2A] worker stopped; e-mail rows while it is down (in sending order): ${await emailStatuses(s)}`);

  await system.startWorker();
  const result: NotifyResult = await handle.result();
  const delivery = await deliveryOf(s);
  const delivered: WebhookDeliveryResult = await system.client.workflow.getHandle(delivery.workflowId).result();

  expect(result).toEqual({ inboxEntries: 2, emails: 2, webhookDeliveries: 1 });
  expect(delivered.status).toBe('delivered');
  expect(mailsTo(s.emails[0]!)).toHaveLength(1);
  expect(mailsTo(s.emails[1]!)).toHaveLength(1);
  expect(hooks.on(s.path)).toHaveLength(1);
  expect(verified(s.endpoint.secret, s.path)).toHaveLength(1);
  const rows = await system.db.notificationEmail.findMany({ where: { eventId: s.event.eventId } });
  expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  const claims = s.emails.map((a) => rows.find((r) => r.toAddress === a)!.claimToken!.split('#')[1]);
  report(
    `[acceptance 2A] after restart: e-mails received per address ${s.emails.map((a) => mailsTo(a).length).join(' and ')}, ` +
      `webhook requests received ${hooks.on(s.path).length} (signature valid); e-mails sent by notify attempts ${claims.join(' and ')} (the retry resumed, skipping what was sent)`,
  );
  await saveHistory(system.client, delivery.workflowId, 'delivered-across-worker-restart');
});

test('acceptance 2B: the worker process is killed (SIGKILL) while sending; after restart no e-mail is sent twice, the webhook is processed once', async () => {
  const s = await scene('sigkill');
  smtp.hold = (mail) => (mail.to.includes(s.emails[0]!) ? new Promise<void>(() => undefined) : Promise.resolve());
  answers[s.path] = (index) => (index === 0 ? { status: 200, after: new Promise(() => undefined) } : { status: 200 });

  // This test's worker runs in a process of its own, so that it can be killed outright.
  await system.stopWorker();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../worker/main.ts')], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, TEMPORAL_TASK_QUEUE: system.config.temporal.taskQueue, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  try {
    const handle = await startNotification(s.event);
    await eventually(
      async () => mailsTo(s.emails[0]!).length + hooks.on(s.path).length,
      (n) => n === 2,
      { timeoutMs: 60_000 },
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    report(
      `[acceptance 2B] worker process killed; e-mail rows (in sending order): ${await emailStatuses(s)}; ` +
        `webhook attempt 1: ${(await system.db.webhookAttempt.findFirst({ where: { delivery: { eventId: s.event.eventId } } }))?.outcome}`,
    );

    await system.startWorker();
    const result: NotifyResult = await handle.result();
    const delivery = await deliveryOf(s);
    const delivered: WebhookDeliveryResult = await system.client.workflow.getHandle(delivery.workflowId).result();
    expect(result).toEqual({ inboxEntries: 2, emails: 2, webhookDeliveries: 1 });
    expect(delivered.status).toBe('delivered');

    // E-mail: at most once. The first address got its message once (the server had it when the worker
    // died); it is recorded uncertain and was not sent again. The second was sent after the restart.
    expect(mailsTo(s.emails[0]!)).toHaveLength(1);
    expect(mailsTo(s.emails[1]!)).toHaveLength(1);
    const rows = await system.db.notificationEmail.findMany({ where: { eventId: s.event.eventId } });
    const byAddress = Object.fromEntries(rows.map((r) => [r.toAddress, r.status]));
    expect(byAddress).toEqual({ [s.emails[0]!]: 'uncertain', [s.emails[1]!]: 'sent' });

    // Webhook: the request whose answer was lost is sent again, with the same webhook-id: the receiver
    // verifies both and processes the event once.
    const requests = hooks.on(s.path);
    const ids = new Set(requests.map((r) => r.headers['webhook-id']));
    expect(ids).toEqual(new Set([notificationIds.webhookMessage(s.event.eventId)]));
    expect(verified(s.endpoint.secret, s.path)).toHaveLength(requests.length);
    const log = await system.db.webhookAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { attempt: 'asc' } });
    expect(log.map((a) => a.outcome)).toEqual(['interrupted', 'succeeded']);
    report(
      `[acceptance 2B] after restart: e-mails received per address ${s.emails.map((a) => mailsTo(a).length).join(' and ')} ` +
        `(rows ${s.emails.map((a) => byAddress[a]).join(', ')}); webhook requests ${requests.length} with ${ids.size} distinct webhook-id ` +
        `(processed once after dedupe); delivery log ${log.map((a) => `#${a.attempt} ${a.outcome}`).join(', ')}`,
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    smtp.hold = undefined;
  }
});
