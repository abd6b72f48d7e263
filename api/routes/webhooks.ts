// /v1/webhooks: an organisation's outgoing webhooks. Register a URL for event types (the signing
// secret is in that answer only), list, disable, rotate the secret (the old one keeps signing for a
// grace period), and read the delivery log.
//
// Who: admins, and an organisation's secretariat or signatory users for their own organisation (the
// people who speak for the organisation). Endpoints of other organisations answer 404, like ones that
// do not exist. Signing and delivery: activities/notifications/webhooks, docs/webhooks.md.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { notificationEventTypes } from '../../core/notifications/notification-event';
import { newWebhookSecret } from '../../activities/notifications/webhooks/signing';
import { assertTargetAllowed, TargetRefusedError } from '../../activities/notifications/webhooks/targets';
import type { WebhookEndpoint, WebhookSecret } from '../../prisma/generated/client';
import { isoDurationMs } from '../../core/iso-duration';
import { isoDuration } from '../../schemas/iso-duration';
import { withinOrganization } from '../auth/authorize';
import { ForbiddenProblem, NotFoundProblem, UnknownReferenceProblem, UnprocessableProblem, ValidationProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { displayText, idParams, resourceId, uniqueViolation } from '../parties/common';
import { defineRoute, type OrganizationScope, type ScopeContext } from '../routing';

const MAX_ACTIVE_ENDPOINTS_PER_ORGANIZATION = 20;
const MAX_GRACE_PERIOD_MS = 30 * 24 * 3600 * 1000;
const WEBHOOK_ROLES = ['secretariat', 'signatory'] as const;

const eventType = z.enum(notificationEventTypes);

const registerWebhookRequest = z
  .object({
    url: z.string().trim().max(2048).meta({ description: 'http(s) URL; loopback and private addresses are refused unless configured.' }),
    eventTypes: z
      .array(eventType)
      .min(1)
      .max(notificationEventTypes.length)
      .refine((types) => new Set(types).size === types.length, { message: 'event types must not repeat' }),
    description: displayText(500).optional(),
    organizationId: resourceId.optional().meta({ description: 'Admins only; others always register for their own organisation.' }),
  })
  .strict()
  .meta({ id: 'RegisterWebhook' });

const rotateSecretRequest = z
  .object({
    gracePeriod: isoDuration
      .optional()
      .meta({ description: 'How long the current secret(s) keep signing, e.g. PT1H (at most P30D). Default: WEBHOOK_SECRET_GRACE_PERIOD.' }),
  })
  .strict()
  .meta({ id: 'RotateWebhookSecret' });

const secretInfo = z.object({ id: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), active: z.boolean() });

const webhookSchema = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(eventType),
    status: z.enum(['active', 'disabled']),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
    secrets: z.array(secretInfo).meta({ description: 'The signing secrets (without their values), newest first.' }),
  })
  .meta({ id: 'Webhook' });

const registeredWebhookSchema = webhookSchema
  .extend({ secret: z.string().optional().meta({ description: 'whsec_<base64>: shown in this answer only (absent in a replay).' }) })
  .meta({ id: 'RegisteredWebhook' });

const rotatedSecretSchema = z
  .object({
    id: z.string(),
    secretId: z.string(),
    secret: z.string().optional().meta({ description: 'The new whsec_ secret: shown in this answer only.' }),
    previousSecretsExpireAt: z.string().nullable(),
  })
  .meta({ id: 'RotatedWebhookSecret' });

const webhookPageSchema = z.object({ items: z.array(webhookSchema), ...pageInfo }).meta({ id: 'WebhookPage' });

const attemptSchema = z.object({
  attempt: z.number().int(),
  outcome: z.enum(['in_flight', 'succeeded', 'failed', 'network_error', 'interrupted', 'refused']),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  responseBody: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const deliverySchema = z
  .object({
    id: z.string(),
    messageId: z.string().meta({ description: "The webhook-id header: the receiver's deduplication key." }),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'cancelled']),
    attemptCount: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    nextAttemptAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
    attempts: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

const deliveryPageSchema = z.object({ items: z.array(deliverySchema), ...pageInfo }).meta({ id: 'WebhookDeliveryPage' });

const listWebhooksQuery = z
  .object({
    organizationId: resourceId.optional().meta({ description: 'Admins only; others always see their own organisation.' }),
    ...paginationQuery,
  })
  .strict();

const listDeliveriesQuery = z
  .object({
    status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'cancelled']).optional(),
    ...paginationQuery,
  })
  .strict();

const theEndpointsOrganization: OrganizationScope<{ id: string }> = {
  resource: 'Webhook',
  describe: "the webhook's organisation",
  organizationOf: async ({ params, deps }: ScopeContext<{ id: string }>) => {
    const endpoint = await deps.db.webhookEndpoint.findUnique({ where: { id: params.id }, select: { organizationId: true } });
    return endpoint?.organizationId ?? null;
  },
};

