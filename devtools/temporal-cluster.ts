// A production-shaped Temporal cluster on this machine: the Temporal server built from source (Go, once,
// into .tools/bin) with PostgreSQL persistence and SQL advanced visibility, 16 history shards, and each
// service as its own process on loopback ports: frontend, two history instances, matching and the
// internal worker. The processes find each other through the membership table in the persistence
// database, as a cluster's pods do. `npm run cluster` runs one for a person; the test stack runs one
// when TEST_TEMPORAL=cluster. The dev server (`temporal server start-dev`) stays the default everywhere.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
// Not exported from the package root; the SDK's own conversion to a protobuf Duration.
import { msToTs } from '@temporalio/common/lib/time';
import type { Logger } from '../platform/logger';
import { EAGER_ACTIVITIES, ensureSearchAttributes, type SearchAttributeKey } from './temporal-dev-server';

/** The server inside the CLI the project builds (devtools/temporal-cli.ts): the same server version. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_PACKAGE = 'go.temporal.io/server';
const NUM_HISTORY_SHARDS = 16;
const STOP_GRACE_MS = 20_000;

export type ClusterServiceName = 'frontend' | 'history-1' | 'history-2' | 'matching' | 'worker';
const SERVICES: ClusterServiceName[] = ['frontend', 'history-1', 'history-2', 'matching', 'worker'];

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the same server version (temporal/ and visibility/). */
  schemaDir: string;
}

export interface ClusterPorts {
  frontend: { grpc: number; membership: number; http: number };
  'history-1': { grpc: number; membership: number };
  'history-2': { grpc: number; membership: number };
  matching: { grpc: number; membership: number };
  worker: { grpc: number; membership: number };
}

export interface TemporalClusterOptions {
  projectRoot: string;
  /** Where the configuration and the logs go. */
  workDir: string;
  /** A PostgreSQL server the cluster may create its two databases on (a superuser or a role with CREATEDB). */
  postgresUrl: string;
  /** Prefix of the two databases: <prefix> and <prefix>_visibility. */
  databasePrefix: string;
  namespace: string;
  searchAttributes: SearchAttributeKey[];
  ports: ClusterPorts;
  /**
   * PostgreSQL connections each process may hold to the persistence database (default 10; visibility gets
   * a third of it). Five processes share the server's max_connections (100 by default) with everything else.
   */
  maxConnections?: number;
  log: Logger;
  /** Progress lines for a person (`npm run cluster`); default: the logger. */
  progress?: (line: string) => void;
}

