// Failed sign-ins are limited per account and client address together (SIGN_IN_MAX_FAILURES, default
// 50: then the pair is locked for SIGN_IN_LOCKOUT) and per client address alone (a spray over many
// accounts), with rate-limiter-flexible's RateLimiterPostgres, so every API replica sees the same
// counts. The counters live in sign_in_limits (made by a migration: the app's role needs no CREATE);
// keys are SHA-256 digests, so the table holds no e-mail or address. The e-mail is counted whether an
// account has it or not: an unknown address locks exactly like a known one.
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { AccountsConfig } from '../../platform/config';

export const SIGN_IN_LIMITS_TABLE = 'sign_in_limits';

export type SignInGate = { locked: false } | { locked: true; retryAfterSeconds: number };

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export class SignInLimiter {
  private readonly accountAtAddress: RateLimiterPostgres;
  private readonly address: RateLimiterPostgres;

  constructor(
    pool: Pool,
    private readonly limits: AccountsConfig['signIn'],
  ) {
    const common = { storeClient: pool, storeType: 'pool', tableName: SIGN_IN_LIMITS_TABLE, tableCreated: true, clearExpiredByTimeout: false };
    const duration = Math.max(1, Math.ceil(limits.failureWindowMs / 1000));
    const blockDuration = Math.max(1, Math.ceil(limits.lockoutMs / 1000));
    this.accountAtAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'account-address', points: limits.maxFailures, duration, blockDuration });
    this.address = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: limits.maxFailuresPerAddress, duration, blockDuration });
  }

  private keys(email: string, address: string) {
    return { pair: digest(email, address), address: digest(address) };
  }

  /** Locked: the pair or the address used up its failures; the answer says for how long. */
  async gate(email: string, address: string): Promise<SignInGate> {
    const keys = this.keys(email, address);
    const [pair, byAddress] = await Promise.all([this.accountAtAddress.get(keys.pair), this.address.get(keys.address)]);
    const waits = [
      pair && pair.consumedPoints >= this.limits.maxFailures ? pair.msBeforeNext : 0,
      byAddress && byAddress.consumedPoints >= this.limits.maxFailuresPerAddress ? byAddress.msBeforeNext : 0,
    ];
    const wait = Math.max(...waits);
    return wait > 0 ? { locked: true, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) } : { locked: false };
  }

  /** Counts a failure; true when this failure used up the pair's allowance and locked it. */
  async failed(email: string, address: string): Promise<boolean> {
    const keys = this.keys(email, address);
    const [pair] = await Promise.all([consumeOne(this.accountAtAddress, keys.pair), consumeOne(this.address, keys.address)]);
    if (pair.consumedPoints >= this.limits.maxFailures) {
      // The lock starts now and lasts SIGN_IN_LOCKOUT, whatever was left of the counting window.
      await this.accountAtAddress.block(keys.pair, Math.max(1, Math.ceil(this.limits.lockoutMs / 1000)));
      return pair.consumedPoints === this.limits.maxFailures;
    }
    return false;
  }

  /** A correct password clears the pair's count (not the address's: a spray keeps counting). */
  async succeeded(email: string, address: string): Promise<void> {
    await this.accountAtAddress.delete(this.keys(email, address).pair);
  }
}

/** consume() rejects with the limiter's result once over the limit; either way the result is what we need. */
async function consumeOne(limiter: RateLimiterPostgres, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key, 1);
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection; // a database error, not a limit
    return rejection as RateLimiterRes;
  }
}

const limiters = new Map<string, SignInLimiter>();

/**
 * One limiter (and one small pg pool) per database and limits, made on the first sign-in: processes that
 * never sign anyone in (and tests with a stand-in database) open no connection.
 */
export function signInLimiter(databaseUrl: string, limits: AccountsConfig['signIn']): SignInLimiter {
  const key = `${databaseUrl}\n${JSON.stringify(limits)}`;
  let limiter = limiters.get(key);
  if (!limiter) {
    const pool = new Pool({ connectionString: databaseUrl, max: 3, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
    pool.on('error', () => undefined); // an idle connection dropped by the server: the pool replaces it
    limiter = new SignInLimiter(pool, limits);
    limiters.set(key, limiter);
  }
  return limiter;
}
