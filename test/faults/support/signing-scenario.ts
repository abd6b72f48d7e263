// The workload the fault scenarios F1-F3 share: agreements launched and signed through the API by
// careful clients (resilient-client.ts), and the audit of what is left once everything has settled.
//
// Each agreement has three organisation parties in two routing groups: A and B sign in parallel
// (group 1), then C (group 2). Every user has an e-mail address, and the secretariat's organisation has
// a webhook subscribed to invitations and completions. So one agreement makes:
//   records     1 agreement row (effective, sealed), 3 signature rows, 5 audit entries
//               (launched, 3 x signed, completed) forming a chain that verifies;
//   inbox       2 invitation events (one per group) and 1 completion event, 7 entries in all
//               (A+B, C, then secretariat+A+B+C);
//   e-mail      the same 7, over SMTP;
//   webhooks    the same 3 events, to the secretariat's endpoint.
// What the guarantees are (docs/notifications.md): inbox exactly once; e-mail at most once (a worker
// killed during one SMTP conversation may lose that message: it is recorded `uncertain`, never resent);
// webhooks at least once per HTTP request with a stable `webhook-id`, which receivers deduplicate by
// (docs/webhooks.md). So for webhooks "nothing duplicated" is checked after deduplicating by webhook-id:
// a copy with the same webhook-id is the documented redelivery (counted and shown separately), while a
// second webhook-id for the same occurrence would be processed twice by any receiver, and is counted as
// duplicated.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Client } from '@temporalio/client';
import { registerAlliance } from '../../../api/parties/alliances';
import { notificationIds } from '../../../activities/notifications/ids';
import type { Database } from '../../../platform/database';
import type { OrganizationKind } from '../../../prisma/generated/client';
import { admitMembers } from '../../support/alliance-members';
import { createOrganization, createUser, type TestUser } from '../../support/parties';
import type { SmtpReceiver } from '../../support/smtp-receiver';
import type { WebhookReceiver } from '../../support/webhook-receiver';
import { eventually } from '../../support/eventually';
import { call, type Tally, untilDone } from './resilient-client';

export interface PartySpec {
  partyId: string;
  group: number;
  kind: OrganizationKind;
}

export const PARTIES: PartySpec[] = [
  { partyId: 'school', group: 1, kind: 'secondary_vocational_school' },
  { partyId: 'enterprise', group: 1, kind: 'enterprise' },
  { partyId: 'park', group: 2, kind: 'industrial_park' },
];
const groupsOf = (parties: PartySpec[]) => [...new Set(parties.map((p) => p.group))].sort((a, b) => a - b);

export interface Cast {
  runId: string;
  allianceId: string;
  secretariatOrganizationId: string;
  secretariat: TestUser;
  signatories: Record<string, TestUser & { organizationId: string }>;
  webhook: { id: string; secret: string };
  webhookPath: string;
  /** Every user who receives notifications: the secretariat and one signatory per party. */
  userIds: string[];
  /** The parties of every agreement this cast launches. */
  parties: PartySpec[];
}

