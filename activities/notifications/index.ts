// The notification activities the worker registers: notify (every workflow) and
// attemptWebhookDelivery (the webhookDelivery workflow).
import { createWebhookAttemptActivity } from './webhooks/attempt';
import { createNotifyActivity, type NotifyDependencies } from './notify';

export type { NotifyDependencies } from './notify';

export function createNotificationActivities(deps: NotifyDependencies) {
  return {
    notify: createNotifyActivity(deps),
    attemptWebhookDelivery: createWebhookAttemptActivity({ db: deps.db, config: deps.config.webhooks, log: deps.log }),
  };
}