export interface ClusterService {
  name: ClusterServiceName;
  process: ChildProcess;
  /** Starts the service again with the same configuration (after `kill`). */
  restart(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface TemporalCluster {
  /** The frontend's host:port. */
  address: string;
  services: Record<ClusterServiceName, ClusterService>;
  /** Any service's process, for the Temporal server's CPU and memory (the frontend's). */
  process: ChildProcess;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// The binaries: built once with Go (like the CLI), cached in .tools/bin.

/** Where the build puts the two binaries (present once built). */
export function clusterBinaryPaths(projectRoot: string): { server: string; sqlTool: string } {
  const bin = path.join(projectRoot, '.tools', 'bin');
  return { server: path.join(bin, `temporal-server-${TEMPORAL_SERVER_VERSION}`), sqlTool: path.join(bin, `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`) };
}

export async function ensureClusterBinaries(projectRoot: string, log: Logger, progress: (line: string) => void): Promise<ClusterBinaries> {
  const { server, sqlTool } = clusterBinaryPaths(projectRoot);
  await fsp.mkdir(path.dirname(server), { recursive: true });
  for (const [target, pkg, name] of [
    [server, `${SERVER_PACKAGE}/cmd/server`, 'server'],
    [sqlTool, `${SERVER_PACKAGE}/cmd/tools/sql`, 'sql'],
  ] as const) {
    if (existsSync(target)) continue;
    const started = Date.now();
    progress(`building the Temporal ${name === 'server' ? 'server' : 'SQL schema tool'} ${TEMPORAL_SERVER_VERSION} with Go (once; minutes) ...`);
    const staging = path.join(projectRoot, '.tools', `build-${name}`);
    await fsp.rm(staging, { recursive: true, force: true });
    await fsp.mkdir(staging, { recursive: true });
    try {
      await promisify(execFile)('go', ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], {
        env: { ...process.env, GOBIN: staging },
        maxBuffer: 64 * 1024 * 1024,
      });
      await fsp.rename(path.join(staging, name), target);
    } finally {
      await fsp.rm(staging, { recursive: true, force: true });
    }
    progress(`built ${path.relative(projectRoot, target)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  // The schema ships in the server's module, which the build left in Go's module cache.
  const { stdout } = await promisify(execFile)('go', ['env', 'GOMODCACHE']);
  const schemaDir = path.join(stdout.trim(), `${SERVER_PACKAGE}@${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(schemaDir)) throw new Error(`The Temporal server's SQL schema is not in Go's module cache: ${schemaDir}`);
  log.debug({ server, sqlTool, schemaDir }, 'Temporal cluster binaries');
  return { server, sqlTool, schemaDir };
}

// ---------------------------------------------------------------------------------------------------
// The databases: created if missing, then brought to the schema version of this server (idempotent).

export async function prepareClusterDatabases(binaries: ClusterBinaries, postgresUrl: string, prefix: string, log: Logger): Promise<void> {
  const url = new URL(postgresUrl);
  const connection = [
    '--plugin',
    'postgres12',
    '--endpoint',
    url.hostname,
    '--port',
    url.port || '5432',
    '--user',
    decodeURIComponent(url.username || 'postgres'),
    '--password',
    decodeURIComponent(url.password),
  ];
  const sql = (database: string, ...args: string[]) => promisify(execFile)(binaries.sqlTool, [...connection, '--database', database, ...args]);
  for (const [database, schema] of [
    [prefix, 'temporal'],
    [`${prefix}_visibility`, 'visibility'],
  ] as const) {
    try {
      await sql(database, 'create-database');
    } catch (error) {
      if (!/already exists/i.test(String((error as { stderr?: string }).stderr ?? error))) throw error;
    }
    // setup-schema -v 0.0 records version 0 once; update-schema applies only the versions not yet applied.
    await sql(database, 'setup-schema', '-v', '0.0').catch((error: unknown) => {
      if (!/already exists|schema_version/i.test(String((error as { stderr?: string }).stderr ?? error))) throw error;
    });
    await sql(database, 'update-schema', '-d', path.join(binaries.schemaDir, schema, 'versioned'));
    log.debug({ database, schema }, 'Temporal cluster database at the current schema version');
  }
}

// ---------------------------------------------------------------------------------------------------
// The configuration: one file per process (they differ only in the history instance's ports), JSON
// written as .yaml (YAML is a superset of JSON; the server reads <root>/<config>/<env>.yaml).

export function clusterConfig(
  options: Pick<TemporalClusterOptions, 'postgresUrl' | 'databasePrefix' | 'ports' | 'maxConnections'>,
  history: 'history-1' | 'history-2',
  dynamicConfigFile: string,
) {
  const url = new URL(options.postgresUrl);
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${url.hostname}:${url.port || '5432'}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username || 'postgres'),
      password: decodeURIComponent(url.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (ports: { grpc: number; membership: number; http?: number }) => ({
    rpc: { grpcPort: ports.grpc, membershipPort: ports.membership, bindOnIP: '127.0.0.1', ...(ports.http ? { httpPort: ports.http } : {}) },
  });
  const p = options.ports;
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        default: store(options.databasePrefix, options.maxConnections ?? 10),
        visibility: store(`${options.databasePrefix}_visibility`, Math.max(2, Math.ceil((options.maxConnections ?? 10) / 3))),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(p.frontend),
      history: rpc(p[history]),
      matching: rpc(p.matching),
      worker: rpc(p.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${p.frontend.grpc}`,
          httpAddress: `127.0.0.1:${p.frontend.http}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * What the dev server turns on and the project uses: Update-with-Start, immediate search attributes; and
 * eager activities, which our dev server is started with too (devtools/temporal-dev-server.ts).
 */
const DYNAMIC_CONFIG = {
  [EAGER_ACTIVITIES]: [{ value: true }],
  'frontend.enableExecuteMultiOperation': [{ value: true }],
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  'limit.maxIDLength': [{ value: 255 }],
};

// ---------------------------------------------------------------------------------------------------
// The processes.

export async function startTemporalCluster(options: TemporalClusterOptions): Promise<TemporalCluster> {
  const { log, workDir } = options;
  const progress = options.progress ?? ((line: string) => log.info(line));
  const binaries = await ensureClusterBinaries(options.projectRoot, log, progress);
  progress(`preparing the databases ${options.databasePrefix} and ${options.databasePrefix}_visibility (schema ${TEMPORAL_SERVER_VERSION}) ...`);
  await prepareClusterDatabases(binaries, options.postgresUrl, options.databasePrefix, log);

  await fsp.mkdir(workDir, { recursive: true });
  const dynamicConfigFile = path.join(workDir, 'dynamicconfig.yaml');
  await fsp.writeFile(dynamicConfigFile, JSON.stringify(DYNAMIC_CONFIG, null, 2));
  for (const history of ['history-1', 'history-2'] as const) {
    await fsp.mkdir(path.join(workDir, history), { recursive: true });
    await fsp.writeFile(path.join(workDir, history, 'cluster.yaml'), JSON.stringify(clusterConfig(options, history, dynamicConfigFile), null, 2));
  }

  const services = {} as Record<ClusterServiceName, ClusterService>;
  const stopAll = async () => {
    for (const name of [...SERVICES].reverse()) await services[name]?.kill('SIGTERM');
  };
  try {
    for (const name of SERVICES) {
      services[name] = await runService(name, options.ports[name].membership, binaries.server, workDir, log);
      progress(`  ${name} started (pid ${services[name].process.pid})`);
    }
    const address = `127.0.0.1:${options.ports.frontend.grpc}`;
    await ensureNamespace(address, options.namespace, options.searchAttributes, log);
    return {
      address,
      services,
      process: services.frontend.process,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function runService(name: ClusterServiceName, membershipPort: number, server: string, workDir: string, log: Logger): Promise<ClusterService> {
  const service = name.startsWith('history') ? 'history' : name;
  const configDir = path.join(workDir, name === 'history-2' ? 'history-2' : 'history-1');
  const logFile = path.join(workDir, `${name}.log`);
  let child!: ChildProcess;
  const launch = async () => {
    // Readiness is "the port answers": a port someone else listens on would look ready while our process dies.
    if (await listening(membershipPort)) throw new Error(`Port ${membershipPort} (Temporal ${name}'s membership) is already in use: choose other ports`);
    const out = await fsp.open(logFile, 'a');
    child = spawn(server, ['--root', configDir, '--config', '.', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service], {
      stdio: ['ignore', out.fd, out.fd],
    });
    await out.close();
    const exitedEarly = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => reject(new Error(`Temporal ${name} exited during start-up (code ${code}, signal ${signal}); see ${logFile}`))),
    );
    exitedEarly.catch(() => undefined);
    // A service is up once it listens on its membership port (the internal worker serves no gRPC);
    // the frontend answering the namespace calls below is the cluster's own readiness.
    await Promise.race([waitForPort(membershipPort, logFile), exitedEarly]);
    log.debug({ name, pid: child.pid }, 'Temporal cluster service started');
  };
  await launch();
  const handle: ClusterService = {
    name,
    get process() {
      return child;
    },
    restart: launch,
    kill: (signal = 'SIGKILL') => stopProcess(child, signal),
  };
  return handle;
}

/** Waits until the service accepts connections on a port. */
async function waitForPort(port: number, logFile: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await listening(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`A Temporal cluster service did not listen on ${port} within ${timeoutMs} ms; see ${logFile}`);
}

function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** Registers the namespace (a cluster has none at first) and the project's search attributes. */
async function ensureNamespace(address: string, namespace: string, searchAttributes: SearchAttributeKey[], log: Logger): Promise<void> {
  const deadline = Date.now() + 120_000;
  let connection: Connection | undefined;
  for (;;) {
    try {
      connection ??= await Connection.connect({ address, connectTimeout: 5_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch (error) {
        if (!/not found/i.test(String(error))) throw error;
        await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') });
        log.info({ namespace }, 'Registered the namespace on the Temporal cluster');
        continue;
      }
      await ensureSearchAttributes(connection, namespace, searchAttributes, `the cluster at ${address}`, log);
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        await connection?.close();
        throw new Error(`The Temporal cluster at ${address} did not become ready: ${String(error)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Ports from the frontend's gRPC port, laid out as Temporal's own development configuration does. */
export function clusterPortsFrom(frontend: number): ClusterPorts {
  const at = (offset: number) => frontend + offset;
  return {
    frontend: { grpc: frontend, membership: at(-300), http: at(10) },
    'history-1': { grpc: at(1), membership: at(-299) },
    'history-2': { grpc: at(11), membership: at(-289) },
    matching: { grpc: at(2), membership: at(-298) },
    worker: { grpc: at(6), membership: at(-294) },
  };
}
