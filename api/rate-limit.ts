// The general rate limit of every route (sign-in has its own, stricter one). Two budgets per window:
// one per bearer token (so per principal: a token is one user's), one per client address (everyone,
// with or without a token). The budgets live in PostgreSQL (the `rate_limits` table, made by a
// migration), so that every API replica draws on the same budget, but each process leases chunks of
// them and counts requests in memory (api/rate-limit-lease.ts): a claim every limit/50 requests or so,
// not two upserts before every request, and never more than the limit in total across replicas.
// If PostgreSQL cannot be reached the budgets fall back to this process's memory: a database outage
// must not turn every request into a 500 or lift the limit.
//
// Every limited answer carries RateLimit-Limit / -Remaining / -Reset / -Policy (IETF draft
// "RateLimit header fields for HTTP", the budget closest to running out); a refused one is a 429
// problem+json with Retry-After. Liveness and readiness probes are never limited: a 429 there would
// take a healthy instance out of its load balancer.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Pool } from 'pg';
import type { RateLimitConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { bearerToken } from './auth/tokens';
import { ProblemError } from './errors';
import { LeaseDatabase, LeasedBudget, RATE_LIMIT_TABLE, type Verdict } from './rate-limit-lease';
import { markPhase } from './server-timing';

const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);
const SWEEP_EVERY_MS = 60 * 60_000;

/** A stable key for a token that is not the token: a counter row must not hold a credential. */
function tokenKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

function setHeaders(res: Response, limit: number, verdict: Verdict, windowSeconds: number): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(verdict.remaining));
  res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(verdict.msBeforeNext / 1000))));
  res.setHeader('RateLimit-Policy', `${limit};w=${windowSeconds}`);
}

/**
 * The middleware, and the pool it claims with. One pool per API process, small and separate from
 * Prisma's (the claims speak to node-postgres directly); idle connections close on their own and never
 * keep the process alive.
 */
export function createRateLimit(config: RateLimitConfig, databaseUrl: string, log: Logger): RequestHandler {
  // Short timeouts: an unreachable database must make the limiter fall back to memory, not hang requests.
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 4,
    idleTimeoutMillis: 5_000,
    allowExitOnIdle: true,
    connectionTimeoutMillis: 2_000,
    query_timeout: 2_000,
    // A claim needs no durability (a crash loses at most a moment of claims), and requests wait on
    // claims: waiting for the WAL flush of each would make them wait for a disk sync, and the rows every
    // client shares (one address behind a proxy) would be locked through it, serialising the whole API
    // behind the disk (test/faults F6 on npm start's durable embedded database).
    options: '-c synchronous_commit=off',
  });
  // An idle connection the server closed (a restart) is reported here; the next query reconnects.
  pool.on('error', (error) => log.warn({ err: error }, 'rate-limit database connection lost'));
  const database = new LeaseDatabase(pool, log);
  const perToken = new LeasedBudget('token', config.perToken, config.windowSeconds, database);
  const perAddress = new LeasedBudget('address', config.perAddress, config.windowSeconds, database);
  // Budget rows of keys no longer seen are deleted at most every SWEEP_EVERY_MS, by a request: both
  // budgets share the table, so one sweep clears both. A failed sweep is only logged: the next one retries.
  let lastSweep = Date.now();
  const sweepExpired = () => {
    const now = Date.now();
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    pool
      .query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [now - SWEEP_EVERY_MS])
      .catch((error: unknown) => log.warn({ err: error }, 'rate-limit sweep failed'));
  };

  return (req: Request, res: Response, next: NextFunction) => {
    if (UNLIMITED_PATHS.has(req.path)) return next();
    sweepExpired();
    const token = bearerToken(req.headers.authorization);
    const checks: [LeasedBudget, string][] = [[perAddress, req.ip ?? req.socket.remoteAddress ?? 'unknown']];
    if (token) checks.push([perToken, tokenKey(token)]);

    // Both budgets are spent, as before, even when one of them refuses.
    Promise.all(checks.map(([b, key]) => b.consume(key).then((verdict) => ({ b, verdict }))))
      .then((results) => {
        markPhase(res, 'rate-limit');
        const refused = results.find((r) => r.verdict.refused);
        const tightest = refused ?? results.reduce((a, r) => (r.verdict.remaining / r.b.limit < a.verdict.remaining / a.b.limit ? r : a));
        setHeaders(res, tightest.b.limit, tightest.verdict, config.windowSeconds);
        if (!refused) return next();
        const retryAfter = Math.max(1, Math.ceil(refused.verdict.msBeforeNext / 1000));
        res.setHeader('Retry-After', String(retryAfter));
        req.log?.warn({ budget: refused.b.name }, 'rate limit reached');
        next(
          new ProblemError(
            429,
            'rate-limited',
            'Too many requests',
            `The ${refused.b.name === 'token' ? 'token' : 'client address'} made more than ${refused.b.limit} requests in ${config.windowSeconds} s; retry after ${retryAfter} s.`,
          ),
        );
      })
      .catch(next);
  };
}
