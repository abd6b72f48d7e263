// Prisma 7 over node-postgres: the prisma-client generator with a driver adapter needs no query-engine binary, so it runs offline.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';

export type Database = PrismaClient;

const TRANSACTION_START_WAIT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 20_000;

export function createDatabase(url: string, options: { maxConnections?: number; keepIdleConnections?: boolean } = {}): Database {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // node-postgres closes a connection idle for 10 s; kept, the next query needs no new server process.
    ...(options.keepIdleConnections ? { idleTimeoutMillis: 0 } : {}),
  });
  // Prisma's defaults (2 s to start an interactive transaction, 5 s to finish it) failed on a loaded
  // 2-core machine with the embedded server; a slow start is a wait, not an error. Beyond these the
  // API answers 503 (api/errors.ts).
  return new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_START_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS } });
}

/** Cheap liveness probe used by /readyz. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
