// A throwaway copy of the system's services on this machine: a Temporal dev server (own SQLite file,
// free port), a fresh PostgreSQL database with the migrations applied, and the prebuilt workflow
// bundle. The test run (global-setup.ts) and the benchmarks (bench/) both stand on it. The system
// connects as a restricted application role, as in production (platform/database-roles.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../../platform/logger';
import { locateTemporalCli } from '../../devtools/temporal-cli';
import { startTemporalCluster } from '../../devtools/temporal-cluster';
import { DevServerPortInUseError, startTemporalDevServer, type TemporalDevServer } from '../../devtools/temporal-dev-server';
import { buildWorkflowBundle } from '../../platform/workflow-bundle';
import { customSearchAttributes } from '../../core/search-attributes';
import { freePort, freePortInRange } from './free-port';
import { createApplicationDatabase } from './scratch-database';
import { ensureTestPostgresServer } from './test-postgres-server';

export interface LocalStack {
  cliPath: string;
  temporalAddress: string;
  namespace: string;
  /** The application's restricted role (platform/database-roles.ts): what the API and workers use. */
  databaseUrl: string;
  /** The owner's (the test server's superuser): migrations, and tests that play a database attacker. */
  ownerDatabaseUrl: string;
  bundlePath: string;
  workDir: string;
  /** The dev server, or the cluster (its frontend's process) with TEST_TEMPORAL=cluster. */
  server: Pick<TemporalDevServer, 'address' | 'stop' | 'process'>;
  /** What runs Temporal: its processes (the dev server's one, the cluster's five) and its PostgreSQL databases (the cluster's). */
  temporal: { kind: TemporalKind; pids(): number[]; databases: string[] };
  stop(): Promise<void>;
}

/** `dev-server`: `temporal server start-dev` (SQLite, one shard); `cluster`: devtools/temporal-cluster.ts. */
export type TemporalKind = 'dev-server' | 'cluster';

/** The Temporal of a stack: TEST_TEMPORAL=cluster, or the dev server; the benchmarks choose per stack (`--cluster`). */
export function temporalKindFromEnvironment(): TemporalKind {
  return process.env.TEST_TEMPORAL === 'cluster' ? 'cluster' : 'dev-server';
}

export async function startLocalStack(label: string, log: Logger, kind: TemporalKind = temporalKindFromEnvironment()): Promise<LocalStack> {
  const projectRoot = path.resolve(__dirname, '..', '..');
  const workDir = mkdtempSync(path.join(os.tmpdir(), `allianceflow-${label}-`));
  // TEST_POSTGRES_URL's server, or an embedded one when nothing answers there.
  const postgres = await ensureTestPostgresServer(log);
  const [cliPath, database, bundle] = await Promise.all([
    // Never a Go build here (half an hour on a small machine, started again by every parallel jest run):
    // `npm test`'s pretest builds the CLI once; a bare `npx jest` without one says how to get it.
    locateTemporalCli({ configuredPath: process.env.TEMPORAL_CLI, projectRoot, log, build: false }),
    createApplicationDatabase(`allianceflow_${label}`, log),
    // The same prebuilt bundle production workers load (npm run build), shared by every worker here.
    buildWorkflowBundle(path.join(workDir, 'workflow-bundle.js'), log),
  ]);

  const namespace = 'default';
  // The production-shaped cluster (devtools/temporal-cluster.ts) or the dev server.
  const cluster = kind === 'cluster' ? await startTestCluster({ projectRoot, workDir, postgresUrl: postgres.url, label, namespace, log }) : undefined;
  const server = cluster ?? (await startDevServerOnFreePorts({ cliPath, namespace, dbFile: path.join(workDir, 'temporal.sqlite'), log }));
  return {
    cliPath,
    temporalAddress: server.address,
    namespace,
    databaseUrl: database.url,
    ownerDatabaseUrl: database.ownerUrl,
    bundlePath: bundle.codePath,
    workDir,
    server,
    temporal: {
      kind,
      pids: () => (cluster ? Object.values(cluster.services).map((s) => s.process.pid) : [server.process.pid]).filter((pid) => pid !== undefined),
      databases: cluster ? cluster.databases : [],
    },
    async stop() {
      await server.stop();
      await database.drop();
      await postgres.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * A cluster of its own for this run (or for a fault scenario that kills its processes: test/faults/f7-cluster.test.ts):
 * its databases on the test server, its ports free now; stop() drops the databases.
 */
export async function startTestCluster(options: { projectRoot: string; workDir: string; postgresUrl: string; label: string; namespace: string; log: Logger }) {
  const { projectRoot, workDir, postgresUrl, label, namespace, log } = options;
  // Below 32768: the membership table keeps ports as smallint.
  const low = () => freePortInRange(20_000, 32_000);
  const free = async () => ({ grpc: await low(), membership: await low() });
  const ports = {
    frontend: { ...(await free()), http: await low() },
    'history-1': await free(),
    'history-2': await free(),
    matching: await free(),
    worker: await free(),
  };
  const databasePrefix = `temporal_${label.replace(/[^a-z0-9]/gi, '_')}_${process.pid}`;
  const cluster = await startTemporalCluster({
    projectRoot,
    workDir: path.join(workDir, 'temporal-cluster'),
    postgresUrl,
    databasePrefix,
    namespace,
    searchAttributes: customSearchAttributes,
    ports,
    // A test run may hold two clusters (the run's and F7's) beside other runs on one PostgreSQL server: at
    // most 5 x (5 + 2) connections each.
    maxConnections: 5,
    log,
  });
  process.stdout.write(
    `Temporal cluster for this run: frontend ${cluster.address}, ${Object.values(cluster.services)
      .map((service) => `${service.name} pid ${service.process.pid}`)
      .join(', ')}; databases ${databasePrefix}{,_visibility}\n`,
  );
  return {
    ...cluster,
    /** The persistence database first, then visibility's. */
    databases: [databasePrefix, `${databasePrefix}_visibility`],
    postgresUrl,
    ports,
    async stop() {
      await cluster.stop();
      // The run's cluster databases go with it, as the run's application database does.
      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        for (const name of [databasePrefix, `${databasePrefix}_visibility`]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Attempts at starting the dev server when a port it was to bind was taken meanwhile. */
const PORT_ATTEMPTS = 3;

/**
 * The dev server on a port chosen here: if one of its ports was taken between its choice and its bind
 * (DevServerPortInUseError), it starts again on new ones, so that a whole test run does not fail on a
 * port another process happened to take in that instant.
 */
async function startDevServerOnFreePorts(options: { cliPath: string; namespace: string; dbFile: string; log: Logger }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startTemporalDevServer({ ...options, port: await freePort(), uiPort: false, searchAttributes: customSearchAttributes });
    } catch (error) {
      if (!(error instanceof DevServerPortInUseError) || attempt >= PORT_ATTEMPTS) throw error;
      options.log.warn({ attempt, err: error }, 'the Temporal dev server found a port taken; starting it again on new ones');
    }
  }
}
