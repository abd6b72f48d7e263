// One attempt of a webhook delivery, called by the webhookDelivery workflow. The attempt is written
// to the log `in_flight` before the request and completed after it, so the log shows every attempt,
// and an activity retry that finds its attempt still `in_flight` knows the previous try died with the
// request outstanding: it records it `interrupted` and lets the workflow send again after the backoff
// (at least once: the receiver deduplicates by webhook-id).
import { Context } from '@temporalio/activity';
import type { NotificationsConfig } from '../../../platform/config';
import type { Database } from '../../../platform/database';
import type { Logger } from '../../../platform/logger';
import { isUniqueViolation } from '../../../platform/database-errors';
import type { WebhookAttemptInput, WebhookAttemptResult } from '../../../core/webhook-delivery/messages';
import { NetworkError, postWebhook } from './http';
import { signedHeaders } from './signing';
import { assertTargetAllowed, TargetRefusedError } from './targets';

type Outcome = 'succeeded' | 'failed' | 'network_error' | 'interrupted' | 'refused';

/** 2xx delivered; 4xx other than 408 and 429 stop; everything else (3xx, 408, 429, 5xx, network) retries. */
export function classifyStatus(statusCode: number): 'delivered' | 'stop' | 'retry' {
  if (statusCode >= 200 && statusCode < 300) return 'delivered';
  if (statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429) return 'stop';
  return 'retry';
}

function heartbeatWhile<T>(work: Promise<T>): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work; // called outside an activity (unit tests)
  }
  const timer = setInterval(() => context!.heartbeat(), 2000);
  return work.finally(() => clearInterval(timer));
}

