// Changing one's password (POST /v1/me/password): the current password is required (and its failures
// count like sign-in failures), the new one must pass the policy; every other session of the person
// ends (the one that changed it stays signed in).
import type { Request } from 'express';
import type { AccountsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { ValidationProblem } from '../errors';
import type { Principal } from '../auth/principal';
import type { SignInLimiter } from './brute-force';
import { hashPassword, passwordProblem } from './passwords';
import { InvalidCredentialsProblem, SignInLockedProblem } from './problems';
import { checkPassword } from './sign-in';
import { clientAddress, revokeAllSessions } from './sessions';
import { recordSecurityEvent } from './security-events';
import { UnprocessableProblem } from '../errors';

export async function changePassword(
  ctx: { db: Database; accounts: AccountsConfig; limiter: SignInLimiter; req: Request },
  principal: Principal,
  currentPassword: string,
  newPassword: string,
): Promise<{ sessionsEnded: number }> {
  const { db, limiter } = ctx;
  const credential = await db.accountCredential.findUnique({ where: { userId: principal.userId } });
  if (!credential?.passwordHash) {
    throw new UnprocessableProblem(
      'no-password',
      'No password to change',
      'This account has no password (it signs in with single sign-on or an API token); use a password reset link to set one.',
    );
  }
  const address = clientAddress(ctx.req);
  const gate = await limiter.gate(credential.email, address);
  if (gate.locked) throw new SignInLockedProblem(gate.retryAfterSeconds);
  if (!(await checkPassword(db, credential.email, currentPassword))) {
    await limiter.failed(credential.email, address);
    await recordSecurityEvent(db, {
      type: 'sign_in_failed',
      userId: principal.userId,
      email: credential.email,
      address,
      detail: { reason: 'wrong_current_password' },
    });
    throw new InvalidCredentialsProblem();
  }
  const problem = passwordProblem(newPassword, ctx.accounts.passwordMinLength, { email: credential.email });
  if (problem) throw new ValidationProblem([{ path: '/newPassword', message: problem }]);
  await db.accountCredential.update({
    where: { userId: principal.userId },
    data: { passwordHash: await hashPassword(newPassword), passwordChangedAt: new Date() },
  });
  const current = principal.credential?.kind === 'session' ? principal.credential.sessionId : undefined;
  const sessionsEnded = await revokeAllSessions(db, principal.userId, current);
  await recordSecurityEvent(db, { type: 'password_changed', userId: principal.userId, email: credential.email, address, detail: { sessionsEnded } });
  return { sessionsEnded };
}
