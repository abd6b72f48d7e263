// Password reset by e-mail. Asking (POST /v1/password-resets) always answers the same 202, at once,
// whether the address has an account or not; when it has, a single-use link (PASSWORD_RESET_TTL,
// default 30 minutes; earlier unused links of the account stop working) is e-mailed after the answer is
// sent, so the timing does not tell either. Completing (POST /v1/password-resets/complete) sets the new
// password and ends every session of the person.
import { randomUUID } from 'node:crypto';
import type { AccountsConfig, NotificationsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { ValidationProblem } from '../errors';
import { sendAccountEmail } from './account-email';
import { hashPassword, passwordProblem } from './passwords';
import { InvalidLinkProblem } from './problems';
import { hashSecret, newSecret } from './secrets';
import { revokeAllSessions } from './sessions';
import { recordSecurityEvent } from './security-events';

export function passwordResetLink(accounts: AccountsConfig, token: string): string {
  return `${accounts.linkBaseUrl}/reset-password#token=${token}`;
}

/** Runs after the answer: makes the link and sends it, when the address has an account. */
export async function sendPasswordReset(
  ctx: { db: Database; accounts: AccountsConfig; notifications: NotificationsConfig; log: Logger },
  email: string,
  address: string,
): Promise<void> {
  const { db } = ctx;
  const credential = await db.accountCredential.findUnique({ where: { email }, include: { user: true } });
  await recordSecurityEvent(db, {
    type: 'password_reset_requested',
    userId: credential?.userId ?? null,
    email,
    address,
    detail: { known: Boolean(credential?.user.active) },
  });
  if (!credential || !credential.user.active) return;
  const { secret, hash } = newSecret('passwordReset');
  const expiresAt = new Date(Date.now() + ctx.accounts.passwordResetTtlMs);
  await db.$transaction([
    db.passwordReset.updateMany({ where: { userId: credential.userId, usedAt: null }, data: { usedAt: new Date() } }),
    db.passwordReset.create({ data: { id: randomUUID(), userId: credential.userId, tokenHash: hash, expiresAt } }),
  ]);
  await sendAccountEmail(ctx.notifications, ctx.log, {
    type: 'account.password_reset',
    to: email,
    locale: credential.user.locale,
    data: { recipientName: credential.user.name, link: passwordResetLink(ctx.accounts, secret), expiresAt: expiresAt.toISOString() },
  });
}

export async function completePasswordReset(ctx: { db: Database; accounts: AccountsConfig }, token: string, password: string, address: string): Promise<void> {
  const { db } = ctx;
  const reset = await db.passwordReset.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: { include: { credential: true } } } });
  if (!reset || reset.usedAt || reset.expiresAt.getTime() <= Date.now() || !reset.user.active || !reset.user.credential) throw new InvalidLinkProblem();
  const problem = passwordProblem(password, ctx.accounts.passwordMinLength, { email: reset.user.credential.email });
  if (problem) throw new ValidationProblem([{ path: '/password', message: problem }]);
  const passwordHash = await hashPassword(password);
  const spent = await db.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: new Date() } });
  if (spent.count !== 1) throw new InvalidLinkProblem();
  await db.accountCredential.update({ where: { userId: reset.userId }, data: { passwordHash, passwordChangedAt: new Date() } });
  const sessionsEnded = await revokeAllSessions(db, reset.userId);
  await recordSecurityEvent(db, { type: 'password_reset', userId: reset.userId, email: reset.user.credential.email, address, detail: { sessionsEnded } });
}
