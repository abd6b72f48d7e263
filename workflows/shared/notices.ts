// How a process words a notification event (core/notifications/notification-event.ts): its id is the
// workflow id and the occurrence's key, so a replayed or retried send is the same occurrence; its time is
// the workflow's. Pure and workflow-safe; each process's notices.ts says who hears of what.
import type { NotificationEvent, Recipient } from '../../core/notifications/notification-event';

export interface NoticeContext {
  workflowId: string;
  occurredAt: string;
}

export type EventData = NotificationEvent['data'];

/** The recipients without the missing ones and without repeats, in their order. */
export function uniqueRecipients(recipients: (Recipient | null)[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const r of recipients) {
    if (!r) continue;
    const key = 'userId' in r ? `u:${r.userId}` : `o:${r.organizationId}:${r.role}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

export interface EventParts {
  type: NotificationEvent['type'];
  resource: NotificationEvent['resource'];
  /** Unique per occurrence within the workflow, e.g. "reminder/3". */
  key: string;
  recipients: Recipient[];
  organizationIds: string[];
  data: EventData;
}

export function processEvent(ctx: NoticeContext, parts: EventParts): NotificationEvent {
  return {
    eventId: `${ctx.workflowId}/${parts.key}`,
    type: parts.type,
    resource: parts.resource,
    recipients: parts.recipients,
    organizationIds: parts.organizationIds,
    data: parts.data,
    occurredAt: ctx.occurredAt,
  };
}

/** What every event of one process instance carries: the resource it is about, the organisations it
 * belongs to (their webhooks may subscribe) and the data common to all its events. */
export interface NoticeSubject {
  resource: NotificationEvent['resource'];
  organizationIds: string[];
  data: EventData;
}

/** Words one event of a process: its type, its occurrence key, who hears of it and what the event adds. */
export type ProcessEventBuilder<S> = (
  state: S,
  ctx: NoticeContext,
  type: NotificationEvent['type'],
  key: string,
  recipients: (Recipient | null)[],
  extra?: EventData,
) => NotificationEvent;

/**
 * The one event builder each process's notices.ts starts from: the process names its subject, the builder
 * drops missing and repeated recipients, sorts and deduplicates the organisations and puts the event's own
 * data after the common data (so an event may override a common field).
 */
export function processEventBuilder<S>(subjectOf: (state: S) => NoticeSubject): ProcessEventBuilder<S> {
  return (state, ctx, type, key, recipients, extra = {}) => {
    const subject = subjectOf(state);
    return processEvent(ctx, {
      type,
      resource: subject.resource,
      key,
      recipients: uniqueRecipients(recipients),
      organizationIds: [...new Set(subject.organizationIds)].sort(),
      data: { ...subject.data, ...extra },
    });
  };
}
