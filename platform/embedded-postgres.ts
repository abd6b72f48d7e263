// The database for a machine without a PostgreSQL server: PGlite (PostgreSQL compiled to WebAssembly),
// persisted under <dataDir>/postgres and served on 127.0.0.1 by pglite-socket, so the same pg driver,
// Prisma adapter and migrator work against it unchanged.
//
// PGlite is one backend session shared by every socket connection: pglite-socket queues the connections'
// messages and keeps a transaction's statements together, but session state (advisory locks, SET, temp
// tables) is shared. Fine for development and `npm start`; use a real server for production.
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { embeddedDatabaseUrl } from './config';
import type { Logger } from './logger';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  log: Logger;
  /** Socket connections served at once; each Prisma client pools up to 10. */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// Data directories opened by this process: PGlite itself has no postmaster.pid to refuse a second opener.
const openDirectories = new Set<string>();

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { log } = options;
  const dataDir = path.resolve(options.dataDir, 'postgres');
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const unlock = await lockDataDirectory(dataDir);

  let db: PGlite | undefined;
  try {
    const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
    log.info(
      { dataDir },
      fresh
        ? 'Creating the embedded PostgreSQL database (first start takes a while)'
        : 'Opening the embedded PostgreSQL database',
    );
    db = await PGlite.create({ dataDir });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: options.port,
      maxConnections: options.maxConnections ?? 100,
    });
    await server.start().catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'EADDRINUSE'
          ? `Port ${options.port} is already in use; set EMBEDDED_POSTGRES_PORT to a free port or DATABASE_URL to a server`
          : `Embedded PostgreSQL could not listen on 127.0.0.1:${options.port}: ${error.message}`,
      );
    });
    const port = Number(server.getServerConn().split(':').pop());
    const url = embeddedDatabaseUrl(port);
    log.info({ port, dataDir }, `Embedded PostgreSQL (PGlite) listening on 127.0.0.1:${port}`);

    const database = db;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        // server.stop() starts rolling back the open transactions of the connections it drops; PGlite
        // runs its calls one at a time, so close() below runs after those rollbacks.
        await server.stop();
        await database.close();
        await unlock();
        log.info('Embedded PostgreSQL stopped');
      })());
    return { url, port, stop };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await unlock();
    throw error;
  }
}

/** One process per data directory: two PGlite instances writing the same files would corrupt them. */
async function lockDataDirectory(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dataDir}.pid`;
  if (openDirectories.has(dataDir)) {
    throw new Error(`Embedded PostgreSQL is already running in this process for ${dataDir}`);
  }
  for (;;) {
    try {
      await fs.writeFile(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await fs.readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`Embedded PostgreSQL data in ${dataDir} is in use by process ${owner} (${lockFile})`);
      }
      // Left behind by a process that died without stopping: take it over.
      await fs.rm(lockFile, { force: true });
    }
  }
  openDirectories.add(dataDir);
  return async () => {
    openDirectories.delete(dataDir);
    await fs.rm(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
