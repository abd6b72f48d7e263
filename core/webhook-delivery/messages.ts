// The webhookDelivery messages, defined once: the notify activity starts the workflow, the attempt
// activity implements one step, tests read it. Workflow-safe: types and message definitions only.
import { defineQuery } from '@temporalio/workflow';

export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDelivery';

/** ISO 8601 durations (production PT30S / PT2H, tests PT0.2S). */
export interface WebhookRetryPolicy {
  initialInterval: string;
  maximumInterval: string;
  /** Attempts in all, the first included. */
  maximumAttempts: number;
}

export interface WebhookDeliveryInput {
  /** The webhook_deliveries row: endpoint, webhook-id and the exact body live there. */
  deliveryId: string;
  retry: WebhookRetryPolicy;
}

export interface WebhookAttemptInput {
  deliveryId: string;
  /** 1-based; (deliveryId, attempt) is the attempt's key in the delivery log. */
  attempt: number;
  /** The jittered backoff before the next attempt, or null when this is the last one. */
  retryInMs: number | null;
  /** A receiver's Retry-After may lengthen the wait, up to this. */
  maximumIntervalMs: number;
}

export type WebhookAttemptResult =
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'retry'; statusCode: number | null; retryInMs: number }
  | { outcome: 'stopped'; status: 'failed' | 'cancelled'; statusCode: number | null; reason: string };

export type WebhookDeliveryStatus = 'delivered' | 'failed' | 'cancelled';

export interface WebhookDeliveryResult {
  deliveryId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  reason?: string;
}

export interface WebhookDeliveryProgress {
  deliveryId: string;
  attempts: number;
  last: WebhookAttemptResult | null;
}

export const webhookDeliveryProgressQuery = defineQuery<WebhookDeliveryProgress>('progress');

/** One workflow per delivery (endpoint x event), so a retried notify can never start a second. */
export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook-delivery-${deliveryId}`;
}
