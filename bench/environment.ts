// The benchmarks' world: a fresh local stack (Temporal dev server with its own SQLite, a fresh migrated
// PostgreSQL database, the prebuilt workflow bundle: test/support/local-stack.ts), the real worker and
// API as child processes started like production (devtools/child-service.ts), the bare baseline worker
// as a third, and the benchmark's own Temporal client and database pool. Everything listens on
// loopback; stop() takes it all down.
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { type ChildService, startChildService } from '../devtools/child-service';
import { createDatabase, type Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { newPayloadKeyLine, PayloadEncryptionCodec, parsePayloadKeys } from '../platform/payload-codec';
import { createDataConverter } from '../platform/temporal-data-converter';
import { freePort } from '../test/support/free-port';
import { type LocalStack, startLocalStack, type TemporalKind } from '../test/support/local-stack';
import type { Window } from './cpu-profile';
import { type CpuGroup, rssBytes } from './process-stats';

export const BARE_TASK_QUEUE = 'bench-bare';
export const TASK_QUEUE = 'allianceflow';
/** One payload key per benchmark run, for its client and every process it starts (payloads are encrypted, as in production). */
const BENCH_PAYLOAD_KEYS = newPayloadKeyLine('bench');

export interface EnvironmentOptions {
  log: Logger;
  /** LOG_LEVEL of the worker and API (production's default is info). */
  serviceLogLevel: string;
  /** Extra settings for the worker processes (WORKER_* tuning). */
  workerEnv: Record<string, string>;
  /** Run the API, the worker and the bare worker with --cpu-prof; profiles land in runDir/profiles. */
  cpuProfile: boolean;
  runDir: string;
  /** The dev server (default), or the production-shaped cluster (`--cluster`). */
  temporal?: TemporalKind;
}

/** What a worker says in its ready line. */
export interface ReadyInfo {
  tuning?: { maxCachedWorkflows?: number; maxConcurrentWorkflowTaskExecutions?: number; maxConcurrentActivityTaskExecutions?: number };
}

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

interface Service {
  child: ChildService;
  ready?: ReadyInfo;
  logFile: WriteStream;
  waiters: Set<(line: string) => boolean>;
}

export class BenchEnvironment {
  private services = new Map<'api' | 'worker' | 'bare', Service>();
  apiUrl = '';
  /** Stretches of load the CPU profiles are summarised over (--profile). */
  readonly profileWindows: Window[] = [];
  private constructor(
    readonly options: EnvironmentOptions,
    readonly stack: LocalStack,
    readonly db: Database,
    readonly client: Client,
    readonly bareBundlePath: string,
  ) {}

  static async start(options: EnvironmentOptions): Promise<BenchEnvironment> {
    mkdirSync(options.runDir, { recursive: true });
    const stack = await startLocalStack('bench', options.log, options.temporal ?? 'dev-server');
    try {
      const bareBundlePath = path.join(stack.workDir, 'bare-bundle.js');
      const silent = () => undefined;
      const { code } = await bundleWorkflowCode({
        workflowsPath: require.resolve('./bare/workflow'),
        logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: (m) => options.log.error(m) },
      });
      writeFileSync(bareBundlePath, code);
      const connection = await Connection.connect({ address: stack.temporalAddress });
      // The benchmark's client reads and writes payloads as the services do: sealed with the run's key.
      const codec = new PayloadEncryptionCodec(parsePayloadKeys(BENCH_PAYLOAD_KEYS), { acceptPlaintext: false });
      const client = new Client({ connection, namespace: stack.namespace, dataConverter: createDataConverter(codec) });
      // Few connections: the load generator only polls and seeds, and the machine's PostgreSQL is shared.
      const db = createDatabase(stack.databaseUrl, { maxConnections: 4 });
      return new BenchEnvironment(options, stack, db, client, bareBundlePath);
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  private baseEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: this.options.serviceLogLevel,
      TEMPORAL_ADDRESS: this.stack.temporalAddress,
      TEMPORAL_NAMESPACE: this.stack.namespace,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      DATABASE_URL: this.stack.databaseUrl,
      WORKFLOW_BUNDLE_PATH: this.stack.bundlePath,
      DATA_DIR: path.join(this.stack.workDir, 'data'),
      // The benchmarks are a few principals sending thousands of requests from loopback: the general
      // rate limit (api/rate-limit.ts) stays on, counting, but far above their load.
      RATE_LIMIT_PER_TOKEN: '100000000',
      RATE_LIMIT_PER_ADDRESS: '100000000',
      TEMPORAL_PAYLOAD_KEYS: BENCH_PAYLOAD_KEYS,
    };
  }

  private async launch(key: 'api' | 'worker' | 'bare', entry: string, env: NodeJS.ProcessEnv, readyMessage: string): Promise<ChildService> {
    const previous = this.services.get(key);
    if (previous && previous.child.process.exitCode === null && previous.child.process.signalCode === null) return previous.child;
    const logFile = createWriteStream(path.join(this.options.runDir, `${key}.log`), { flags: 'a' });
    const waiters = new Set<(line: string) => boolean>();
    let ready: ReadyInfo | undefined;
    const profileDir = path.join(this.options.runDir, 'profiles', key);
    const child = await startChildService({
      name: key,
      entry,
      env,
      readyMessage,
      nodeArgs: this.options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      onLine: (line) => {
        logFile.write(line + '\n');
        if (!ready && line.includes(`"msg":"${readyMessage}"`)) ready = JSON.parse(line) as ReadyInfo;
        for (const waiter of waiters) if (waiter(line)) waiters.delete(waiter);
      },
    });
    this.services.set(key, { child, logFile, waiters, ready });
    return child;
  }

  async startWorker(extraEnv: Record<string, string> = {}): Promise<ChildService> {
    return this.launch('worker', 'worker/main.ts', { ...this.baseEnv(), ...this.options.workerEnv, ...extraEnv }, 'worker started');
  }

  async startApi(): Promise<ChildService> {
    if (!this.apiUrl) this.apiUrl = `http://127.0.0.1:${await freePort()}`;
    const port = new URL(this.apiUrl).port;
    return this.launch('api', 'api/main.ts', { ...this.baseEnv(), HTTP_HOST: '127.0.0.1', HTTP_PORT: port }, 'api listening');
  }

  async startBareWorker(): Promise<ChildService> {
    return this.launch(
      'bare',
      'bench/bare/worker.ts',
      { ...this.baseEnv(), ...this.options.workerEnv, TEMPORAL_TASK_QUEUE: BARE_TASK_QUEUE, WORKFLOW_BUNDLE_PATH: this.bareBundlePath },
      'worker started',
    );
  }

  async stopService(key: 'api' | 'worker' | 'bare'): Promise<void> {
    const service = this.services.get(key);
    if (!service) return;
    await service.child.stop(30_000);
    service.logFile.end();
    this.services.delete(key);
  }

  readyInfo(key: 'api' | 'worker' | 'bare'): ReadyInfo | undefined {
    return this.services.get(key)?.ready;
  }

  pid(key: 'api' | 'worker' | 'bare'): number | undefined {
    const child = this.services.get(key)?.child;
    return child && child.process.exitCode === null ? child.process.pid : undefined;
  }

  /** The service's process.memoryUsage(), from its log line after SIGUSR2, and its RSS from /proc. */
  async memoryReport(key: 'worker' | 'bare'): Promise<MemoryReport> {
    const service = this.services.get(key);
    const pid = this.pid(key);
    if (!service || pid === undefined) throw new Error(`${key} is not running`);
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${key} did not report its memory`)), 10_000);
      service.waiters.add((l) => {
        if (!l.includes('"msg":"memory report"')) return false;
        clearTimeout(timer);
        resolve(l);
        return true;
      });
      process.kill(pid, 'SIGUSR2');
    });
    const memory = (JSON.parse(line) as { memory: MemoryReport }).memory;
    return { ...memory, rss: rssBytes(pid) };
  }

  /** The processes whose CPU time the benchmarks account for. */
  cpuGroups(): CpuGroup[] {
    const one = (pid: number | undefined) => (pid === undefined ? [] : [pid]);
    return [
      { name: 'API', pids: () => one(this.pid('api')) },
      { name: 'worker', pids: () => one(this.pid('worker')) },
      { name: 'bare worker', pids: () => one(this.pid('bare')) },
      // The cluster's five processes; its persistence is PostgreSQL's work (the dev server's SQLite is in its process).
      { name: 'Temporal server', pids: () => this.stack.temporal.pids() },
      { name: 'PostgreSQL', pids: () => this.postgresBackends() },
      { name: 'Temporal PostgreSQL', pids: () => this.postgresBackends(this.stack.temporal.databases) },
      { name: 'load generator', pids: () => [process.pid] },
    ];
  }

  /** The PostgreSQL server processes serving this run's database (its backends), or the named databases'. */
  async postgresBackends(databases?: string[]): Promise<number[]> {
    if (databases?.length === 0) return [];
    const rows = databases
      ? await this.db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = ANY(${databases})`
      : await this.db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    return rows.map((r) => Number(r.pid));
  }

  async stop(): Promise<void> {
    for (const key of ['api', 'worker', 'bare'] as const) await this.stopService(key).catch(() => undefined);
    await this.client.connection.close().catch(() => undefined);
    await this.db.$disconnect().catch(() => undefined);
    await this.stack.stop();
  }
}
