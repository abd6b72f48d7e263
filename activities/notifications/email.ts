// E-mail over SMTP (nodemailer), at most once per (event, recipient).
//
// Protocol, per e-mail row (keyed by event and user, created `pending` with skipDuplicates):
//   1. claim it: pending -> sending, with this activity attempt's claim token (a conditional update,
//      so two attempts can never both claim it);
//   2. run the SMTP conversation;
//   3. record the answer: sent (250), failed (5xx: rejected for good), or back to pending (4xx, or a
//      failure before the message was transmitted: nothing was sent, the next attempt may try again).
// A row still `sending` under another attempt's token means that attempt died in the middle of the
// SMTP conversation (worker killed, activity timed out). Whether the server accepted the message is
// unknowable, so it is marked `uncertain` and NOT sent again: e-mail is at most once in that window,
// which lasts as long as one SMTP DATA exchange. The inbox entry, stored first, is the durable record
// of the notification either way. A socket failure after the message was transmitted is treated the
// same way. Every message carries a deterministic Message-ID, so even a hand-made resend collapses.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { NotificationsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import type { NotificationEvent } from '../../core/notifications/notification-event';
import { notificationIds } from './ids';
import type { ResolvedRecipient } from './recipients';
import type { RenderedNotification } from './templates';

export type Mailer = Transporter<SMTPTransport.SentMessageInfo>;
export type SmtpConfig = NonNullable<NotificationsConfig['smtp']>;

export function createMailer(smtp: SmtpConfig): Mailer {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    auth: smtp.auth,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    // Messages are built from templates only: no file or URL content may be pulled in.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

export interface EmailContext {
  db: Database;
  mailer: Mailer;
  from: string;
  log: Logger;
  /** Identifies this activity attempt; see the protocol above. */
  claimToken: string;
  /** Heartbeats, and throws when the activity must stop (cancelled, worker shutting down). */
  checkpoint(): void;
  /** Keeps heartbeating while `work` runs (a slow SMTP server must not look like a dead worker). */
  whileWaiting<T>(work: Promise<T>): Promise<T>;
}

/** SMTP commands before the message data: a failure there means nothing was transmitted. */
const BEFORE_DATA = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO)/;
const BEFORE_DATA_CODES = new Set(['ECONNECTION', 'EDNS', 'EAUTH', 'ETLS']);

type SmtpFailure = { kind: 'rejected' | 'retry' | 'uncertain'; message: string };

export function classifySmtpError(error: unknown): SmtpFailure {
  const e = error as { responseCode?: number; command?: string; code?: string; message?: string; response?: string };
  const message = (e.response ?? e.message ?? String(error)).slice(0, 500);
  // The server answered with a refusal: the message was not accepted.
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) {
    return { kind: e.responseCode >= 500 ? 'rejected' : 'retry', message };
  }
  // An address nodemailer itself refuses (no server involved): retrying cannot help.
  if (e.code === 'EENVELOPE') return { kind: 'rejected', message };
  if ((e.command && BEFORE_DATA.test(e.command)) || (e.code && BEFORE_DATA_CODES.has(e.code))) return { kind: 'retry', message };
  return { kind: 'uncertain', message };
}

export class SmtpUnavailableError extends Error {
  constructor(message: string) {
    super(`SMTP delivery failed and will be retried: ${message}`);
    this.name = 'SmtpUnavailableError';
  }
}

/** Sends what has not been sent yet; returns the number of e-mails this event has (one per address). */
export async function sendEmails(
  ctx: EmailContext,
  event: NotificationEvent,
  messages: { recipient: ResolvedRecipient; rendered: RenderedNotification }[],
): Promise<number> {
  const withAddress = messages.filter((m) => m.recipient.email);
  if (withAddress.length === 0) return 0;
  const { db } = ctx;
  await db.notificationEmail.createMany({
    data: withAddress.map(({ recipient, rendered }) => ({
      id: notificationIds.email(event.eventId, recipient.userId),
      eventId: event.eventId,
      userId: recipient.userId,
      toAddress: recipient.email!,
      locale: rendered.locale,
      subject: rendered.subject,
      messageId: notificationIds.emailMessageId(event.eventId, recipient.userId),
    })),
    skipDuplicates: true,
  });

  for (const { recipient, rendered } of withAddress) {
    ctx.checkpoint();
    const id = notificationIds.email(event.eventId, recipient.userId);
    const row = await db.notificationEmail.findUniqueOrThrow({ where: { id } });
    if (row.status === 'sending' && row.claimToken !== ctx.claimToken) {
      await db.notificationEmail.updateMany({
        where: { id, status: 'sending', claimToken: row.claimToken },
        data: { status: 'uncertain', error: 'an earlier attempt stopped during the SMTP conversation; not resent (at most once)' },
      });
      ctx.log.warn({ emailId: id, eventId: event.eventId }, 'e-mail left uncertain by an interrupted attempt; not resent');
      continue;
    }
    if (row.status !== 'pending') continue;
    const claimed = await db.notificationEmail.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'sending', claimToken: ctx.claimToken },
    });
    if (claimed.count === 0) continue; // another attempt took it in between

    try {
      const info = await ctx.whileWaiting(
        ctx.mailer.sendMail({
          from: ctx.from,
          to: row.toAddress,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId: row.messageId,
          headers: { 'X-AllianceFlow-Event': event.type, 'X-AllianceFlow-Event-Id': event.eventId },
        }),
      );
      await db.notificationEmail.updateMany({
        where: { id, claimToken: ctx.claimToken },
        data: { status: 'sent', sentAt: new Date(), smtpResponse: info.response?.slice(0, 500) ?? null, error: null },
      });
    } catch (error) {
      const failure = classifySmtpError(error);
      const status = failure.kind === 'rejected' ? 'failed' : failure.kind === 'retry' ? 'pending' : 'uncertain';
      await db.notificationEmail.updateMany({
        where: { id, claimToken: ctx.claimToken },
        data: { status, error: failure.message, claimToken: status === 'pending' ? null : ctx.claimToken },
      });
      ctx.log.warn({ emailId: id, eventId: event.eventId, kind: failure.kind, error: failure.message }, 'e-mail not sent');
      // The server is unreachable or deferring: stop here and let the activity's retry policy wait.
      if (failure.kind === 'retry') throw new SmtpUnavailableError(failure.message);
    }
  }
  return withAddress.length;
}
