// Signing in with e-mail and password (POST /v1/session). What an attacker learns is the same whether
// the account exists or not: the same 401 problem, and the same work (an argon2id verification against
// a dummy hash when there is no account; the limiter counts the e-mail either way). Failures count per
// account and address (and per address); a locked pair answers 429 until its lockout ends, even with the
// right password. Every outcome lands in the security log.
import type { Request } from 'express';
import type { AccountsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import type { SignInLimiter } from './brute-force';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './passwords';
import { InvalidCredentialsProblem, SignInLockedProblem } from './problems';
import { clientAddress, createSession, type NewSession } from './sessions';
import { recordSecurityEvent } from './security-events';

export interface SignInContext {
  db: Database;
  accounts: AccountsConfig;
  limiter: SignInLimiter;
  req: Request;
}

/** Verifies a user's password; the limiter and the log around it are the caller's. */
export async function checkPassword(db: Database, email: string, password: string): Promise<{ userId: string } | null> {
  const credential = await db.accountCredential.findUnique({ where: { email }, include: { user: { select: { active: true } } } });
  if (!credential?.passwordHash) {
    await verifyAgainstNothing(password);
    return null;
  }
  const ok = await verifyPassword(credential.passwordHash, password);
  if (!ok || !credential.user.active) return null;
  if (needsRehash(credential.passwordHash)) {
    await db.accountCredential.update({ where: { userId: credential.userId }, data: { passwordHash: await hashPassword(password) } });
  }
  return { userId: credential.userId };
}

export async function signIn(ctx: SignInContext, email: string, password: string): Promise<{ userId: string; session: NewSession }> {
  const { db, limiter, req } = ctx;
  const address = clientAddress(req);
  const gate = await limiter.gate(email, address);
  if (gate.locked) {
    await recordSecurityEvent(db, { type: 'sign_in_failed', email, address, detail: { reason: 'locked' } });
    throw new SignInLockedProblem(gate.retryAfterSeconds);
  }
  const verified = await checkPassword(db, email, password);
  if (!verified) {
    const lockedNow = await limiter.failed(email, address);
    await recordSecurityEvent(db, { type: 'sign_in_failed', email, address, detail: { reason: 'invalid_credentials' } });
    if (lockedNow) {
      await recordSecurityEvent(db, { type: 'locked_out', email, address, detail: { lockoutSeconds: Math.ceil(ctx.accounts.signIn.lockoutMs / 1000) } });
    }
    throw new InvalidCredentialsProblem();
  }
  await limiter.succeeded(email, address);
  const session = await createSession(db, ctx.accounts, verified.userId, 'password', { headers: req.headers, ip: address });
  await recordSecurityEvent(db, { type: 'sign_in', userId: verified.userId, email, address, detail: { method: 'password', sessionId: session.id } });
  return { userId: verified.userId, session };
}
