// Leases of the general rate limit's budgets (api/rate-limit.ts): one budget per key and fixed window,
// shared by every API replica through its row in `rate_limits`, but not counted there request by
// request. An API process claims a chunk of the window's budget in ONE atomic upsert and spends it in
// its own memory, going back to PostgreSQL only when the chunk is spent or the window ended. Counting
// every request in PostgreSQL (rate-limiter-flexible's RateLimiterPostgres, what this replaced) cost two
// upserts before every route: 1.5-2.4 ms of a request alone and ~40 ms at 50 concurrent clients, queued
// on the pool and the database (bench/b2-latency.ts, phase `rate-limit`). rate-limiter-flexible has no
// lease or claim mode, hence this file.
//
// The row's `points` is what the replicas together have claimed of the window's budget; a claim takes
// min(chunk, limit - points) (leaseChunk), so the total claimed never exceeds the limit: there is no
// overshoot across replicas. What a lease costs is that budget claimed by one replica and not spent
// there is not available to another: a replica may refuse early, by at most one chunk per other
// replica. Chunks are at most limit/50, and shrink to a tenth of what is left unclaimed, so down to 1
// near the end (with a limit under 100 every request claims, exactly as counting each one would).
// Concurrent requests of one process for one key wait on one claim in flight, not one claim each.
//
// Windows are fixed as before: a key's window begins at the first claim after the previous one ended
// and lasts the window's length (`expire`, epoch ms); a lease belongs to its window and ends with it.
// A key the database had nothing left for is refused from memory until its window ends (no database
// write per request of a client that keeps hammering). If PostgreSQL cannot be reached, a budget counts
// in this process's memory (the insurance limiter, as RateLimiterPostgres did), so that an outage
// neither answers 500 nor lifts the limit; the database is tried again after a short pause.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Pool } from 'pg';
import type { Logger } from '../platform/logger';

export const RATE_LIMIT_TABLE = 'rate_limits';
/** A chunk is at most this fraction of the limit... */
const CHUNKS_PER_LIMIT = 50;
/** ...and of what is left unclaimed, so that the end of a budget is claimed almost one by one. */
const CHUNKS_PER_UNCLAIMED = 10;
/** After a failed claim, budgets count in memory this long before the database is tried again. */
const DATABASE_RETRY_MS = 1_000;

/**
 * How much of a budget of `limit` one claim takes when `unclaimed` of it is left: at most limit/50 and
 * a tenth of what is left, at least 1 while anything is left, 0 when nothing is. The claim statement
 * below computes the same in SQL, atomically with reading the row.
 */
export function leaseChunk(limit: number, unclaimed: number): number {
  if (unclaimed <= 0) return 0;
  return Math.min(Math.max(1, Math.floor(limit / CHUNKS_PER_LIMIT)), Math.max(1, Math.floor(unclaimed / CHUNKS_PER_UNCLAIMED)), unclaimed);
}

/** A budget's answer for one request. */
export interface Verdict {
  refused: boolean;
  /** What is left of the budget as this process knows it: the limit less all claims, plus its own unspent lease. */
  remaining: number;
  /** Until the window ends. */
  msBeforeNext: number;
}

export interface Claimed {
  /** All replicas' claims in the window, this one's included. */
  points: number;
  /** The window's end, epoch ms. */
  expire: number;
  /** What this claim took: 0 when nothing was left. */
  granted: number;
}

/**
 * The claim: one upsert. A new key, or one whose window ended, starts a window with the first chunk;
 * otherwise the chunk is taken from what is left. Every right-hand side reads the row as it was before
 * this update (PostgreSQL evaluates SET against the old row, under the row lock), so concurrent claims
 * from several replicas are serialised on the row and never take more than the limit together. The
 * chunk it took is stored in last_claim because RETURNING sees only the new row.
 * $1 key, $2 first chunk of a window, $3 the new window's end, $4 now, $5 limit/50, $6 limit.
 */
const NEW_WINDOW = 'r.expire IS NULL OR r.expire <= $4';
/** leaseChunk's formula over the row as it was: at most $5, a tenth of what is left (at least 1), never more than is left. */
const CHUNK = `GREATEST(0, LEAST($5::int, GREATEST(1, ($6::int - r.points) / ${CHUNKS_PER_UNCLAIMED}), $6::int - r.points))`;
const CLAIM = `
  INSERT INTO ${RATE_LIMIT_TABLE} AS r (key, points, expire, last_claim) VALUES ($1, $2, $3, $2)
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN ${NEW_WINDOW} THEN $2 ELSE r.points + ${CHUNK} END,
    last_claim = CASE WHEN ${NEW_WINDOW} THEN $2 ELSE ${CHUNK} END,
    expire = CASE WHEN ${NEW_WINDOW} THEN $3 ELSE r.expire END
  RETURNING points, expire, last_claim`;

