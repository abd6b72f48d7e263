// The migrator against a real PostgreSQL: Prisma-compatible bookkeeping, idempotence, the concurrency
// guard, and failures that leave nothing half-applied. Each test gets its own scratch database.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger } from '../../platform/logger';
import { DEFAULT_MIGRATIONS_DIR, migrate, migrationChecksum, scriptMatchesChecksum } from '../../platform/migrator';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

const log = createLogger('migrator-test', 'silent');
const projectMigrations = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

let database: ScratchDatabase;
const tempDirs: string[] = [];

beforeEach(async () => {
  database = await createScratchDatabase('migrator_test');
});

afterEach(async () => {
  await database.drop();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function query<T extends object>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A migrations directory of our own, in Prisma's layout. */
function migrationsDir(migrations: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-migrations-'));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

test('applies the project migrations once; a second run applies nothing', async () => {
  expect(projectMigrations.length).toBeGreaterThan(0);
  await expect(migrate(database.url, { log })).resolves.toEqual({ applied: projectMigrations, alreadyApplied: [] });
  await expect(migrate(database.url, { log })).resolves.toEqual({ applied: [], alreadyApplied: projectMigrations });
});

test('records migrations in _prisma_migrations exactly as Prisma Migrate does', async () => {
  await migrate(database.url, { log });

  const columns = await query<{ column_name: string; data_type: string; length: number | null; is_nullable: string; column_default: string | null }>(
    `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
  );
  expect(columns).toEqual([
    { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO', column_default: null },
    { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO', column_default: null },
    { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
    { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO', column_default: null },
    { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES', column_default: null },
    { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES', column_default: null },
    { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO', column_default: 'now()' },
    { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO', column_default: '0' },
  ]);

  const rows = await query<{
    id: string;
    checksum: string;
    migration_name: string;
    finished_at: Date | null;
    started_at: Date;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }>('SELECT * FROM _prisma_migrations ORDER BY migration_name');
  expect(rows.map((r) => r.migration_name)).toEqual(projectMigrations);
  for (const row of rows) {
    const file = readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
    expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
});

test('two migrators starting at once apply each migration exactly once', async () => {
  const results = await Promise.all([migrate(database.url, { log }), migrate(database.url, { log })]);
  expect(results.flatMap((r) => r.applied).sort()).toEqual(projectMigrations);
  const rows = await query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations ORDER BY 1');
  expect(rows.map((r) => r.migration_name)).toEqual(projectMigrations);
});

test('applies only what is new, in name order', async () => {
  const first = { '20260101000000_first': 'CREATE TABLE "first" ("id" INTEGER NOT NULL);\n' };
  await migrate(database.url, { log, migrationsDir: migrationsDir(first) });
  const dir = migrationsDir({
    ...first,
    '20260103000000_third': 'ALTER TABLE "first" ADD COLUMN "b" TEXT;\n',
    '20260102000000_second': 'ALTER TABLE "first" ADD COLUMN "a" TEXT;\n',
  });
  await expect(migrate(database.url, { log, migrationsDir: dir })).resolves.toEqual({
    applied: ['20260102000000_second', '20260103000000_third'],
    alreadyApplied: ['20260101000000_first'],
  });
  const columns = await query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'first' ORDER BY ordinal_position`,
  );
  expect(columns.map((c) => c.column_name)).toEqual(['id', 'a', 'b']);
});

test('a failing migration names its file and the PostgreSQL error, and leaves nothing behind', async () => {
  const dir = migrationsDir({
    '20260101000000_good': 'CREATE TABLE "good" ("id" INTEGER NOT NULL);\n',
    '20260102000000_broken': [
      'CREATE TABLE "half_done" ("id" INTEGER NOT NULL);',
      'CREATE INDEX "half_done_id_idx" ON "half_done"("id");',
      'INSERT INTO "no_such_table" VALUES (1);',
      '',
    ].join('\n'),
  });
  const brokenFile = path.join(dir, '20260102000000_broken', 'migration.sql');

  const failure = migrate(database.url, { log, migrationsDir: dir });
  await expect(failure).rejects.toThrow(brokenFile);
  await expect(failure).rejects.toThrow('relation "no_such_table" does not exist');
  await expect(failure).rejects.toThrow('line 3');

  const tables = await query<{ good: string | null; half_done: string | null; index: string | null }>(
    `SELECT to_regclass('good')::text AS good, to_regclass('half_done')::text AS half_done,
            to_regclass('half_done_id_idx')::text AS index`,
  );
  expect(tables).toEqual([{ good: 'good', half_done: null, index: null }]);
  const rows = await query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations');
  expect(rows.map((r) => r.migration_name)).toEqual(['20260101000000_good']);
});

test('a migration edited after it was applied is an error naming it', async () => {
  const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE "first" ("id" INTEGER NOT NULL);\n' });
  await migrate(database.url, { log, migrationsDir: dir });
  writeFileSync(path.join(dir, '20260101000000_first', 'migration.sql'), 'CREATE TABLE "first" ("id" BIGINT NOT NULL);\n');
  await expect(migrate(database.url, { log, migrationsDir: dir })).rejects.toThrow(/Migration 20260101000000_first was modified after it was applied/);
});

test('a failed Prisma Migrate run recorded in the table stops the migrator, as it stops Prisma', async () => {
  const dir = migrationsDir({ '20260101000000_first': 'CREATE TABLE "first" ("id" INTEGER NOT NULL);\n' });
  await migrate(database.url, { log, migrationsDir: migrationsDir({}) }); // creates the table only
  await query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, applied_steps_count)
     VALUES ('00000000-0000-4000-8000-000000000000', $1, '20260101000000_first', 'boom', 0)`,
    [migrationChecksum('CREATE TABLE "first" ("id" INTEGER NOT NULL);\n')],
  );
  await expect(migrate(database.url, { log, migrationsDir: dir })).rejects.toThrow(/failed migration\(s\).*20260101000000_first/);
});

test('refuses a database that has tables but no migration history', async () => {
  await query('CREATE TABLE "stranger" ("id" INTEGER)');
  await expect(migrate(database.url, { log })).rejects.toThrow(/not empty \(stranger/);
});

test('checksums match Prisma across line endings and its old unpadded format', () => {
  const lf = 'CREATE TABLE "a" ("id" INTEGER);\nCREATE TABLE "b" ("id" INTEGER);\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  expect(migrationChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  expect(scriptMatchesChecksum(crlf, migrationChecksum(lf))).toBe(true);
  expect(scriptMatchesChecksum(lf, migrationChecksum(crlf))).toBe(true);
  expect(scriptMatchesChecksum(`${lf}-- edited\n`, migrationChecksum(lf))).toBe(false);
  // Old engines wrote bytes below 0x10 as one hex digit; find a script whose checksum has one.
  const script = Array.from({ length: 100 }, (_, i) => `SELECT ${i};\n`).find((s) =>
    createHash('sha256')
      .update(s)
      .digest()
      .some((byte) => byte < 0x10),
  )!;
  const unpadded = Array.from(createHash('sha256').update(script).digest(), (byte) => byte.toString(16)).join('');
  expect(unpadded.length).toBeLessThan(64);
  expect(scriptMatchesChecksum(script, unpadded)).toBe(true);
});
