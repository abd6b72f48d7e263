// The embedded PGlite server end to end: the migrator and a Prisma client over the ordinary pg driver,
// the same schema as on PostgreSQL, data that survives a restart, and one process per data directory.
// PGlite's first start runs initdb in WebAssembly (10-20 s on a small machine), hence the long timeouts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';
import { createDatabase } from '../../platform/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../platform/embedded-postgres';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';
import { compareSchemas, expectedSchemaFromDatamodel, readDatabaseSchema } from '../support/schema-drift';

jest.setTimeout(180_000);

const log = createLogger('embedded-postgres-test', 'silent');
let dataDir: string;
let server: EmbeddedPostgres | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-pglite-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function agreement(n: number) {
  return {
    id: `agreement-${n}`,
    workflowId: `agreement-signing-${n}`,
    title: `Agreement ${n}`,
    kind: 'alliance_charter' as const,
    documentSha256: 'a'.repeat(64),
  };
}

test('migrates, matches the Prisma schema, and serves a Prisma client', async () => {
  server = await startEmbeddedPostgres({ dataDir, port: 0, log });
  expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`);

  // Two migrators at once share PGlite's single session, so the advisory lock does not separate them;
  // the migrator's in-transaction check must.
  const results = await Promise.all([migrate(server.url, { log }), migrate(server.url, { log })]);
  const applied = results.flatMap((r) => r.applied);
  expect(applied.length).toBeGreaterThan(0);
  expect(new Set(applied).size).toBe(applied.length);

  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    const datamodel = readFileSync(path.resolve(__dirname, '..', '..', 'prisma', 'schema.prisma'), 'utf8');
    const expected = expectedSchemaFromDatamodel((await getDMMF({ datamodel })).datamodel);
    expect(compareSchemas(expected, await readDatabaseSchema(client))).toEqual([]);
  } finally {
    await client.end();
  }

  const db = createDatabase(server.url);
  try {
    await db.agreement.create({ data: agreement(1) });
    await db.agreement.createMany({ data: [agreement(2), agreement(3)] });
    // Several pooled connections at once, one of them inside a transaction.
    const [count, , inTransaction] = await Promise.all([
      db.agreement.count(),
      db.agreement.findMany({ where: { status: 'draft' } }),
      db.$transaction(async (tx) => {
        await tx.agreement.update({ where: { id: 'agreement-3' }, data: { status: 'effective' } });
        return tx.agreement.count({ where: { status: 'effective' } });
      }),
    ]);
    expect(count).toBe(3);
    expect(inTransaction).toBe(1);
  } finally {
    await db.$disconnect();
  }
});

test('refuses a second server on the same data directory', async () => {
  await expect(startEmbeddedPostgres({ dataDir, port: 0, log })).rejects.toThrow(/already running|in use/);
});

test('keeps its data across a stop and a start', async () => {
  await server!.stop();
  await server!.stop(); // stopping twice is harmless
  server = await startEmbeddedPostgres({ dataDir, port: 0, log });

  await expect(migrate(server.url, { log })).resolves.toMatchObject({ applied: [] });
  const db = createDatabase(server.url);
  try {
    expect(await db.agreement.count()).toBe(3);
    expect(await db.agreement.findUniqueOrThrow({ where: { id: 'agreement-3' } })).toMatchObject({ status: 'effective' });
  } finally {
    await db.$disconnect();
  }
  await server.stop();
  server = undefined;
});
