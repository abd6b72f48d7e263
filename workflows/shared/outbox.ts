// Notifications go out alongside the process: sending one holds up nothing, and the workflow waits for
// them only before it ends or continues as new. A notification that still fails after its retries
// (workflows/shared/activity-options.ts) is logged and given up.
import { log } from '@temporalio/workflow';
import type { NotificationEvent, NotifyResult } from '../../core/notifications/notification-event';

export class Outbox {
  private pending: Promise<void>[] = [];

  constructor(private readonly notify: (event: NotificationEvent) => Promise<NotifyResult>) {}

  /** True when nothing sent is still under way (as of the last settled()). */
  get idle(): boolean {
    return this.pending.length === 0;
  }

  send(event: NotificationEvent): void {
    if (event.recipients.length === 0 && event.organizationIds.length === 0) return;
    this.pending.push(
      this.notify(event).then(
        () => undefined,
        (error: unknown) => log.warn('notification given up', { eventId: event.eventId, error: String(error) }),
      ),
    );
  }

  /** Every notification sent so far has been handed over (or given up). */
  async settled(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}
