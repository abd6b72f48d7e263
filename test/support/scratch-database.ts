// A throwaway database per test file (or per test run) on the server in TEST_POSTGRES_URL, so tests
// never share state with each other or with a developer's own database.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { applicationUrl, ensureApplicationRole } from '../../platform/database-roles';
import type { Logger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';

export const DEFAULT_TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

async function withAdminClient<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect().catch((error: Error) => {
    throw new Error(`Cannot reach the test PostgreSQL server (TEST_POSTGRES_URL): ${error.message || String(error)}`);
  });
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  // Lower case and no quotes needed; the random tail keeps parallel jest workers apart; 63 bytes at most.
  const stem =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 40) || 'scratch';
  const name = `${stem}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));

  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE (PostgreSQL 13+) terminates leftover connections, such as a pool a failed test never closed.
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

export interface ApplicationDatabase extends ScratchDatabase {
  /** The owner's URL (the server's superuser): for migrations and for tests that play an attacker. */
  ownerUrl: string;
  /** The restricted application role, made for this database alone. */
  role: string;
}

/**
 * A scratch database migrated by its owner, with an application role of its own (platform/database-roles.ts)
 * that `url` logs in as: tests then prove the system works with exactly the grants production gives.
 * Roles are cluster-wide, so the role is named after the database (unique per run) and dropped with it.
 */
export async function createApplicationDatabase(prefix: string, log: Logger): Promise<ApplicationDatabase> {
  const database = await createScratchDatabase(prefix);
  const role = `${database.name}_app`;
  let roleMade = false;
  const drop = async () => {
    await database.drop();
    if (roleMade) await withAdminClient((client) => client.query(`DROP ROLE IF EXISTS "${role}"`));
  };
  try {
    const password = randomBytes(18).toString('base64url');
    await ensureApplicationRole(database.url, role, password);
    roleMade = true;
    await migrate(database.url, { log, grantTo: role });
    return { url: applicationUrl(database.url, role, password), name: database.name, ownerUrl: database.url, role, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
