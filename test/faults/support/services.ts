// The system under fault: the worker and the API as real child processes (worker/main.ts, api/main.ts,
// exactly as `npm start` runs them), so that a fault can kill one outright. Their JSON log lines go to
// a file in the scenario's folder (named in failures), not to the test output.
import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChildService, startChildService } from '../../../devtools/child-service';
import { freePort } from '../../support/free-port';

export interface ServiceEnvironment {
  temporalAddress: string;
  databaseUrl: string;
  taskQueue: string;
  /** Extra settings (SMTP, webhooks, ...). */
  extra?: NodeJS.ProcessEnv;
}

export interface FaultServices {
  workDir: string;
  baseUrl: string;
  api: ChildService;
  worker: ChildService | null;
  /** How many worker processes were started, the first included. */
  workerStarts: number;
  /** Service processes that ended without being told to (name, code, signal). */
  unexpectedExits: string[];
  /** Activity attempts the workers logged as failed (to be retried by Temporal), so far. */
  failedActivityAttempts(): number;
  startWorker(): Promise<ChildService>;
  /** SIGKILL: no draining, no clean-up, as a machine or container crash would. */
  killWorker(): Promise<void>;
  stop(): Promise<void>;
  logFile: string;
}

/** The environment both processes share: this run's Temporal, database, task queue and bundle. */
function environment(env: ServiceEnvironment, workDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    // The ready messages are info lines: the children log at info (into the log file).
    LOG_LEVEL: 'info',
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    DATABASE_URL: env.databaseUrl,
    DATA_DIR: path.join(workDir, 'data'),
    ...env.extra,
  };
}

export async function startFaultServices(label: string, env: ServiceEnvironment): Promise<FaultServices> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `allianceflow-fault-${label}-`));
  const logFile = path.join(workDir, 'services.log');
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  let failedActivities = 0;
  const line = (name: string) => (text: string) => {
    if (text.includes('"msg":"Activity failed"')) failedActivities++;
    // A 500's cause is only in the service's log, which is deleted after the run: show it now.
    if (text.includes('"msg":"unexpected error"')) process.stderr.write(`[${label}] ${name} ${text}\n`);
    log.write(`${name} ${text}\n`);
  };
  const shared = environment(env, workDir);
  const port = await freePort();

  let workerStarts = 0;
  const unexpectedExits: string[] = [];
  const expectedExits = new Set<unknown>();
  const watch = (service: ChildService) =>
    service.process.once('exit', (code, signal) => {
      if (!expectedExits.has(service.process)) unexpectedExits.push(`${service.name} (code ${code}, signal ${signal})`);
    });
  const startWorker = async (): Promise<ChildService> => {
    workerStarts++;
    const name = `worker#${workerStarts}`;
    const worker = await startChildService({
      name,
      entry: 'worker/main.ts',
      env: shared,
      readyMessage: 'worker started',
      onLine: line(name),
      // A loaded machine (other engineers' tests, our own load) makes tsx start-up slow.
      readyTimeoutMs: 180_000,
    });
    services.worker = worker;
    watch(worker);
    return worker;
  };

  const [api] = await Promise.all([
    startChildService({
      name: 'api',
      entry: 'api/main.ts',
      env: { ...shared, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) },
      readyMessage: 'api listening',
      onLine: line('api'),
      readyTimeoutMs: 180_000,
    }),
  ]);

  const services: FaultServices = {
    workDir,
    logFile,
    baseUrl: `http://127.0.0.1:${port}`,
    api,
    worker: null,
    get workerStarts() {
      return workerStarts;
    },
    unexpectedExits,
    failedActivityAttempts: () => failedActivities,
    startWorker,
    async killWorker() {
      const worker = services.worker;
      if (!worker) return;
      services.worker = null;
      const child = worker.process;
      expectedExits.add(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (services.worker) expectedExits.add(services.worker.process);
      expectedExits.add(api.process);
      await Promise.all([services.worker?.stop(10_000), api.stop(10_000)]);
      services.worker = null;
      await new Promise<void>((resolve) => log.end(resolve));
      if (!process.env.FAULTS_KEEP_LOGS) rmSync(workDir, { recursive: true, force: true });
    },
  };
  watch(api);
  await startWorker();
  return services;
}