/** Organisations, users (with e-mail addresses) and the secretariat's webhook, for one scenario. */
export async function createCast(db: Database, baseUrl: string, hooks: WebhookReceiver, label: string, parties: PartySpec[] = PARTIES): Promise<Cast> {
  const runId = `${label}-${randomUUID().slice(0, 8)}`;
  const secretariatOrg = await createOrganization(db, 'association', `${label} alliance secretariat`);
  const secretariat = await createUser(db, {
    organizationId: secretariatOrg.id,
    roles: ['secretariat'],
    email: `secretariat-${runId}@faults.test`,
    locale: 'en',
  });
  const alliance = await registerAlliance(db, randomUUID(), { name: `${label} alliance ${runId}`, secretariatOrganizationId: secretariatOrg.id });
  const signatories: Cast['signatories'] = {};
  for (const p of parties) {
    const org = await createOrganization(db, p.kind, `${label} ${p.partyId}`);
    const user = await createUser(db, { organizationId: org.id, roles: ['signatory'], email: `${p.partyId}-${runId}@faults.test` });
    signatories[p.partyId] = { ...user, organizationId: org.id };
  }
  // Invited into the alliance and accepted: an agreement names only members.
  await admitMembers(
    db,
    alliance.id,
    Object.values(signatories).map((s) => s.organizationId),
  );
  const webhookPath = `/${runId}`;
  const registered = await call(baseUrl, '/v1/webhooks', {
    body: { url: hooks.url(webhookPath), eventTypes: ['agreement.invitation', 'agreement.completed'], description: `${label} fault receiver` },
    headers: secretariat.auth,
  });
  if (registered.status !== 201) throw new Error(`webhook registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  return {
    runId,
    allianceId: alliance.id,
    secretariatOrganizationId: secretariatOrg.id,
    secretariat,
    signatories,
    webhook: { id: registered.body.id, secret: registered.body.secret },
    webhookPath,
    userIds: [secretariat.id, ...Object.values(signatories).map((s) => s.id)],
    parties,
  };
}

export function launchBody(cast: Cast, index: number) {
  return {
    allianceId: cast.allianceId,
    title: `Co-education project agreement ${index} (${cast.runId})`,
    kind: 'co_education_project',
    document: { text: `Project agreement ${index}: the parties co-educate digital craftsmen. Run ${cast.runId}.` },
    parties: cast.parties.map((p) => ({
      partyId: p.partyId,
      displayName: `${p.partyId} of ${cast.runId}`,
      role: 'signer',
      routingGroup: p.group,
      organizationId: cast.signatories[p.partyId]!.organizationId,
    })),
    // Far enough away that no agreement expires while a fault is being waited out.
    policy: { deadline: 'PT6H' },
  };
}

export interface Signing {
  index: number;
  id?: string;
  /** Operations that got their final answer: the launch and each signature. */
  done: number;
  error?: string;
}

export interface DriveOptions {
  baseUrl: string;
  cast: Cast;
  tally: Tally;
  /** Per operation: how long a client keeps retrying before it gives up (a failure of the scenario). */
  operationDeadlineMs: number;
  /** Called after each final answer, e.g. to let a fault injector know how far the run is. */
  onProgress?: () => void;
  /** Called with each agreement id as its launch is answered. */
  onLaunched?: (id: string) => void;
}

/** Launches one agreement and signs it group by group (a group's parties in parallel). */
export async function driveOne(options: DriveOptions, signing: Signing): Promise<void> {
  const { baseUrl, cast, tally } = options;
  const key = (what: string) => `${cast.runId}-${signing.index}-${what}`;
  const launched = await untilDone(baseUrl, '/v1/agreements', {
    body: launchBody(cast, signing.index),
    headers: cast.secretariat.auth,
    idempotencyKey: key('launch'),
    tally,
    deadlineMs: options.operationDeadlineMs,
  });
  signing.id = launched.body.id as string;
  options.onLaunched?.(signing.id);
  signing.done++;
  options.onProgress?.();
  for (const group of groupsOf(cast.parties)) {
    await Promise.all(
      cast.parties
        .filter((p) => p.group === group)
        .map(async (p) => {
          await untilDone(baseUrl, `/v1/agreements/${signing.id}/sign`, {
            body: { partyId: p.partyId, documentSha256: launched.body.documentSha256 },
            headers: cast.signatories[p.partyId]!.auth,
            idempotencyKey: key(`sign-${p.partyId}`),
            tally,
            deadlineMs: options.operationDeadlineMs,
          });
          signing.done++;
          options.onProgress?.();
        }),
    );
  }
}

/** Runs `count` signings at once; resolves when each has finished or failed (failures are recorded). */
export async function driveAll(options: DriveOptions, count: number, firstIndex = 0): Promise<Signing[]> {
  const signings: Signing[] = Array.from({ length: count }, (_, i) => ({ index: firstIndex + i, done: 0 }));
  await Promise.all(
    signings.map((s) =>
      driveOne(options, s).catch((error: unknown) => {
        s.error = (error as Error).message;
      }),
    ),
  );
  return signings;
}

export const OPERATIONS_PER_AGREEMENT = 1 + PARTIES.length;

// ---------------------------------------------------------------------------------------------------
// Settling: the agreements' workflows end once their notifications are out; webhook deliveries run in
// workflows of their own.

export async function waitUntilSettled(db: Database, temporal: Client, taskQueue: string, ids: string[], timeoutMs: number): Promise<void> {
  await eventually(
    () => db.agreement.count({ where: { id: { in: ids }, status: 'effective', seal: { not: null } } }),
    (n) => n === ids.length,
    { timeoutMs, intervalMs: 1000 },
  );
  await eventually(
    async () => (await temporal.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count,
    (n) => n === 0,
    { timeoutMs, intervalMs: 1000 },
  );
}

// ---------------------------------------------------------------------------------------------------
// The audit of the outcome.

export interface Outcome {
  lost: number;
  duplicated: number;
  /** What was checked and found, as short phrases for the summary line. */
  notes: string[];
  /** Every finding that fails the scenario, with enough detail to investigate. */
  problems: string[];
}

export async function auditOutcome(options: {
  db: Database;
  baseUrl: string;
  cast: Cast;
  ids: string[];
  smtp: SmtpReceiver;
  hooks: WebhookReceiver;
}): Promise<Outcome> {
  const { db, cast, ids, smtp, hooks } = options;
  const problems: string[] = [];
  let lost = 0;
  let duplicated = 0;
  const PARTIES = cast.parties;
  const GROUPS = groupsOf(PARTIES);
  const expectedSignatures = PARTIES.length;

  // Records: effective and sealed, one signature per party, a verifying audit chain of 5 entries.
  const agreements = await db.agreement.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, seal: true } });
  const notEffective = ids.filter((id) => !agreements.some((a) => a.id === id && a.status === 'effective' && a.seal));
  lost += notEffective.length;
  if (notEffective.length) problems.push(`${notEffective.length} agreements not effective: ${notEffective.slice(0, 5).join(', ')}`);

  const signatures = await db.agreementSignature.groupBy({ by: ['agreementId', 'partyId'], where: { agreementId: { in: ids } }, _count: true });
  const signatureRows = signatures.reduce((n, s) => n + s._count, 0);
  const doubled = signatures.filter((s) => s._count > 1);
  const missingSignatures = ids.length * expectedSignatures - signatures.length;
  lost += missingSignatures;
  duplicated += doubled.reduce((n, s) => n + s._count - 1, 0);
  if (missingSignatures) problems.push(`${missingSignatures} signatures missing`);
  if (doubled.length) problems.push(`parties signed more than once: ${JSON.stringify(doubled.slice(0, 5))}`);

  const auditCounts = await db.auditEntry.groupBy({ by: ['subjectId', 'step'], where: { subjectType: 'agreement', subjectId: { in: ids } }, _count: true });
  // certificate_rendered: the worker renders the certificate of completion once the agreement is effective
  // and the workflow records its hash (docs/agreements: certificate of completion as PDF).
  const expectedAudit: Record<string, number> = { launched: 1, signed: expectedSignatures, completed: 1, certificate_rendered: 1 };
  for (const id of ids) {
    for (const [step, expected] of Object.entries(expectedAudit)) {
      const n = auditCounts.find((c) => c.subjectId === id && c.step === step)?._count ?? 0;
      if (n < expected) {
        lost += expected - n;
        problems.push(`agreement ${id}: ${n} '${step}' audit entries, expected ${expected}`);
      }
      if (n > expected) {
        duplicated += n - expected;
        problems.push(`agreement ${id}: ${n} '${step}' audit entries, expected ${expected}`);
      }
    }
  }
  const unexpectedSteps = auditCounts.filter((c) => !(c.step in expectedAudit));
  if (unexpectedSteps.length) problems.push(`unexpected audit steps: ${JSON.stringify(unexpectedSteps.slice(0, 5))}`);
  let chainsVerified = 0;
  for (const id of ids) {
    const audit = await call(options.baseUrl, `/v1/agreements/${id}/audit`, { headers: cast.secretariat.auth });
    if (audit.status === 200 && audit.body.verification?.valid === true && audit.body.verification?.sealedHead?.inTrail === true) chainsVerified++;
    else problems.push(`agreement ${id}: audit answered ${audit.status}, verification ${JSON.stringify(audit.body?.verification ?? audit.body).slice(0, 300)}`);
  }

  // Inbox: exactly once. Per agreement and occurrence (the completion; the invitation of each routing
  // group) at most one event id, each recipient once. The completion goes to everyone. A group's
  // invitation goes to the parties still pending when the workflow sends it, after the launch is
  // recorded: a party quick enough to sign before that is not invited (so group 1's invitation may be
  // smaller, or absent); every later group's invitation goes to all its parties.
  const signatoryOf = (partyId: string) => cast.signatories[partyId]!.id;
  const groupUsers = (g: number) => PARTIES.filter((p) => p.group === g).map((p) => signatoryOf(p.partyId));
  const everyone = [cast.secretariat.id, ...PARTIES.map((p) => signatoryOf(p.partyId))];
  const inbox = await db.notification.findMany({
    where: { resourceType: 'agreement', resourceId: { in: ids } },
    select: { eventId: true, userId: true, type: true, resourceId: true, data: true },
  });
  const occurrenceOf = (type: string, data: unknown) =>
    type === 'agreement.invitation' ? `invitation/g${(data as { routingGroup?: number | null }).routingGroup ?? '?'}` : type.replace('agreement.', '');
  const events = new Map<string, { agreementId: string; occurrence: string; users: string[] }>();
  for (const r of inbox) {
    const e = events.get(r.eventId) ?? { agreementId: r.resourceId, occurrence: occurrenceOf(r.type, r.data), users: [] };
    e.users.push(r.userId);
    events.set(r.eventId, e);
  }
  for (const id of ids) {
    const mine = [...events.values()].filter((e) => e.agreementId === id);
    const wanted: { occurrence: string; users: string[]; required: boolean }[] = [
      ...GROUPS.map((g, i) => ({ occurrence: `invitation/g${g}`, users: groupUsers(g), required: i > 0 })),
      { occurrence: 'completed', users: everyone, required: true },
    ];
    for (const w of wanted) {
      const found = mine.filter((e) => e.occurrence === w.occurrence);
      // A second event id for one occurrence would reach every recipient a second time.
      if (found.length > 1) {
        duplicated += found.length - 1;
        problems.push(`agreement ${id}: ${found.length} '${w.occurrence}' events`);
      }
      if (found.length === 0) {
        if (w.required) {
          lost += w.users.length;
          problems.push(`agreement ${id}: no '${w.occurrence}' notification`);
        }
        continue;
      }
      const users = found[0]!.users;
      const extra = users.filter((u) => !w.users.includes(u));
      if (extra.length) problems.push(`agreement ${id}: '${w.occurrence}' reached users outside it: ${extra.join(', ')}`);
      if (w.required) {
        const missing = w.users.filter((u) => !users.includes(u));
        if (missing.length) {
          lost += missing.length;
          problems.push(`agreement ${id}: '${w.occurrence}' missing for ${missing.join(', ')}`);
        }
      }
    }
    const unexpected = mine.filter((e) => !wanted.some((w) => w.occurrence === e.occurrence));
    if (unexpected.length) problems.push(`agreement ${id}: unexpected notifications ${unexpected.map((e) => e.occurrence).join(', ')}`);
  }
  const inboxEntries = inbox.length;

  // E-mail: at most once, counted at the SMTP server by Message-ID (derived from event and recipient).
  // Every user here has an address, so every inbox entry has its e-mail row.
  const eventIds = [...events.keys()];
  const emailRows = await db.notificationEmail.findMany({
    where: { eventId: { in: eventIds } },
    select: { eventId: true, userId: true, status: true, messageId: true },
  });
  const received = new Map<string, number>();
  for (const m of smtp.messages) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
  let mailsOnce = 0;
  let uncertainReceived = 0;
  let uncertainLost = 0;
  for (const row of emailRows) {
    const n = received.get(row.messageId) ?? 0;
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`e-mail ${row.messageId} (${row.status}) received ${n} times`);
    }
    if (row.status === 'sent') {
      if (n === 0) {
        lost += 1;
        problems.push(`e-mail ${row.messageId} recorded sent but never received`);
      } else mailsOnce++;
    } else if (row.status === 'uncertain') {
      // The documented crash window: the worker died during this SMTP conversation; not resent.
      if (n === 0) uncertainLost++;
      else uncertainReceived++;
    } else {
      lost += 1;
      problems.push(`e-mail ${row.messageId} left ${row.status}`);
    }
  }
  const withoutEmail = inbox.filter((r) => !emailRows.some((e) => e.eventId === r.eventId && e.userId === r.userId)).length;
  if (withoutEmail) {
    lost += withoutEmail;
    problems.push(`${withoutEmail} inbox entries without their e-mail`);
  }

  // Webhooks: at least once per request with a stable webhook-id; the receiver deduplicates by it.
  const requests = hooks.on(cast.webhookPath);
  const verifier = new Webhook(cast.webhook.secret);
  const byId = new Map<string, { occurrence: string; agreementId: string; copies: number }>();
  let badSignatures = 0;
  for (const r of requests) {
    try {
      verifier.verify(r.body, {
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
    } catch {
      badSignatures++;
    }
    const payload = JSON.parse(r.body) as { id: string; type: string; resource: { id: string }; data: unknown };
    const seen = byId.get(payload.id);
    if (seen) seen.copies++;
    else byId.set(payload.id, { occurrence: occurrenceOf(payload.type, payload.data), agreementId: payload.resource.id, copies: 1 });
  }
  if (badSignatures) problems.push(`${badSignatures} webhook requests failed signature verification`);
  const redelivered = [...byId.values()].reduce((n, w) => n + w.copies - 1, 0);
  for (const [eventId, e] of events) {
    if (!byId.has(notificationIds.webhookMessage(eventId))) {
      lost += 1;
      problems.push(`agreement ${e.agreementId}: '${e.occurrence}' webhook never received`);
    }
  }
  const perOccurrence = new Map<string, number>();
  for (const w of byId.values()) perOccurrence.set(`${w.agreementId} ${w.occurrence}`, (perOccurrence.get(`${w.agreementId} ${w.occurrence}`) ?? 0) + 1);
  for (const [occurrence, n] of perOccurrence) {
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`${occurrence}: ${n} distinct webhook-ids (a receiver would process it ${n} times)`);
    }
  }
  const deliveries = await db.webhookDelivery.groupBy({ by: ['status'], where: { endpointId: cast.webhook.id }, _count: true });
  const undelivered = deliveries.filter((d) => d.status !== 'delivered');
  if (undelivered.length) problems.push(`webhook deliveries not delivered: ${JSON.stringify(undelivered)}`);

  return {
    lost,
    duplicated,
    problems,
    notes: [
      `${ids.length - notEffective.length}/${ids.length} effective, ${signatureRows} signature rows, ${chainsVerified}/${ids.length} audit chains verified`,
      `inbox ${inboxEntries} entries, each (event, user) once`,
      `e-mail ${mailsOnce} received once, ${uncertainReceived + uncertainLost} cut by a kill mid-conversation (at most once: recorded uncertain, not resent; ${uncertainReceived} had reached the server, ${uncertainLost} never did)`,
      `webhooks ${byId.size} distinct webhook-ids received (${redelivered} redelivered copies with the same webhook-id, deduplicated by the receiver as docs/webhooks.md prescribes)`,
    ],
  };
}