export function createWebhookAttemptActivity(deps: { db: Database; config: NotificationsConfig['webhooks']; log: Logger }) {
  const { db, config, log } = deps;
  const policy = { allowLoopback: config.allowLoopback, allowPrivateNetworks: config.allowPrivateNetworks };

  return async function attemptWebhookDelivery(input: WebhookAttemptInput): Promise<WebhookAttemptResult> {
    const { deliveryId, attempt } = input;
    const delivery = await db.webhookDelivery.findUnique({
      where: { id: deliveryId },
      include: { endpoint: { include: { secrets: { orderBy: { createdAt: 'desc' } } } } },
    });
    if (!delivery) return { outcome: 'stopped', status: 'failed', statusCode: null, reason: 'the delivery record is missing' };
    if (delivery.status === 'delivered') return { outcome: 'delivered', statusCode: delivery.lastStatusCode ?? 200 };
    if (delivery.status === 'failed' || delivery.status === 'cancelled') {
      return { outcome: 'stopped', status: delivery.status, statusCode: delivery.lastStatusCode, reason: `the delivery is already ${delivery.status}` };
    }
    if (delivery.endpoint.disabledAt) {
      await db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'cancelled', nextAttemptAt: null, completedAt: new Date() } });
      return { outcome: 'stopped', status: 'cancelled', statusCode: null, reason: 'the endpoint is disabled' };
    }

    // What to do after a retryable failure of this attempt.
    const afterRetryable = (statusCode: number | null, retryAfterMs?: number): WebhookAttemptResult =>
      input.retryInMs === null
        ? { outcome: 'stopped', status: 'failed', statusCode, reason: `gave up after ${attempt} attempts` }
        : {
            outcome: 'retry',
            statusCode,
            retryInMs: Math.max(input.retryInMs, Math.min(retryAfterMs ?? 0, input.maximumIntervalMs)),
          };

    const record = async (
      outcome: Outcome,
      result: WebhookAttemptResult,
      details: { statusCode?: number | null; error?: string; responseBody?: string; durationMs?: number },
    ) => {
      const now = new Date();
      const status = result.outcome === 'delivered' ? 'delivered' : result.outcome === 'stopped' ? result.status : 'retrying';
      await db.$transaction([
        db.webhookAttempt.update({
          where: { deliveryId_attempt: { deliveryId, attempt } },
          data: {
            outcome,
            statusCode: details.statusCode ?? null,
            error: details.error?.slice(0, 1000) ?? null,
            responseBody: details.responseBody ?? null,
            durationMs: details.durationMs ?? null,
            finishedAt: now,
          },
        }),
        db.webhookDelivery.update({
          where: { id: deliveryId },
          data: {
            status,
            attempts: attempt,
            lastStatusCode: details.statusCode ?? null,
            nextAttemptAt: result.outcome === 'retry' ? new Date(now.getTime() + result.retryInMs) : null,
            completedAt: status === 'retrying' ? null : now,
          },
        }),
      ]);
      return result;
    };

    const previous = await db.webhookAttempt.findUnique({ where: { deliveryId_attempt: { deliveryId, attempt } } });
    if (previous && previous.outcome !== 'in_flight') {
      // This activity already finished the attempt but its completion was lost: answer the same.
      if (previous.outcome === 'succeeded') return { outcome: 'delivered', statusCode: previous.statusCode ?? 200 };
      if (previous.outcome === 'refused' || (previous.statusCode !== null && classifyStatus(previous.statusCode) === 'stop')) {
        return { outcome: 'stopped', status: 'failed', statusCode: previous.statusCode, reason: previous.error ?? `HTTP ${previous.statusCode}` };
      }
      return afterRetryable(previous.statusCode);
    }
    if (previous) {
      log.warn({ deliveryId, attempt }, 'webhook attempt interrupted with its request outstanding; will send again');
      return record('interrupted', afterRetryable(null), { error: 'the worker stopped while this request was outstanding; outcome unknown' });
    }
    try {
      await db.webhookAttempt.create({ data: { deliveryId, attempt } });
    } catch (error) {
      // Another try of this attempt got there first (a timed-out activity still running).
      if (isUniqueViolation(error)) return afterRetryable(null);
      throw error;
    }

    let url: URL;
    try {
      url = await assertTargetAllowed(delivery.endpoint.url, policy);
    } catch (error) {
      if (!(error instanceof TargetRefusedError)) throw error;
      if (/does not resolve/.test(error.message)) {
        return record('network_error', afterRetryable(null), { error: error.message });
      }
      return record('refused', { outcome: 'stopped', status: 'failed', statusCode: null, reason: error.message }, { error: error.message });
    }

    const now = new Date();
    const secrets = delivery.endpoint.secrets.filter((s) => !s.expiresAt || s.expiresAt > now).map((s) => s.secret);
    if (secrets.length === 0) {
      return record('refused', { outcome: 'stopped', status: 'failed', statusCode: null, reason: 'no active secret' }, { error: 'no active secret' });
    }
    const headers = signedHeaders(delivery.messageId, now, delivery.payload, secrets);
    const started = Date.now();
    try {
      const answer = await heartbeatWhile(postWebhook(url, { ...headers }, delivery.payload, { timeoutMs: config.timeoutMs, policy }));
      const durationMs = Date.now() - started;
      const details = { statusCode: answer.statusCode, responseBody: answer.body, durationMs };
      switch (classifyStatus(answer.statusCode)) {
        case 'delivered':
          return record('succeeded', { outcome: 'delivered', statusCode: answer.statusCode }, details);
        case 'stop':
          return record(
            'failed',
            { outcome: 'stopped', status: 'failed', statusCode: answer.statusCode, reason: `the receiver answered ${answer.statusCode}` },
            details,
          );
        case 'retry':
          return record('failed', afterRetryable(answer.statusCode, answer.retryAfterMs), details);
      }
    } catch (error) {
      const durationMs = Date.now() - started;
      if (!(error instanceof NetworkError)) throw error;
      // The connection-time check (guardedLookup) refused what the name resolves to now.
      if (error.code === 'ETARGETREFUSED') {
        return record('refused', { outcome: 'stopped', status: 'failed', statusCode: null, reason: error.message }, { error: error.message, durationMs });
      }
      return record('network_error', afterRetryable(null), { error: `${error.code ?? 'network'}: ${error.message}`, durationMs });
    }
  };
}