/** The database side of every budget of one process: its pool, and whether it is reachable just now. */
export class LeaseDatabase {
  private retryAt = 0;

  constructor(
    readonly pool: Pool,
    private readonly log: Logger,
  ) {}

  /** False for a short while after a claim failed: budgets count in memory meanwhile. */
  available(now: number): boolean {
    return now >= this.retryAt;
  }

  async claim(key: string, limit: number, windowMs: number): Promise<Claimed> {
    const now = Date.now();
    try {
      const result = await this.pool.query<{ points: number; expire: string; last_claim: number }>({
        name: 'rate-limit-claim',
        text: CLAIM,
        values: [key, leaseChunk(limit, limit), now + windowMs, now, Math.max(1, Math.floor(limit / CHUNKS_PER_LIMIT)), limit],
      });
      const row = result.rows[0]!;
      return { points: row.points, expire: Number(row.expire), granted: row.last_claim };
    } catch (error) {
      if (this.available(Date.now())) this.log.warn({ err: error }, 'rate-limit claim failed: counting in memory for now');
      this.retryAt = Date.now() + DATABASE_RETRY_MS;
      throw error;
    }
  }
}

interface Lease {
  /** The window the lease belongs to: its end, epoch ms (the row's expire). */
  windowEnd: number;
  /** The row's points after this process's latest claim. */
  claimed: number;
  /** Claimed by this process and not yet spent. */
  unspent: number;
  /** The database had nothing left for this window: refused from memory until it ends. */
  refused: boolean;
  /** The claim in flight that every request for this key waits on; resolves false if the database failed. */
  claiming?: Promise<boolean>;
}

/** One budget (per token, per client address): `limit` requests per window for every key, leased. */
export class LeasedBudget {
  private readonly leases = new Map<string, Lease>();
  private readonly insurance: RateLimiterMemory;
  private readonly windowMs: number;
  private lastPrune = Date.now();

  constructor(
    readonly name: string,
    readonly limit: number,
    windowSeconds: number,
    private readonly database: LeaseDatabase,
  ) {
    this.windowMs = windowSeconds * 1000;
    this.insurance = new RateLimiterMemory({ keyPrefix: name, points: limit, duration: windowSeconds });
  }

  /** Spend one request of `key`'s budget. Never rejects: a database failure counts in memory instead. */
  async consume(key: string): Promise<Verdict> {
    const rowKey = `${this.name}:${key}`;
    for (;;) {
      const now = Date.now();
      this.prune(now);
      let lease = this.leases.get(rowKey);
      if (lease?.claiming) {
        if (!(await lease.claiming)) return this.insured(key);
        continue; // the claim's chunk may already be spent by the requests that waited with this one
      }
      if (lease && lease.windowEnd <= now) {
        this.leases.delete(rowKey);
        lease = undefined;
      }
      if (lease?.refused) return { refused: true, remaining: 0, msBeforeNext: lease.windowEnd - now };
      if (lease && lease.unspent > 0) {
        lease.unspent -= 1;
        return { refused: false, remaining: Math.max(0, this.limit - lease.claimed + lease.unspent), msBeforeNext: lease.windowEnd - now };
      }
      if (!this.database.available(now)) return this.insured(key);
      const claiming: Lease = lease ?? { windowEnd: 0, claimed: 0, unspent: 0, refused: false };
      claiming.claiming = this.claim(rowKey, claiming);
      this.leases.set(rowKey, claiming);
    }
  }

  private async claim(rowKey: string, lease: Lease): Promise<boolean> {
    try {
      const claimed = await this.database.claim(rowKey, this.limit, this.windowMs);
      if (claimed.expire !== lease.windowEnd) {
        // A new window (begun here or by another replica): what was left of the old one is gone.
        lease.windowEnd = claimed.expire;
        lease.unspent = 0;
      }
      lease.claimed = claimed.points;
      lease.unspent += claimed.granted;
      lease.refused = lease.unspent === 0;
      return true;
    } catch {
      // Logged by LeaseDatabase; a placeholder lease (windowEnd 0) is dropped by the next request.
      return false;
    } finally {
      lease.claiming = undefined;
    }
  }

  /** The in-memory count while PostgreSQL cannot be reached. */
  private async insured(key: string): Promise<Verdict> {
    try {
      const state = await this.insurance.consume(key);
      return { refused: false, remaining: state.remainingPoints, msBeforeNext: state.msBeforeNext };
    } catch (outcome) {
      // The library rejects with the counter state when the budget is spent.
      if (outcome instanceof RateLimiterRes) return { refused: true, remaining: 0, msBeforeNext: outcome.msBeforeNext };
      throw outcome;
    }
  }

  /** Leases of ended windows are dropped once per window length, so keys no longer seen do not pile up. */
  private prune(now: number): void {
    if (now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    for (const [key, lease] of this.leases) if (lease.windowEnd <= now && !lease.claiming) this.leases.delete(key);
  }
}
