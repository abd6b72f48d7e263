// The notify activity: one NotificationEvent becomes an inbox entry per recipient, an e-mail per
// recipient with an address, and a webhook delivery per subscribed endpoint. In that order: the inbox
// (one database statement) is the durable record; webhook deliveries are handed to their own durable
// workflows; e-mails, the slowest and least reliable part, come last.
//
// Retried as a whole by Temporal. Every id derives from the event id and the recipient or endpoint
// (ids.ts), writes use unique keys with skipDuplicates, e-mails follow the claim/record protocol in
// email.ts and delivery workflows have deterministic ids, so a retry stores and sends only what is
// missing. The result is the same for every attempt: the counts of what the event has.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { NotificationsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { type NotificationEvent, notificationEventTypes, type NotifyResult } from '../../core/notifications/notification-event';
import { createMailer, type Mailer, sendEmails } from './email';
import { storeInboxEntries } from './inbox';
import { resolveRecipients } from './recipients';
import { renderNotification } from './templates';
import { dispatchWebhooks } from './webhooks/dispatch';

export interface NotifyDependencies {
  db: Database;
  temporal: Client;
  config: NotificationsConfig;
  log: Logger;
  /** Tests may hand in their own transport; by default one is made from config.smtp. */
  mailer?: Mailer;
}

const notificationEvent = z.object({
  eventId: z.string().min(1).max(500),
  type: z.enum(notificationEventTypes),
  resource: z.object({ type: z.enum(['agreement', 'placement', 'certification_application', 'certificate', 'commissioner_service']), id: z.string().min(1) }),
  recipients: z.array(z.union([z.object({ userId: z.string().min(1) }), z.object({ organizationId: z.string().min(1), role: z.string().min(1) })])),
  organizationIds: z.array(z.string().min(1)),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  occurredAt: z.iso.datetime({ offset: true }),
});

interface AttemptControl {
  claimToken: string;
  taskQueue: string;
  checkpoint(progress?: unknown): void;
  whileWaiting<T>(work: Promise<T>): Promise<T>;
}

function attemptControl(eventId: string): AttemptControl {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    // Outside an activity (a direct call in a unit test): one claim per call, nothing to heartbeat.
    return { claimToken: `direct/${eventId}/${Date.now()}/${Math.random()}`, taskQueue: 'direct', checkpoint() {}, whileWaiting: (work) => work };
  }
  const info = context.info;
  return {
    claimToken: `${info.workflowExecution?.workflowId}/${info.workflowExecution?.runId}/${info.activityId}#${info.attempt}`,
    taskQueue: info.taskQueue,
    whileWaiting<T>(work: Promise<T>): Promise<T> {
      const timer = setInterval(() => context.heartbeat(), 2000);
      return work.finally(() => clearInterval(timer));
    },
    checkpoint(progress?: unknown) {
      context.heartbeat(progress);
      const signal = context.cancellationSignal;
      if (!signal.aborted) return;
      const reason = signal.reason as { message?: string } | undefined;
      // A worker shutting down is not the workflow cancelling: fail retryably so another worker resumes.
      if (reason?.message === 'WORKER_SHUTDOWN') {
        throw ApplicationFailure.retryable('notify interrupted by worker shutdown; the retry resumes it', 'WorkerShutdown');
      }
      throw signal.reason;
    },
  };
}

export function createNotifyActivity(deps: NotifyDependencies) {
  const mailer = deps.mailer ?? (deps.config.smtp ? createMailer(deps.config.smtp) : undefined);

  return async function notify(input: NotificationEvent): Promise<NotifyResult> {
    const parsed = notificationEvent.safeParse(input);
    if (!parsed.success) {
      throw ApplicationFailure.nonRetryable(`invalid notification event: ${z.prettifyError(parsed.error)}`, 'InvalidNotificationEvent');
    }
    const event = parsed.data as NotificationEvent;
    const control = attemptControl(event.eventId);
    const log = deps.log.child({ eventId: event.eventId, eventType: event.type });

    const recipients = await resolveRecipients(deps.db, event.recipients);
    const messages = recipients.map((recipient) => ({
      recipient,
      rendered: renderNotification(event.type, recipient.locale, {
        ...event.data,
        recipientName: recipient.name,
        resourceType: event.resource.type,
        resourceId: event.resource.id,
      }),
    }));

    const inboxEntries = await storeInboxEntries(deps.db, event, messages);
    control.checkpoint({ stage: 'inbox' });

    const webhookDeliveries = await dispatchWebhooks(
      {
        db: deps.db,
        temporal: deps.temporal,
        taskQueue: control.taskQueue,
        retry: deps.config.webhooks.retry,
        checkpoint: () => control.checkpoint({ stage: 'webhooks' }),
      },
      event,
    );

    let emails = 0;
    if (mailer && deps.config.smtp) {
      emails = await sendEmails(
        {
          db: deps.db,
          mailer,
          from: deps.config.smtp.from,
          log,
          claimToken: control.claimToken,
          checkpoint: () => control.checkpoint({ stage: 'emails' }),
          whileWaiting: (work) => control.whileWaiting(work),
        },
        event,
        messages,
      );
    } else if (messages.some((m) => m.recipient.email)) {
      log.debug('SMTP is not configured; e-mails skipped');
    }
    log.info({ inboxEntries, emails, webhookDeliveries }, 'notification processed');
    return { inboxEntries, emails, webhookDeliveries };
  };
}
