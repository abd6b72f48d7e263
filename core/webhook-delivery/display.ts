// How the Temporal UI shows a webhook delivery's workflow (core/workflow-display.ts): the event it
// delivers and the subscribing organisation.
import type { WorkflowDisplay } from '../workflow-display';

export function webhookDeliveryDisplay(delivery: { deliveryId: string; eventType: string; organizationId: string | null }): WorkflowDisplay {
  return {
    process: 'Webhook delivery',
    title: `${delivery.eventType} (delivery ${delivery.deliveryId})`,
    parties: delivery.organizationId ? [{ name: 'subscriber', role: 'webhook subscriber', organizationId: delivery.organizationId }] : [],
  };
}
