// Applies prisma/migrations to a PostgreSQL database without Prisma's schema-engine binary, which cannot
// be downloaded on the offline machines. It keeps Prisma Migrate's own layout
// and bookkeeping (the `_prisma_migrations` table, same DDL, same checksums, same advisory lock), so a
// database migrated here is accepted by `prisma migrate deploy` on a machine that has the engine, and
// the other way round.
//
// Adding a migration:
//   1. Edit prisma/schema.prisma (the single source of truth).
//   2. Write the change's SQL to prisma/migrations/<UTC yyyymmddHHMMSS>_<snake_case_name>/migration.sql as
//      Prisma Migrate writes it. Best, let Prisma print it: in a scratch folder outside the repo, install
//      prisma@6 and @prisma/adapter-pg@6; give prisma.config.ts `engine: 'js'`, `experimental: { adapter:
//      true }` and a PrismaPg adapter (any reachable database, nothing is written); add
//      `url = env("DATABASE_URL")` to copies of the old and new schema; run
//      `PRISMA_QUERY_ENGINE_LIBRARY=/bin/true PRISMA_SCHEMA_ENGINE_BINARY=/bin/true npx prisma migrate diff
//      --from-schema-datamodel old.prisma --to-schema-datamodel new.prisma --script` (--from-empty also
//      prints a `CREATE SCHEMA IF NOT EXISTS "public"` that Prisma's own migrations lack: drop it).
//      By hand otherwise: quoted identifiers, enums as CREATE TYPE, Prisma's names (<table>_pkey,
//      <table>_<cols>_key, <table>_<cols>_idx, <table>_<cols>_fkey).
//   3. `npm run migrate`, then `npx jest test/database/drift.test.ts`: it fails, listing every difference,
//      when the migrated database and schema.prisma disagree.
//   Never edit a migration that has been applied anywhere: its checksum is recorded and checked here.
//   Every migration runs inside one transaction, so statements PostgreSQL refuses in a transaction block
//   (CREATE INDEX CONCURRENTLY, explicit BEGIN/COMMIT) do not belong in migration.sql.
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Client, DatabaseError } from 'pg';
import { grantApplicationPrivileges } from './database-roles';
import { createLogger, type Logger } from './logger';

export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '..', 'prisma', 'migrations');

/** Prisma Migrate's advisory lock key: sharing it keeps this migrator and `prisma migrate` from overlapping. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's table, verbatim from the schema engine's PostgreSQL connector (create_migrations_table). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrateOptions {
  migrationsDir?: string;
  log?: Logger;
  /** How long to wait for another migrator holding the lock before giving up. */
  lockTimeoutMs?: number;
  /**
   * The application's role (platform/database-roles.ts): after the migrations, still under the lock, it
   * gets its privileges on every table, those added now included. Unset: no grants (one role for all).
   */
  grantTo?: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName?: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  file: string;
  script: string;
  checksum: string;
}

interface MigrationRecord {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
}

/** SHA-256 of the script's UTF-8 bytes as zero-padded lowercase hex: what Prisma stores in `checksum`. */
export function migrationChecksum(script: string): string {
  return createHash('sha256').update(script, 'utf8').digest('hex');
}

/**
 * Prisma's own tolerance when comparing (schema-engine checksum.rs): a checkout with other line endings
 * still matches, and so do unpadded checksums written by old engine versions.
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant, 'utf8').digest();
    const rendered = checksum.length !== 0 && checksum.length !== 64 ? Array.from(digest, (byte) => byte.toString(16)).join('') : digest.toString('hex');
    return rendered === checksum;
  });
}

/** The migration directories in Prisma's order: by name, which starts with the timestamp. */
export async function readMigrationFiles(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new MigrationError(`Cannot read the migrations directory ${migrationsDir}: ${error.message}`);
  });
  await checkLockfileProvider(migrationsDir);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const bytes = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new MigrationError(`Migration ${name} has no readable migration.sql (${file}): ${error.message}`, name);
      });
      let script: string;
      try {
        script = utf8.decode(bytes);
      } catch {
        throw new MigrationError(`Migration ${name} is not valid UTF-8 (${file})`, name);
      }
      return { name, file, script, checksum: migrationChecksum(script) };
    }),
  );
}

/** Prisma refuses migrations written for another provider; so do we. */
async function checkLockfileProvider(migrationsDir: string): Promise<void> {
  const lockfile = path.join(migrationsDir, 'migration_lock.toml');
  const content = await fs.readFile(lockfile, 'utf8').catch(() => undefined);
  const provider = content?.match(/^\s*provider\s*=\s*"([^"]*)"/m)?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new MigrationError(`${lockfile} is for provider "${provider}", not "postgresql"`);
  }
}

