// sendNotification: runs the notify activity for one event, with the same options every workflow uses.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { NotificationEvent, NotifyResult } from './contract';
import { notifyActivityOptions } from './options';

const { notify } = proxyActivities<Activities>(notifyActivityOptions);

export async function sendNotification(event: NotificationEvent): Promise<NotifyResult> {
  return notify(event);
}
