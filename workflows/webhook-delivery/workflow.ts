// webhookDelivery: one event to one endpoint, durable across worker restarts. Each attempt is one
// activity (one HTTP request, recorded in the delivery log before and after); between attempts the
// workflow sleeps on a durable timer with exponential backoff and jitter, for hours if need be.
// A 2xx ends it; a 4xx other than 408/429, a disabled endpoint or a refused target stops it; the
// last failed attempt gives up.
import { proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createNotificationActivities } from '../../activities/notifications';
import { isoDurationMs } from '../../core/iso-duration';
import { backoffMs } from './backoff';
import {
  type WebhookAttemptResult,
  type WebhookDeliveryInput,
  type WebhookDeliveryResult,
  webhookDeliveryProgressQuery,
} from '../../core/webhook-delivery/messages';

const { attemptWebhookDelivery } = proxyActivities<ReturnType<typeof createNotificationActivities>>({
  // One request (at most 60 s by configuration) plus its bookkeeping.
  startToCloseTimeout: '2 minutes',
  // The attempt heartbeats while it waits for the receiver, so a dead worker is noticed quickly.
  heartbeatTimeout: '10 seconds',
  // Only for failures of the activity itself (database down); HTTP failures are results, not errors.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function webhookDelivery(input: WebhookDeliveryInput): Promise<WebhookDeliveryResult> {
  const now = new Date();
  const backoff = {
    initialMs: isoDurationMs(input.retry.initialInterval, now),
    maximumMs: isoDurationMs(input.retry.maximumInterval, now),
  };
  let attempts = 0;
  let last: WebhookAttemptResult | null = null;
  setHandler(webhookDeliveryProgressQuery, () => ({ deliveryId: input.deliveryId, attempts, last }), {
    description: "The delivery's attempts so far and the last one's outcome.",
  });

  for (let attempt = 1; ; attempt++) {
    const final = attempt >= input.retry.maximumAttempts;
    last = await attemptWebhookDelivery({
      deliveryId: input.deliveryId,
      attempt,
      retryInMs: final ? null : backoffMs(attempt, backoff, Math.random()),
      maximumIntervalMs: backoff.maximumMs,
    });
    attempts = attempt;
    switch (last.outcome) {
      case 'delivered':
        return { deliveryId: input.deliveryId, status: 'delivered', attempts };
      case 'stopped':
        return { deliveryId: input.deliveryId, status: last.status, attempts, reason: last.reason };
      case 'retry':
        await sleep(last.retryInMs);
    }
  }
}
