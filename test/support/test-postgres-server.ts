// The PostgreSQL server the tests make their scratch databases on: the one at TEST_POSTGRES_URL (default
// 127.0.0.1:5432) when it answers, else the embedded PostgreSQL `npm start` uses, started once for the
// run in a temporary folder. TEST_POSTGRES_URL is then pointed at it, so scratch-database.ts and the
// jest workers (which inherit the environment of global-setup) all use it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../devtools/embedded-postgres';
import type { Logger } from '../../platform/logger';
import { DEFAULT_TEST_POSTGRES_URL } from './scratch-database';

export interface TestPostgresServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

// Errors that mean "no server there", as opposed to a server that refuses us (which must not be hidden).
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT']);

async function unreachable(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && UNREACHABLE.has(code)) return code;
    if (/timeout/i.test((error as Error).message)) return 'timeout';
    throw new Error(`The test PostgreSQL server (TEST_POSTGRES_URL=${url}) refused the connection: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureTestPostgresServer(log: Logger): Promise<TestPostgresServer> {
  const configured = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
  const reason = await unreachable(configured);
  if (!reason) return { url: configured, embedded: false, stop: async () => undefined };

  const dir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-test-pg-'));
  // As root the server runs as an unprivileged user, who must be able to pass through this folder.
  chmodSync(dir, 0o755);
  process.stderr.write(`No PostgreSQL answers at ${configured} (${reason}): the tests use an embedded PostgreSQL in ${dir}\n`);
  const server = await startEmbeddedPostgres({ dataDir: dir, port: 0, log, durable: false });
  const previous = process.env.TEST_POSTGRES_URL;
  process.env.TEST_POSTGRES_URL = server.url;
  return {
    url: server.url,
    embedded: true,
    async stop() {
      await server.stop();
      if (previous === undefined) delete process.env.TEST_POSTGRES_URL;
      else process.env.TEST_POSTGRES_URL = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
