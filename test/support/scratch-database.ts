// A throwaway database per test file (or per test run) on the server in TEST_POSTGRES_URL, so tests
// never share state with each other or with a developer's own database.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

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
  const stem = prefix.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40) || 'scratch';
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
