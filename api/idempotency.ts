// Idempotency-Key for every POST: a repeat with the same key and body replays the first response; the
// same key with another body is refused (422). Keys are scoped to the caller and expire (24 h; expired
// ones are purged now and then). A refused request (4xx) releases its key. Handlers that create
// resources derive their ids from caller, key and body (deterministicId), so even a request whose
// response was never stored (a crash in between) re-runs onto the same resource and the same workflow
// id instead of a second one. A response holding a secret shown once is stored as its `replayBody`.
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { Prisma } from '../prisma/generated/client';
import { isUniqueViolation } from '../platform/database-errors';
import type { Principal } from './auth/principal';
import type { ApiDependencies } from './dependencies';
import { ConflictProblem, UnprocessableProblem, ValidationProblem } from './errors';
import type { HandlerResult } from './routing';
import { markPhase } from './server-timing';
import { canonicalJson } from '../core/canonical-json';
import { uuidFromDigest } from '../core/name-based-id';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** One stored response in this many triggers a purge of expired keys, so the table stays bounded. */
const PURGE_ONE_IN = 50;
const PURGE_BATCH = 500;
/** A claimed key with no stored response after this long belongs to a request that died mid-way. */
const ABANDONED_AFTER_MS = 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKey(req: Request): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new ValidationProblem([{ path: 'headers/idempotency-key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return key;
}

function scopeOf(principal: Principal | null): string {
  return principal?.userId ?? 'anonymous';
}

function requestHash(req: Request): string {
  return (
    createHash('sha256')
      // Canonical (core/canonical-json.ts): {"a":1,"b":2} and {"b":2,"a":1} are the same request.
      .update(`${req.method} ${req.baseUrl}${req.path}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex')
  );
}

/**
 * A resource id that is the same for every retry of one idempotent request, and random otherwise.
 * It is derived from the caller, the key and the request itself (path and body), so a key reused for
 * another request after it expired makes a new resource instead of colliding with the old one.
 */
export function deterministicId(req: Request, principal: Principal | null): string {
  const key = idempotencyKey(req);
  if (!key) return randomUUID();
  return uuidFromDigest(
    createHash('sha256')
      .update(`${scopeOf(principal)}\n${requestHash(req)}\n${key}`)
      .digest('hex'),
  );
}

export async function idempotent(req: Request, principal: Principal | null, run: () => Promise<HandlerResult>, deps: ApiDependencies): Promise<HandlerResult> {
  const key = idempotencyKey(req);
  if (!key) return run();
  const scope = scopeOf(principal);
  const hash = requestHash(req);
  const where = { scope_key: { scope, key } };

  for (let attempt = 0; ; attempt++) {
    try {
      await deps.db.idempotencyRecord.create({
        data: {
          scope,
          key,
          method: req.method,
          path: req.baseUrl + req.path,
          requestHash: hash,
          expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
        },
      });
      break;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt > 2) throw error;
    }
    const existing = await deps.db.idempotencyRecord.findUnique({ where });
    if (!existing) continue; // expired and purged in between: claim again
    const abandoned = existing.responseStatus === null && Date.now() - existing.createdAt.getTime() > ABANDONED_AFTER_MS;
    if (existing.expiresAt.getTime() < Date.now() || abandoned) {
      await deps.db.idempotencyRecord.deleteMany({ where: { scope, key, createdAt: existing.createdAt } });
      continue;
    }
    if (existing.requestHash !== hash) {
      throw new UnprocessableProblem(
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    if (existing.responseStatus === null) {
      throw new ConflictProblem('A request with this Idempotency-Key is still in progress; retry shortly.');
    }
    return {
      status: existing.responseStatus,
      body: existing.responseBody ?? undefined,
      headers: { ...((existing.responseHeaders as Record<string, string> | null) ?? {}), 'idempotent-replayed': 'true' },
    };
  }

  markPhase(req.res, 'idempotency-claim');
  let result: HandlerResult;
  try {
    result = await run();
  } catch (error) {
    // A refused or failed request is not "the" answer for this key: release it so a corrected retry runs.
    await deps.db.idempotencyRecord.delete({ where }).catch(() => undefined);
    throw error;
  }
  if (result.status >= 400) {
    await deps.db.idempotencyRecord.delete({ where }).catch(() => undefined);
    return result;
  }
  // A body with a secret shown once (an API token) is stored as its replayBody: never the secret.
  const stored = result.replayBody !== undefined ? result.replayBody : result.body;
  const response = {
    responseStatus: result.status,
    responseBody: (stored ?? Prisma.JsonNull) as Prisma.InputJsonValue,
    responseHeaders: (result.headers ?? {}) as Prisma.InputJsonValue,
  };
  // While this request ran (an Update waiting for a worker can take minutes), a retry may have taken its
  // claim over as abandoned and released it again on a failure: then no row is left to update, and a
  // plain update turned this success into a 500 (found by test/faults F1). The answer is still this
  // key's answer (same request, same workflow and update ids): record it unless another request with a
  // different body holds the key by now.
  const recorded = await deps.db.idempotencyRecord.updateMany({ where: { scope, key, requestHash: hash }, data: response });
  if (recorded.count === 0) {
    await deps.db.idempotencyRecord
      .create({
        data: {
          scope,
          key,
          method: req.method,
          path: req.baseUrl + req.path,
          requestHash: hash,
          expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
          ...response,
        },
      })
      .catch((error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
      });
  }
  markPhase(req.res, 'idempotency-store');
  if (Math.random() * PURGE_ONE_IN < 1) {
    purgeExpiredIdempotencyRecords(deps.db).catch((error: unknown) => req.log.warn({ err: error }, 'purging expired idempotency keys failed'));
  }
  return result;
}

/**
 * Deletes up to `limit` expired keys (oldest expiry first, along the expires_at index) and answers how
 * many. Called now and then by idempotent(); a key that expired is also replaced when it comes back.
 */
export async function purgeExpiredIdempotencyRecords(db: ApiDependencies['db'], limit = PURGE_BATCH): Promise<number> {
  return db.$executeRaw`
    DELETE FROM idempotency_records WHERE (scope, key) IN (
      SELECT scope, key FROM idempotency_records WHERE expires_at < now() ORDER BY expires_at LIMIT ${limit}
    )`;
}
