// The one notification interface every workflow uses. A workflow describes what happened; the notify
// activity turns it into an inbox entry per recipient, an e-mail per recipient with an address and a
// webhook delivery per subscribed endpoint. Workflow-safe: types only.

export const notificationEventTypes = [
  'agreement.invitation',
  'agreement.reminder',
  'agreement.expiry_warning',
  'agreement.expired',
  'agreement.declined',
  'agreement.voided',
  'agreement.amended',
  'agreement.completed',
  'agreement.renewal_due',
  'placement.offer',
  'placement.check_in_missed',
  'placement.escalated',
  'placement.rule_violation',
  'placement.incident',
  'placement.completed',
  'placement.terminated',
  'certification.review_task',
  'certification.review_reminder',
  'certification.review_escalated',
  'certification.changes_requested',
  'certification.rejected',
  'certification.issued',
  'certification.revoked',
  'certification.renewal_due',
  'commissioner_service.nominated',
  'commissioner_service.log_missed',
  'commissioner_service.escalated',
  'commissioner_service.rating_due',
  'commissioner_service.completed',
  'commissioner_service.ended',
] as const;
export type NotificationEventType = (typeof notificationEventTypes)[number];

/** A user, or every active user of an organisation who holds a role (e.g. its signatories). */
export type Recipient = { userId: string } | { organizationId: string; role: string };

export interface NotificationEvent {
  /**
   * Deterministic and unique per occurrence: the workflow id plus the step, e.g.
   * "agreement-<id>/reminder/3". Inbox, e-mail and webhook ids derive from it (and the recipient), so
   * a retried activity never stores or sends twice.
   */
  eventId: string;
  type: NotificationEventType;
  resource: { type: 'agreement' | 'placement' | 'certification_application' | 'certificate' | 'commissioner_service'; id: string };
  recipients: Recipient[];
  /** Organisations whose webhooks subscribed to `type` receive the event. */
  organizationIds: string[];
  /** Template data (titles, names, dates as ISO strings). Plain JSON. */
  data: Record<string, string | number | boolean | null>;
  /** ISO timestamp from the workflow's clock. */
  occurredAt: string;
}

export interface NotifyResult {
  inboxEntries: number;
  emails: number;
  webhookDeliveries: number;
}
