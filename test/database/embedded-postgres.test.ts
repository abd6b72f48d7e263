// The embedded PostgreSQL end to end: the migrator and a Prisma client over the ordinary pg driver, the
// same schema as on any server, transactions that run side by side (PGlite, the earlier default, ran
// one at a time for every connection, so a transaction querying through a second connection hung), a
// data folder only its owner can read, data that survives a restart, and clear refusals.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { getDMMF } from '@prisma/internals';
import { Client } from 'pg';
import pino from 'pino';
import { loadIssuerKey } from '../../activities/certification/issuer-key';
import { type EmbeddedPostgres, locateBinaries, reachableBinaries, startEmbeddedPostgres, unprivilegedUser } from '../../devtools/embedded-postgres';
import { createDatabase } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';
import { compareSchemas, expectedSchemaFromDatamodel, readDatabaseSchema } from '../support/schema-drift';

jest.setTimeout(180_000);

const projectRoot = path.resolve(__dirname, '..', '..');
const log = createLogger('embedded-postgres-test', 'silent');

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: string; msg: string });
      done();
    },
  });
  return { lines, log: pino({ level: 'info', formatters: { level: (label) => ({ level: label }) } }, stream) };
}

let root: string;
let server: EmbeddedPostgres | undefined;

/** One statement's rows on a connection of its own. */
async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'allianceflow-embedded-pg-'));
  // As root the server runs as the `postgres` user, which must be able to reach the folder.
  chmodSync(root, 0o755);
});

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
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

const dataDir = () => path.join(root, 'data');

