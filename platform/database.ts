// Prisma 7 over node-postgres: the prisma-client generator with a driver adapter needs no query-engine binary, so it runs offline.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';

export type Database = PrismaClient;

export function createDatabase(url: string, options: { maxConnections?: number; keepIdleConnections?: boolean } = {}): Database {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // node-postgres closes a connection idle for 10 s; kept, the next query needs no new server process.
    ...(options.keepIdleConnections ? { idleTimeoutMillis: 0 } : {}),
  });
  return new PrismaClient({ adapter });
}

/** Cheap liveness probe used by /readyz. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