export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrationsDir = options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR;
  const log = options.log ?? createLogger('migrator');
  const files = await readMigrationFiles(migrationsDir);

  const client = new Client({ connectionString: databaseUrl, application_name: 'allianceflow-migrator' });
  // Without a listener an idle-connection error (server restart) would crash the process.
  client.on('error', (error) => log.warn({ err: error }, 'migrator connection error'));
  await client.connect().catch((error: unknown) => {
    throw new MigrationError(`Cannot connect to ${redactUrl(databaseUrl)}: ${errorText(error)}`);
  });
  try {
    await acquireLock(client, log, options.lockTimeoutMs ?? 60_000);
    try {
      await ensureMigrationsTable(client, log);
      const records = await readRecords(client);
      const alreadyApplied = checkHistory(files, records, log);
      const applied: string[] = [];
      for (const migration of files) {
        if (alreadyApplied.includes(migration.name)) continue;
        if (await applyMigration(client, migration, log)) applied.push(migration.name);
        else alreadyApplied.push(migration.name);
      }
      // After every run, not only when something was applied: a role made since, or a privilege
      // granted by hand, is put right.
      if (options.grantTo) await grantApplicationPrivileges(client, options.grantTo, log);
      log.info(
        { applied: applied.length, alreadyApplied: alreadyApplied.length },
        applied.length ? `Applied ${applied.length} migration(s)` : 'Database is up to date, no pending migrations',
      );
      return { applied, alreadyApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function acquireLock(client: Client, log: Logger, timeoutMs: number): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PRISMA_MIGRATE_LOCK_KEY]);
  if (rows[0]?.locked) return;
  log.info('Another migrator holds the migration lock; waiting for it to finish');
  // lock_timeout also bounds advisory-lock waits, so a stuck holder ends in an error, not a hang.
  await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  } catch (error) {
    throw new MigrationError(
      `Timed out after ${timeoutMs} ms waiting for the migration lock ` + `(pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})): ${errorText(error)}`,
    );
  } finally {
    await client.query('RESET lock_timeout');
  }
}

async function ensureMigrationsTable(client: Client, log: Logger): Promise<void> {
  // In a transaction for PGlite's sake, where the advisory lock does not exclude a second migrator (see
  // applyMigration): there, transactions are what runs alone.
  await client.query('BEGIN');
  try {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
    if (!rows[0]?.exists) {
      // Like Prisma (error P3005): never run the first migration over tables that came from elsewhere.
      const existing = await client.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c
          WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          ORDER BY c.relname LIMIT 5`,
      );
      if (existing.rows.length > 0) {
        throw new MigrationError(
          `The database schema is not empty (${existing.rows.map((r) => r.relname).join(', ')}…) but has no ` +
            `_prisma_migrations table; baseline it first (prisma migrate resolve --applied <migration>)`,
        );
      }
      log.info('Creating the _prisma_migrations table');
      await client.query(CREATE_MIGRATIONS_TABLE);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function readRecords(client: Client): Promise<MigrationRecord[]> {
  const { rows } = await client.query<MigrationRecord>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
       FROM _prisma_migrations ORDER BY started_at`,
  );
  return rows;
}

/** Validates the recorded history against the files; returns the names already applied. */
function checkHistory(files: MigrationFile[], records: MigrationRecord[], log: Logger): string[] {
  // A row with neither finished_at nor rolled_back_at is a failed `prisma migrate deploy` (Prisma: P3009).
  const failed = records.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((r) => r.migration_name).join(', ');
    throw new MigrationError(
      `Found failed migration(s) in _prisma_migrations: ${names}. Repair the database, then mark them with ` +
        `\`prisma migrate resolve --rolled-back <name>\` (or --applied)`,
      failed[0]?.migration_name,
    );
  }
  const applied = new Map(records.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]));
  const names: string[] = [];
  for (const file of files) {
    const record = applied.get(file.name);
    if (!record) continue;
    if (!scriptMatchesChecksum(file.script, record.checksum)) {
      throw new MigrationError(
        `Migration ${file.name} was modified after it was applied: ${file.file} has checksum ${file.checksum}, ` +
          `the database recorded ${record.checksum}. Restore the file and put the change in a new migration`,
        file.name,
      );
    }
    names.push(file.name);
  }
  const known = new Set(files.map((f) => f.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) log.warn({ migration: name }, `Migration ${name} is recorded in the database but missing here`);
  }
  return names;
}

/** Runs one migration and its record in one transaction. Returns false when someone else applied it meanwhile. */
async function applyMigration(client: Client, migration: MigrationFile, log: Logger): Promise<boolean> {
  const started = Date.now();
  log.info({ migration: migration.name }, `Applying migration ${migration.name}`);
  await client.query('BEGIN');
  try {
    // The advisory lock already excludes other migrators on PostgreSQL, but not on PGlite, where every socket
    // connection shares one backend session; transactions there are exclusive, so re-checking inside is enough.
    const { rowCount } = await client.query(
      `SELECT 1 FROM _prisma_migrations
        WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [migration.name],
    );
    if (rowCount) {
      await client.query('ROLLBACK');
      log.info({ migration: migration.name }, `Migration ${migration.name} was applied concurrently; skipping`);
      return false;
    }
    try {
      // No parameters: pg sends it as a simple query, so the file's many statements run as one script.
      await client.query(migration.script);
    } catch (error) {
      throw new MigrationError(`Migration ${migration.name} failed (${migration.file}${lineOf(migration.script, error)}): ${errorText(error)}`, migration.name);
    }
    // started_at is the transaction's start (now()); finished_at the wall clock at the end.
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, NULL, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  log.info({ migration: migration.name, ms: Date.now() - started }, `Applied migration ${migration.name}`);
  return true;
}

/** Connection errors name the server, never the password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the database (unparsable URL)';
  }
}

function errorText(error: unknown): string {
  // Node reports a refused `localhost` (tried on ::1 and 127.0.0.1) as an AggregateError with no message.
  if (error instanceof AggregateError && !error.message) return error.errors.map(errorText).join('; ');
  if (error instanceof DatabaseError) return `${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** PostgreSQL reports a 1-based character offset into the script; a line number is easier to find. */
function lineOf(script: string, error: unknown): string {
  const position = error instanceof DatabaseError && error.position ? Number(error.position) : NaN;
  if (!Number.isInteger(position) || position < 1) return '';
  return `, line ${script.slice(0, position - 1).split('\n').length}`;
}
