// sendNotification: runs the notify activity for one event, with the same options every workflow uses.
import { proxyActivities } from '@temporalio/workflow';
import type { createNotificationActivities } from '../../activities/notifications';
import type { NotificationEvent, NotifyResult } from '../../core/notifications/notification-event';
import { notifyActivityOptions } from '../shared/activity-options';

const { notify } = proxyActivities<ReturnType<typeof createNotificationActivities>>(notifyActivityOptions);

export async function sendNotification(event: NotificationEvent): Promise<NotifyResult> {
  return notify(event);
}