test('migrates, matches the Prisma schema, and serves a Prisma client; the data folder is 0700', async () => {
  server = await startEmbeddedPostgres({ dataDir: dataDir(), port: 0, log, durable: false });
  expect(server.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`);
  expect(server.dataDir).toBe(path.join(dataDir(), 'postgres'));
  expect(readFileSync(path.join(server.dataDir, 'PG_VERSION'), 'utf8').trim()).toBe('18');
  const folder = statSync(server.dataDir);
  expect((folder.mode & 0o777).toString(8)).toBe('700');
  if (process.getuid?.() === 0) expect(folder.uid).not.toBe(0);

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
    // A transaction that reads through a second connection while it is open: PGlite hung here.
    const inTransaction = await db.$transaction(async (tx) => {
      await tx.agreement.update({ where: { id: 'agreement-3' }, data: { status: 'effective' } });
      const outside = await db.agreement.count({ where: { status: 'effective' } });
      return { outside, inside: await tx.agreement.count({ where: { status: 'effective' } }) };
    });
    expect(inTransaction).toEqual({ outside: 0, inside: 1 });
    expect(await db.agreement.count()).toBe(3);
  } finally {
    await db.$disconnect();
  }
});

test('refuses a second server on the same data folder, saying which process has it', async () => {
  await expect(startEmbeddedPostgres({ dataDir: dataDir(), port: 0, log })).rejects.toThrow(/PostgreSQL server \(pid \d+\) is already running on .*kill \d+/);
});

test('keeps its data across a stop and a start, and stopping twice is harmless', async () => {
  await server!.stop();
  await server!.stop();
  server = undefined;
  expect(existsSync(path.join(dataDir(), 'postgres', 'postmaster.pid'))).toBe(false);
  server = await startEmbeddedPostgres({ dataDir: dataDir(), port: 0, log });

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

test('a stale postmaster.pid (its pid now another program) is removed with a line, and the server starts', async () => {
  const pidFile = path.join(dataDir(), 'postgres', 'postmaster.pid');
  // This test process is alive and is not PostgreSQL: PostgreSQL itself would refuse this file.
  writeFileSync(pidFile, `${process.pid}\n${path.join(dataDir(), 'postgres')}\n`);
  const { lines, log: recording } = recordingLogger();
  server = await startEmbeddedPostgres({ dataDir: dataDir(), port: 0, log: recording });
  expect(lines.some((l) => l.level === 'warn' && l.msg.includes('Removing the stale'))).toBe(true);
  await server.stop();
  server = undefined;
});

test('a busy port is named, with the setting that changes it', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    await expect(startEmbeddedPostgres({ dataDir: dataDir(), port, log })).rejects.toThrow(
      new RegExp(`Port ${port} is already in use; set EMBEDDED_POSTGRES_PORT`),
    );
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

// As root the server runs as `postgres`, which must pass through DATA_DIR; as any other user it runs as
// that user, who owns DATA_DIR, so there is nothing to open (the test needs root to mean anything).
const asRootOnly = process.getuid?.() === 0 ? test : test.skip;

asRootOnly('keys generated into a new DATA_DIR first (npm test, then npm start) leave it passable for the server', async () => {
  // The certificate issuer key, as a worker generates it on first use: DATA_DIR stays as mkdir makes it.
  const fresh = path.join(root, 'keys-first');
  loadIssuerKey({}, fresh, log);
  expect(statSync(path.join(fresh, 'certification')).mode & 0o777).toBe(0o700);
  expect(statSync(fresh).mode & 0o001).toBe(0o001);
  server = await startEmbeddedPostgres({ dataDir: fresh, port: 0, log, durable: false });
  try {
    expect(server.dataDir).toBe(path.join(fresh, 'postgres'));
  } finally {
    await server.stop();
    server = undefined;
  }
});

asRootOnly(
  'under a folder closed to other users (a clone in /root), the data is kept in the fallback folder, with a line, the same at every start',
  async () => {
    const closed = path.join(root, 'closed-home');
    const dataRoot = path.join(closed, 'clone', '.data');
    mkdirSync(dataRoot, { recursive: true });
    chmodSync(closed, 0o700);
    const fallbackRoot = path.join(root, 'var-lib');
    const start = async () => {
      const { lines, log: recording } = recordingLogger();
      const started = await startEmbeddedPostgres({ dataDir: dataRoot, port: 0, log: recording, durable: false, fallbackRoot });
      return { started, lines };
    };
    const first = await start();
    server = first.started;
    try {
      expect(server.dataDir.startsWith(fallbackRoot + path.sep)).toBe(true);
      expect(first.lines.some((l) => l.level === 'warn' && l.msg.includes(`its data is kept in ${first.started.dataDir} instead`))).toBe(true);
      expect(statSync(closed).mode & 0o777).toBe(0o700); // nobody's folder was opened
      await query(server.url, 'CREATE TABLE kept (n int)');
    } finally {
      await server.stop();
      server = undefined;
    }
    const second = await start();
    server = second.started;
    try {
      expect(server.dataDir).toBe(first.started.dataDir);
      expect(await query(server.url, 'SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 0 }]);
    } finally {
      await server.stop();
      server = undefined;
    }
  },
);

asRootOnly("binaries installed under a folder closed to other users are copied once to the fallback folder, where the server's user runs them", async () => {
  const installed = locateBinaries();
  const closed = path.join(root, 'closed-install');
  const packageDir = path.join(closed, 'node_modules', 'pg-binaries');
  mkdirSync(packageDir, { recursive: true });
  cpSync(path.join(installed.packageDir, 'native'), path.join(packageDir, 'native'), { recursive: true, verbatimSymlinks: true });
  cpSync(path.join(installed.packageDir, 'package.json'), path.join(packageDir, 'package.json'));
  chmodSync(closed, 0o700);
  const moved = (file: string) => path.join(packageDir, path.relative(installed.packageDir, file));
  const unreachable = { packageDir, initdb: moved(installed.initdb), postgres: moved(installed.postgres) };
  const runAs = unprivilegedUser();
  const fallbackRoot = path.join(root, 'binaries-fallback');

  const { lines, log: recording } = recordingLogger();
  const copy = await reachableBinaries(unreachable, runAs, fallbackRoot, recording);
  expect(copy.postgres.startsWith(fallbackRoot + path.sep)).toBe(true);
  expect(lines.filter((l) => l.msg.includes('copying them to'))).toHaveLength(1);
  expect(execFileSync(copy.postgres, ['--version'], { ...runAs, encoding: 'utf8' })).toMatch(/PostgreSQL\) 18/);
  // The second start finds the copy: nothing copied again.
  const again = recordingLogger();
  expect(await reachableBinaries(unreachable, runAs, fallbackRoot, again.log)).toEqual(copy);
  expect(again.lines.filter((l) => l.msg.includes('copying them to'))).toHaveLength(0);
  expect(statSync(closed).mode & 0o777).toBe(0o700);
});

// The control file PGlite 0.5 (PostgreSQL 18 compiled to 32-bit WebAssembly) writes: its first 296 bytes
// (the rest of the 8 KB is zeros). The server reads it first and refuses it as incompatible.
const PGLITE_CONTROL_FILE =
  'KgCCFJkEFGsIBwAAMwASDAEAAAAAAAAAtwQUawAAAADQ+W4BAAAAAND5bgEAAAAAAQAAAAEAAAABAAAAAQAAAPACAAAAAAAA8zEAAAEAAAAAAAAA6AIAAAEAAAABAAAAAQAAAAAAAAC3BBRrAAAAAAAAAAAAAAAAAAAAAAAAAADoAwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAZAAAAAAAAAAKAAAAAAAAAEAAAAAAAAAACAAAAAAAAACH1jJBACAAAAAAAgAAIAAAAAAAAUAAAAAgAAAAzAcAAAAIAAAAAAAAAQAAAAEElH+4lmSQHUQljTSB9bpqUhC85DnixTXXUuSPe4C9sAAAAIBt5mo=';

const asRoot = process.getuid?.() === 0;
// As root, PGlite's folder belonged to root (it ran inside the process); as another user, to that user.
const owners = asRoot ? (['root', 'postgres'] as const) : (['self'] as const);

test.each(owners)('an earlier PGlite data folder (owned by %s) is moved aside with a line, and a new database is created', async (owner) => {
  const dir = path.join(root, `pglite-${owner}`);
  const folder = path.join(dir, 'postgres');
  mkdirSync(dir);
  mkdirSync(path.join(folder, 'global'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(folder, 'PG_VERSION'), '18\n');
  writeFileSync(path.join(folder, 'postgresql.conf'), '');
  const control = Buffer.alloc(8192);
  Buffer.from(PGLITE_CONTROL_FILE, 'base64').copy(control);
  writeFileSync(path.join(folder, 'global', 'pg_control'), control);
  // PGlite's lock file, beside its folder.
  writeFileSync(path.join(dir, 'postgres.pid'), '1\n');
  if (owner === 'postgres') {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    for (const file of [
      folder,
      path.join(folder, 'PG_VERSION'),
      path.join(folder, 'postgresql.conf'),
      path.join(folder, 'global'),
      path.join(folder, 'global', 'pg_control'),
    ]) {
      chownSync(file, id('-u'), id('-g'));
    }
  }
  const { lines, log: recording } = recordingLogger();
  server = await startEmbeddedPostgres({ dataDir: dir, port: 0, log: recording, durable: false });
  try {
    const moved = lines.find((l) => l.level === 'warn' && l.msg.includes('PGlite, the earlier embedded database'));
    expect(moved?.msg).toMatch(/Moved it to .*postgres\.old-/);
    const aside = readdirSync(dir).filter((name) => name.startsWith('postgres.old-'));
    expect(aside).toHaveLength(1);
    expect(existsSync(path.join(dir, aside[0]!, 'global', 'pg_control'))).toBe(true);
    expect(existsSync(path.join(dir, 'postgres.pid'))).toBe(false);
    expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  } finally {
    await server.stop();
    server = undefined;
  }
});
