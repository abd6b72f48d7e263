// Sends the account e-mails (invitation, password reset) through the same SMTP settings and renderer
// as notifications. Sent by the API at once: the answer can say whether the server took the message.
// Nothing here logs the message, its link or its body.
import { createMailer, type Mailer, type SmtpConfig } from '../../activities/notifications/email';
import { type AccountEmailType, renderAccountEmail } from '../../activities/notifications/templates/accounts';
import type { TemplateData } from '../../activities/notifications/templates';
import type { NotificationsConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';

/** sent: the SMTP server accepted it; failed: it did not; not_configured: no SMTP_HOST. */
export type EmailDelivery = 'sent' | 'failed' | 'not_configured';

const mailers = new Map<string, Mailer>();

function mailerFor(smtp: SmtpConfig): Mailer {
  const key = JSON.stringify(smtp);
  let mailer = mailers.get(key);
  if (!mailer) mailers.set(key, (mailer = createMailer(smtp)));
  return mailer;
}

export async function sendAccountEmail(
  notifications: NotificationsConfig,
  log: Logger,
  message: { type: AccountEmailType; to: string; locale: string; data: TemplateData },
): Promise<EmailDelivery> {
  const smtp = notifications.smtp;
  if (!smtp) {
    log.warn({ emailType: message.type }, 'account e-mail not sent: SMTP_HOST is not set');
    return 'not_configured';
  }
  const rendered = renderAccountEmail(message.type, message.locale, message.data);
  try {
    await mailerFor(smtp).sendMail({
      from: smtp.from,
      to: message.to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: { 'X-AllianceFlow-Event': message.type },
    });
    return 'sent';
  } catch (error) {
    // The SMTP error's own text only (it never holds the message body).
    const e = error as { code?: string; responseCode?: number };
    log.warn({ emailType: message.type, code: e.code ?? null, responseCode: e.responseCode ?? null }, 'account e-mail not sent');
    return 'failed';
  }
}
