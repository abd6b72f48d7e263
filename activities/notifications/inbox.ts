// The in-app inbox: one entry per recipient, keyed by (event, user). createMany with skipDuplicates
// makes a retried notify a no-op for entries already stored.
import type { Database } from '../../platform/database';
import type { NotificationEvent } from '../../core/notifications/notification-event';
import { notificationIds } from './ids';
import type { ResolvedRecipient } from './recipients';
import type { RenderedNotification } from './templates';

export async function storeInboxEntries(
  db: Database,
  event: NotificationEvent,
  messages: { recipient: ResolvedRecipient; rendered: RenderedNotification }[],
): Promise<number> {
  if (messages.length === 0) return 0;
  await db.notification.createMany({
    data: messages.map(({ recipient, rendered }) => ({
      id: notificationIds.inbox(event.eventId, recipient.userId),
      eventId: event.eventId,
      userId: recipient.userId,
      type: event.type,
      resourceType: event.resource.type,
      resourceId: event.resource.id,
      locale: rendered.locale,
      title: rendered.subject,
      body: rendered.body,
      data: event.data,
      occurredAt: new Date(event.occurredAt),
    })),
    skipDuplicates: true,
  });
  return messages.length;
}
