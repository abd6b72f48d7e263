// Fan-out of one event to the subscribed webhook endpoints: a delivery row per endpoint (unique per
// endpoint and event) and a webhookDelivery workflow per row, with a workflow id derived from the row
// and REJECT_DUPLICATE, so a retried notify finds the rows and the workflows already there.
import { workflowDisplayOptions } from '../../../core/workflow-display';
import { webhookDeliveryDisplay } from '../../../core/webhook-delivery/display';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '../../../platform/database';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  type WebhookDeliveryInput,
  type WebhookRetryPolicy,
  webhookDeliveryWorkflowId,
} from '../../../core/webhook-delivery/messages';
import type { NotificationEvent } from '../../../core/notifications/notification-event';
import { notificationIds } from '../ids';

export interface DispatchContext {
  db: Database;
  temporal: Client;
  taskQueue: string;
  retry: WebhookRetryPolicy;
  checkpoint(): void;
}

/** The exact body every endpoint receives for this event (the same on every attempt). */
export function webhookPayload(event: NotificationEvent): string {
  return JSON.stringify({
    id: notificationIds.webhookMessage(event.eventId),
    type: event.type,
    timestamp: event.occurredAt,
    resource: event.resource,
    data: event.data,
  });
}

export async function dispatchWebhooks(ctx: DispatchContext, event: NotificationEvent): Promise<number> {
  const { db } = ctx;
  const endpoints = event.organizationIds.length
    ? await db.webhookEndpoint.findMany({
        where: { organizationId: { in: event.organizationIds }, disabledAt: null, eventTypes: { has: event.type } },
        select: { id: true },
        orderBy: { id: 'asc' },
      })
    : [];
  if (endpoints.length) {
    const payload = webhookPayload(event);
    const messageId = notificationIds.webhookMessage(event.eventId);
    await db.webhookDelivery.createMany({
      data: endpoints.map((endpoint) => {
        const id = notificationIds.webhookDelivery(endpoint.id, event.eventId);
        return {
          id,
          endpointId: endpoint.id,
          eventId: event.eventId,
          messageId,
          eventType: event.type,
          payload,
          workflowId: webhookDeliveryWorkflowId(id),
        };
      }),
      skipDuplicates: true,
    });
  }
  // Every row of this event, also those an earlier attempt wrote before it stopped.
  const deliveries = await db.webhookDelivery.findMany({
    where: { eventId: event.eventId, status: { in: ['pending', 'retrying'] } },
    select: { id: true, workflowId: true, eventType: true, endpoint: { select: { organizationId: true } } },
    orderBy: { id: 'asc' },
  });
  for (const delivery of deliveries) {
    ctx.checkpoint();
    const input: WebhookDeliveryInput = { deliveryId: delivery.id, retry: ctx.retry };
    try {
      await ctx.temporal.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
        workflowId: delivery.workflowId,
        taskQueue: ctx.taskQueue,
        args: [input],
        // Not even after it finished: one delivery, one workflow.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        // What the Temporal UI shows of it (core/workflow-display.ts).
        ...workflowDisplayOptions(
          webhookDeliveryDisplay({ deliveryId: delivery.id, eventType: delivery.eventType, organizationId: delivery.endpoint.organizationId }),
        ),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
  return db.webhookDelivery.count({ where: { eventId: event.eventId } });
}