function isActive(secret: WebhookSecret, now: Date): boolean {
  return !secret.expiresAt || secret.expiresAt > now;
}

function webhookView(endpoint: WebhookEndpoint & { secrets: WebhookSecret[] }) {
  const now = new Date();
  return {
    id: endpoint.id,
    organizationId: endpoint.organizationId,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes as z.infer<typeof eventType>[],
    status: endpoint.disabledAt ? ('disabled' as const) : ('active' as const),
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    secrets: [...endpoint.secrets]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null, active: isActive(s, now) })),
  };
}

function newestActiveSecret(secrets: WebhookSecret[]): string | undefined {
  const now = new Date();
  return [...secrets].filter((s) => isActive(s, now)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.secret;
}

export const webhookRoutes = [
  defineRoute({
    method: 'post',
    path: '/webhooks',
    summary: 'Register a webhook for event types; the answer holds its signing secret, shown this once',
    tags: ['webhooks'],
    access: {
      roles: WEBHOOK_ROLES,
      note: "For the caller's own organisation; only admins name another one (organizationId).",
    },
    body: registerWebhookRequest,
    bodyExample: { url: 'https://hooks.example.com/allianceflow', eventTypes: ['agreement.completed'] },
    responses: { 201: { description: 'Registered, with its signing secret', schema: registeredWebhookSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const organizationId = body.organizationId ?? principal.organizationId;
      if (!organizationId) {
        throw new ValidationProblem([{ path: '/organizationId', message: 'is required for a caller without an organisation' }]);
      }
      if (!withinOrganization(principal, organizationId)) {
        throw new ForbiddenProblem("Webhooks are registered for the caller's own organisation.");
      }
      if (!(await deps.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) {
        throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'no such organisation' }]);
      }
      const policy = deps.config.notifications.webhooks;
      try {
        await assertTargetAllowed(body.url, { allowLoopback: policy.allowLoopback, allowPrivateNetworks: policy.allowPrivateNetworks });
      } catch (error) {
        if (error instanceof TargetRefusedError) {
          throw new UnprocessableProblem('webhook-target-refused', 'Webhook target refused', `The URL is refused: ${error.message}.`);
        }
        throw error;
      }
      const active = await deps.db.webhookEndpoint.count({ where: { organizationId, disabledAt: null } });
      if (active >= MAX_ACTIVE_ENDPOINTS_PER_ORGANIZATION) {
        throw new UnprocessableProblem(
          'too-many-webhooks',
          'Too many webhooks',
          `An organisation has at most ${MAX_ACTIVE_ENDPOINTS_PER_ORGANIZATION} active webhooks; disable one first.`,
        );
      }

      const id = deterministicId(req, principal);
      const secret = newWebhookSecret();
      let endpoint;
      try {
        endpoint = await deps.db.webhookEndpoint.create({
          data: {
            id,
            organizationId,
            url: body.url,
            description: body.description ?? null,
            eventTypes: body.eventTypes,
            createdBy: principal.userId,
            secrets: { create: { id: randomUUID(), secret } },
          },
          include: { secrets: true },
        });
      } catch (error) {
        // The same request again (same Idempotency-Key) after a crash before its answer was stored.
        if (uniqueViolation(error) === null) throw error;
        endpoint = await deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id }, include: { secrets: true } });
      }
      const view = webhookView(endpoint);
      return {
        status: 201,
        headers: { location: `/v1/webhooks/${endpoint.id}` },
        body: { ...view, secret: newestActiveSecret(endpoint.secrets) },
        // Never stored: a replay answers without the secret (rotate to get a new one).
        replayBody: view,
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/webhooks',
    summary: "The organisation's webhooks, newest first",
    tags: ['webhooks'],
    access: { roles: WEBHOOK_ROLES, note: "Non-admins see only their own organisation's webhooks." },
    query: listWebhooksQuery,
    responses: { 200: { description: 'A page of webhooks', schema: webhookPageSchema } },
    handler: async ({ query, principal, deps }) => {
      const admin = principal.roles.has('admin');
      if (!admin && (!principal.organizationId || (query.organizationId && query.organizationId !== principal.organizationId))) {
        return { status: 200, body: { items: [], nextCursor: null } };
      }
      const organizationId = admin ? query.organizationId : principal.organizationId!;
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.webhookEndpoint.findMany({
        where: { AND: [page.where, organizationId ? { organizationId } : {}] },
        include: { secrets: true },
        orderBy: page.orderBy,
        take: page.take,
      });
      const result = toPage(rows, query.limit);
      return { status: 200, body: { items: result.items.map(webhookView), nextCursor: result.nextCursor } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/webhooks/:id/disable',
    summary: 'Disable a webhook: nothing more is sent to it, and pending retries are cancelled',
    tags: ['webhooks'],
    access: { roles: WEBHOOK_ROLES, scope: theEndpointsOrganization },
    params: idParams,
    responses: { 200: { description: 'The webhook, disabled', schema: webhookSchema } },
    handler: async ({ params, deps }) => {
      const now = new Date();
      await deps.db.$transaction([
        deps.db.webhookEndpoint.updateMany({ where: { id: params.id, disabledAt: null }, data: { disabledAt: now } }),
        // The delivery workflows see this at their next attempt and stop.
        deps.db.webhookDelivery.updateMany({
          where: { endpointId: params.id, status: { in: ['pending', 'retrying'] } },
          data: { status: 'cancelled', nextAttemptAt: null, completedAt: now },
        }),
      ]);
      const endpoint = await deps.db.webhookEndpoint.findUnique({ where: { id: params.id }, include: { secrets: true } });
      if (!endpoint) throw new NotFoundProblem('Webhook');
      return { status: 200, body: webhookView(endpoint) };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/webhooks/:id/rotate-secret',
    summary: 'Rotate the signing secret: the new one signs at once, the current one(s) also until the grace period ends',
    tags: ['webhooks'],
    access: { roles: WEBHOOK_ROLES, scope: theEndpointsOrganization },
    params: idParams,
    body: rotateSecretRequest,
    bodyExample: { gracePeriod: 'PT1H' },
    responses: { 201: { description: 'The new secret, shown this once', schema: rotatedSecretSchema } },
    handler: async ({ params, body, deps }) => {
      const now = new Date();
      const graceText = body.gracePeriod ?? deps.config.notifications.webhooks.secretGracePeriod;
      const graceMs = isoDurationMs(graceText, now);
      if (graceMs > MAX_GRACE_PERIOD_MS) {
        throw new ValidationProblem([{ path: '/gracePeriod', message: 'must be at most P30D' }]);
      }
      const graceEnd = new Date(now.getTime() + graceMs);
      const secret = newWebhookSecret();
      const secretId = randomUUID();
      await deps.db.$transaction([
        // Current secrets end with the grace period; one already ending sooner keeps its own end.
        deps.db.webhookSecret.updateMany({ where: { endpointId: params.id, expiresAt: null }, data: { expiresAt: graceEnd } }),
        deps.db.webhookSecret.updateMany({ where: { endpointId: params.id, expiresAt: { gt: graceEnd } }, data: { expiresAt: graceEnd } }),
        deps.db.webhookSecret.create({ data: { id: secretId, endpointId: params.id, secret, createdAt: now } }),
      ]);
      const stillActive = await deps.db.webhookSecret.count({ where: { endpointId: params.id, id: { not: secretId }, expiresAt: { gt: now } } });
      const view = { id: params.id, secretId, previousSecretsExpireAt: stillActive > 0 ? graceEnd.toISOString() : null };
      return { status: 201, body: { ...view, secret }, replayBody: view };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/webhooks/:id/deliveries',
    summary: 'The delivery log of a webhook: each event sent to it, newest first, with every attempt',
    tags: ['webhooks'],
    access: { roles: WEBHOOK_ROLES, scope: theEndpointsOrganization },
    params: idParams,
    query: listDeliveriesQuery,
    responses: { 200: { description: 'A page of deliveries', schema: deliveryPageSchema } },
    handler: async ({ params, query, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.webhookDelivery.findMany({
        where: { AND: [page.where, { endpointId: params.id }, query.status ? { status: query.status } : {}] },
        include: { attemptLog: { orderBy: { attempt: 'asc' } } },
        orderBy: page.orderBy,
        take: page.take,
      });
      const result = toPage(rows, query.limit);
      return {
        status: 200,
        body: {
          items: result.items.map((d) => ({
            id: d.id,
            messageId: d.messageId,
            eventId: d.eventId,
            eventType: d.eventType,
            status: d.status,
            attemptCount: d.attempts,
            lastStatusCode: d.lastStatusCode,
            nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
            completedAt: d.completedAt?.toISOString() ?? null,
            createdAt: d.createdAt.toISOString(),
            attempts: d.attemptLog.map((a) => ({
              attempt: a.attempt,
              outcome: a.outcome,
              statusCode: a.statusCode,
              error: a.error,
              responseBody: a.responseBody,
              durationMs: a.durationMs,
              startedAt: a.startedAt.toISOString(),
              finishedAt: a.finishedAt?.toISOString() ?? null,
            })),
          })),
          nextCursor: result.nextCursor,
        },
      };
    },
  }),
];
