// Browser sessions: made at sign-in, found by the cookie's secret (its SHA-256), ended by sign-out,
// revocation, the idle timeout (no successful request for SESSION_IDLE_TIMEOUT) or the absolute one
// (SESSION_ABSOLUTE_TIMEOUT after sign-in, however active).
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AccountsConfig } from '../../platform/config';
import type { Database } from '../../platform/database';
import { csrfTokenFor, hashSecret, newSecret } from './secrets';

export type SessionMethod = 'password' | 'invitation' | 'sso';

export interface NewSession {
  id: string;
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

/** The client's address as Express sees it (honouring the app's trust proxy setting). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export async function createSession(
  db: Database,
  config: AccountsConfig,
  userId: string,
  method: SessionMethod,
  req: Pick<Request, 'headers'> & { ip?: string },
): Promise<NewSession> {
  const { secret, hash } = newSecret('session');
  const id = randomUUID();
  const now = Date.now();
  const expiresAt = new Date(now + config.session.absoluteTimeoutMs);
  const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null;
  await db.accountSession.create({
    data: { id, userId, secretHash: hash, method, userAgent, address: req.ip ?? null, createdAt: new Date(now), lastSeenAt: new Date(now), expiresAt },
  });
  return { id, secret, csrfToken: csrfTokenFor(secret), expiresAt };
}

export interface LiveSession {
  id: string;
  userId: string;
  csrfToken: string;
  lastSeenAt: Date;
}

/** The live session a cookie's secret belongs to, or null (unknown, revoked, idle too long, too old). */
export async function findLiveSession(db: Database, config: AccountsConfig, secret: string): Promise<LiveSession | null> {
  const row = await db.accountSession.findUnique({ where: { secretHash: hashSecret(secret) } });
  const now = Date.now();
  if (!row || row.revokedAt || row.expiresAt.getTime() <= now) return null;
  if (now - row.lastSeenAt.getTime() >= config.session.idleTimeoutMs) return null;
  return { id: row.id, userId: row.userId, csrfToken: csrfTokenFor(secret), lastSeenAt: row.lastSeenAt };
}

/**
 * Records activity for the idle timeout. Written at most once per touch interval (a tenth of the idle
 * timeout, at most a minute), not on every request.
 */
export async function touchSession(db: Database, config: AccountsConfig, session: LiveSession): Promise<void> {
  const interval = Math.min(60_000, config.session.idleTimeoutMs / 10);
  if (Date.now() - session.lastSeenAt.getTime() < interval) return;
  await db.accountSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: new Date() } });
}

export async function revokeSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.accountSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count > 0;
}

/** Ends every session of a user (password changed or reset), but `except` (the one that changed it). */
export async function revokeAllSessions(db: Database, userId: string, except?: string): Promise<number> {
  const result = await db.accountSession.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: new Date() },
  });
  return result.count;
}

export interface SessionView {
  id: string;
  method: string;
  userAgent: string | null;
  address: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

/** A person's live sessions, newest first (the secret is never shown: only its id). */
export async function listSessions(db: Database, config: AccountsConfig, userId: string, currentId?: string): Promise<SessionView[]> {
  const idleSince = new Date(Date.now() - config.session.idleTimeoutMs);
  const rows = await db.accountSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() }, lastSeenAt: { gt: idleSince } },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    userAgent: r.userAgent,
    address: r.address,
    createdAt: r.createdAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    current: r.id === currentId,
  }));
}
