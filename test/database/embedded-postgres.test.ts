// The embedded PGlite server end to end: the migrator and a Prisma client over the ordinary pg driver,
// the same schema as on PostgreSQL, data that survives a restart, and one process per data directory.
//
// The server runs in a child process, as under `npm start`: PGlite loads its WebAssembly with dynamic
// import() even in its CommonJS build, which Jest's module sandbox refuses without
// --experimental-vm-modules. Closing the child's stdin stops the server, so a crashed test run cannot leave
// one behind. PGlite's first start runs initdb in WebAssembly (10-20 s on a small machine).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';
import { createDatabase } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';
import { compareSchemas, expectedSchemaFromDatamodel, readDatabaseSchema } from '../support/schema-drift';

jest.setTimeout(180_000);

const projectRoot = path.resolve(__dirname, '..', '..');
const log = createLogger('embedded-postgres-test', 'silent');

const SERVER_SCRIPT = `
const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(projectRoot, 'platform', 'embedded-postgres'))});
const { createLogger } = require(${JSON.stringify(path.join(projectRoot, 'platform', 'logger'))});
const say = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
startEmbeddedPostgres({ dataDir: process.env.EMBEDDED_DATA_DIR, port: 0, log: createLogger('embedded', 'warn') }).then(
  (server) => {
    say({ url: server.url, port: server.port });
    // Stopping twice must be harmless (start-up error paths and signal handlers may both stop).
    process.stdin.on('end', () => server.stop().then(() => server.stop()).then(() => { say({ stopped: true }); process.exit(0); }));
    process.stdin.resume();
  },
  (error) => { say({ error: error.message }); process.exit(1); },
);
`;

interface ChildServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts startEmbeddedPostgres in a child process and resolves with its URL, or rejects with its error. */
function startServer(dataDir: string): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [require.resolve('tsx/cli'), '-e', SERVER_SCRIPT], {
    cwd: projectRoot,
    env: { ...process.env, EMBEDDED_DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const messages = readline.createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`embedded server exited (code ${code})`));
      child.once('exit', onExit);
      messages.once('line', (line) => {
        child.off('exit', onExit);
        resolve(JSON.parse(line) as Record<string, unknown>);
      });
    });
  return next().then((message) => {
    if (typeof message.error === 'string') throw new Error(message.error);
    return {
      url: String(message.url),
      port: Number(message.port),
      async stop() {
        const stopped = next();
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.stdin!.end();
        expect(await stopped).toEqual({ stopped: true });
        expect(await exited).toBe(0);
      },
    };
  });
}

let dataDir: string;
let server: ChildServer | undefined;

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
  server = await startServer(dataDir);
  expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`);
  expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

  // Two migrators at once share PGlite's single session, so the advisory lock does not separate them;
  // the migrator's in-transaction check must.
  const results = await Promise.all([migrate(server.url, { log }), migrate(server.url, { log })]);
  const applied = results.flatMap((r) => r.applied);
  expect(applied.length).toBeGreaterThan(0);
  expect(new Set(applied).size).toBe(applied.length);

  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    const datamodel = readFileSync(path.join(projectRoot, 'prisma', 'schema.prisma'), 'utf8');
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
  await expect(startServer(dataDir)).rejects.toThrow(/is in use by process \d+/);
});

test('keeps its data across a stop and a start', async () => {
  await server!.stop();
  server = undefined;
  expect(existsSync(path.join(dataDir, 'postgres.pid'))).toBe(false);
  server = await startServer(dataDir);

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
