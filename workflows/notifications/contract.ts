// sendNotification: a durable way to emit one notification event from outside a process workflow (an
// API route, an operator, a test). Process workflows call the notify activity directly.
// Workflow-safe.
export type { NotificationEvent, NotifyResult } from '../../core/notifications/notification-event';

export const SEND_NOTIFICATION_WORKFLOW = 'sendNotification';

/** The event id is unique per occurrence, so it names the workflow: sending twice starts one. */
export function notificationWorkflowId(eventId: string): string {
  return `notification-${eventId}`;
}
