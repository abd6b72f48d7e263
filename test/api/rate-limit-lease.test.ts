// The general rate limit's leases (api/rate-limit-lease.ts) against the run's real PostgreSQL: the
// chunk a claim takes, the claim statement taking exactly that, one claim for the concurrent requests
// of one process, the window's end, and the in-memory count when the database cannot be reached.
// Two API replicas sharing a budget over HTTP: test/api/security-hardening.test.ts.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { type Claimed, LeaseDatabase, LeasedBudget, leaseChunk } from '../../api/rate-limit-lease';
import { createLogger } from '../../platform/logger';

const log = createLogger('rate-limit-lease-test', 'silent');
const pools: Pool[] = [];

/** The claims one process makes, as the database answered them. */
class RecordingDatabase extends LeaseDatabase {
  readonly claims: (Claimed | Error)[] = [];

  override async claim(key: string, limit: number, windowMs: number): Promise<Claimed> {
    try {
      const claimed = await super.claim(key, limit, windowMs);
      this.claims.push(claimed);
      return claimed;
    } catch (error) {
      this.claims.push(error as Error);
      throw error;
    }
  }
}

function database(url = process.env.DATABASE_URL!): RecordingDatabase {
  const pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2_000, allowExitOnIdle: true });
  pools.push(pool);
  return new RecordingDatabase(pool, log);
}

async function pointsOf(key: string): Promise<number | undefined> {
  const rows = await pools[0]!.query<{ points: number }>('SELECT points FROM rate_limits WHERE key = $1', [key]);
  return rows.rows[0]?.points;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe('leaseChunk', () => {
  test('at most limit/50 and a tenth of what is left, at least 1 while anything is left', () => {
    expect(leaseChunk(3, 3)).toBe(1);
    expect(leaseChunk(3, 1)).toBe(1);
    expect(leaseChunk(3, 0)).toBe(0);
    expect(leaseChunk(100, 100)).toBe(2);
    expect(leaseChunk(100, 20)).toBe(2);
    expect(leaseChunk(100, 19)).toBe(1);
    expect(leaseChunk(600, 600)).toBe(12);
    expect(leaseChunk(600, 50)).toBe(5);
    expect(leaseChunk(600, 9)).toBe(1);
    expect(leaseChunk(1200, 1200)).toBe(24);
    expect(leaseChunk(100_000_000, 100_000_000)).toBe(2_000_000);
    expect(leaseChunk(100, -5)).toBe(0);
  });

  test('claimed one after another from 0, the chunks add up to exactly the limit', () => {
    const wrong: string[] = [];
    for (let limit = 1; limit <= 2000; limit++) {
      let claimed = 0;
      while (claimed < limit) {
        const chunk = leaseChunk(limit, limit - claimed);
        if (chunk < 1 || chunk > Math.max(1, Math.floor(limit / 50)) || chunk > Math.max(1, Math.floor((limit - claimed) / 10))) {
          wrong.push(`limit ${limit}, claimed ${claimed}: ${chunk}`);
          break;
        }
        claimed += chunk;
      }
      if (claimed !== limit || leaseChunk(limit, 0) !== 0) wrong.push(`limit ${limit}: claimed ${claimed}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('a leased budget', () => {
  test('its claims take what leaseChunk says, spend it in memory, and a spent budget is refused from memory', async () => {
    const db = database();
    const budget = new LeasedBudget('lease-test', 100, 60, db);
    const key = randomUUID();
    const remaining: number[] = [];
    for (let i = 0; i < 100; i++) {
      const verdict = await budget.consume(key);
      expect(verdict.refused).toBe(false);
      remaining.push(verdict.remaining);
    }
    // One process alone: its remaining counts down exactly.
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    const expected: number[] = [];
    for (let claimed = 0; claimed < 100; claimed += leaseChunk(100, 100 - claimed)) expected.push(leaseChunk(100, 100 - claimed));
    expect(db.claims.map((c) => (c as Claimed).granted)).toEqual(expected);
    expect(db.claims.length).toBeLessThan(70);
    expect(await pointsOf(`lease-test:${key}`)).toBe(100);

    const refused = await budget.consume(key);
    expect(refused).toMatchObject({ refused: true, remaining: 0 });
    expect(refused.msBeforeNext).toBeGreaterThan(50_000);
    const claims = db.claims.length;
    for (let i = 0; i < 5; i++) expect((await budget.consume(key)).refused).toBe(true);
    // The refusing claim was the last one: the rest came from memory.
    expect(db.claims.length).toBe(claims);
    expect(db.claims.at(-1)).toMatchObject({ granted: 0, points: 100 });
  });

  test('concurrent requests for a fresh key wait on one claim', async () => {
    const db = database();
    const budget = new LeasedBudget('lease-test', 1000, 60, db);
    const key = randomUUID();
    const verdicts = await Promise.all(Array.from({ length: 15 }, () => budget.consume(key)));
    expect(db.claims).toHaveLength(1);
    expect(db.claims[0]).toMatchObject({ granted: 20, points: 20 });
    expect(verdicts.every((v) => !v.refused)).toBe(true);
    expect(verdicts.map((v) => v.remaining).sort((a, b) => b - a)).toEqual(Array.from({ length: 15 }, (_, i) => 999 - i));
    expect(await pointsOf(`lease-test:${key}`)).toBe(20);

    // More at once than a chunk: one claim after another, each shared by those still waiting.
    const more = randomUUID();
    await Promise.all(Array.from({ length: 50 }, () => budget.consume(more)));
    expect(db.claims.slice(1).map((c) => (c as Claimed).granted)).toEqual([20, 20, 20]);
  });

  test('two processes never lease more than the limit between them', async () => {
    const [db1, db2] = [database(), database()];
    const replicas = [new LeasedBudget('lease-test', 100, 60, db1), new LeasedBudget('lease-test', 100, 60, db2)];
    const key = randomUUID();
    const verdicts = await Promise.all(Array.from({ length: 160 }, (_, i) => replicas[i % 2]!.consume(key)));
    const served = verdicts.filter((v) => !v.refused).length;
    expect(served).toBeLessThanOrEqual(100);
    // Refused early by at most one chunk (100/50) of the other's unspent lease.
    expect(served).toBeGreaterThanOrEqual(98);
    expect(await pointsOf(`lease-test:${key}`)).toBe(100);
    expect(verdicts.every((v) => v.remaining >= 0)).toBe(true);
  });

  test('a lease ends with its window; the next window starts from the full budget', async () => {
    const db = database();
    const budget = new LeasedBudget('lease-test', 2, 1, db);
    const key = randomUUID();
    expect((await budget.consume(key)).refused).toBe(false);
    expect((await budget.consume(key)).refused).toBe(false);
    const refused = await budget.consume(key);
    expect(refused.refused).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, refused.msBeforeNext + 50));
    expect(await budget.consume(key)).toMatchObject({ refused: false, remaining: 1 });
    expect(await pointsOf(`lease-test:${key}`)).toBe(1);
  });

  test('without the database, a budget counts in memory: never an error, still the limit', async () => {
    // Nothing listens on port 1: each connection is refused at once.
    const db = database('postgresql://postgres@127.0.0.1:1/none');
    const budget = new LeasedBudget('lease-test', 3, 60, db);
    const key = randomUUID();
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => budget.consume(key)));
    expect(verdicts.map((v) => v.refused)).toEqual([false, false, false, true, true]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0, 0]);
    // One failed claim, then memory for a while: an outage does not make each request wait on a connection.
    expect(db.claims).toHaveLength(1);
    // (An Error of another realm: pg's, not jest's.)
    expect(db.claims[0]).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
  });
});
