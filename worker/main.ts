// `npm run worker`: one worker process. Run as many as the load needs; they share the task queues (the
// processes' one, and the matching rounds' own: worker/worker.ts). With WORKER_RUNS_ROUNDS=false the
// rounds' queue is left to round worker processes (worker/round-worker.ts), as npm start runs them.
import { createDatabase } from '../platform/database';
import { warnIfAuditTrailExposed } from '../platform/database-roles';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startTracing } from '../platform/tracing';
import { exitOnStartupError } from '../platform/startup-error';
import { connectWorker } from '../platform/temporal-connection';
import { createDataConverter, createPayloadCodec } from '../platform/temporal-data-converter';
import { installTemporalLogging } from '../platform/temporal-runtime';
import { startAbnormalEndReconciler } from './abnormal-end-reconciler';
import { startHealthServer } from './health-server';
import { workerMetricsRegistry } from './metrics';
import { workerReadinessChecks } from './readiness';
import { createWorkers } from './worker';
import { workflowHeapMb } from './workflow-heap';
import { Client } from '@temporalio/client';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel, config.logFormat);
  installTemporalLogging(log, { sdkMetricsAddress: config.worker.sdkMetricsAddress });
  const tracing = startTracing('allianceflow-worker', config.tracing);
  const db = createDatabase(config.database.url, { maxConnections: config.worker.databasePoolSize });
  await warnIfAuditTrailExposed((sql, values) => db.$queryRawUnsafe(sql, ...values), log);
  const dataConverter = createDataConverter(createPayloadCodec(config, log));
  const connection = await connectWorker(config.temporal);
  // The matching rounds' worker has connections of its own: a round never waits for one the others hold.
  const roundDb = config.worker.runsRounds ? createDatabase(config.database.url, { maxConnections: config.worker.roundDatabasePoolSize }) : undefined;
  const { main: worker, rounds } = await createWorkers({ connection, dataConverter, config, db, roundDb, log });
  // WORKER_HEALTH_ADDRESS: /healthz, /readyz, /metrics for probes and Prometheus (off when unset).
  const health = config.worker.healthAddress
    ? await startHealthServer({
        address: config.worker.healthAddress,
        checks: workerReadinessChecks({ workers: rounds ? { main: worker, rounds } : { main: worker }, connection, namespace: config.temporal.namespace, db }),
        registry: workerMetricsRegistry,
        log,
      })
    : undefined;
  const { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, maxConcurrentActivityTaskExecutions } = worker.options;
  log.info(
    {
      taskQueue: config.temporal.taskQueue,
      roundTaskQueue: rounds?.options.taskQueue ?? 'left to a round worker process',
      namespace: config.temporal.namespace,
      health: health?.url,
      sdkMetrics: config.worker.sdkMetricsAddress ? `http://${config.worker.sdkMetricsAddress}/metrics` : undefined,
      tuning: {
        maxCachedWorkflows,
        workflowHeapMb: workflowHeapMb(config.worker),
        maxConcurrentWorkflowTaskExecutions,
        maxConcurrentActivityTaskExecutions,
        databasePoolSize: config.worker.databasePoolSize,
        roundDatabasePoolSize: config.worker.roundDatabasePoolSize,
      },
    },
    'worker started',
  );
  // `kill -USR2 <pid>` logs the process's memory: used by the benchmarks, handy in production.
  process.on('SIGUSR2', () => log.info({ memory: process.memoryUsage() }, 'memory report'));
  // Records nobody reads still show a workflow that ended abnormally (terminated, failed...).
  const reconciler = startAbnormalEndReconciler({
    client: new Client({ connection, namespace: config.temporal.namespace, dataConverter }),
    db,
    log,
    intervalMs: config.worker.reconcileIntervalMs,
  });
  // Worker.run() drains in-flight tasks on SIGINT/SIGTERM (the SDK installs those handlers, for every worker) and resolves.
  await Promise.all([worker.run(), rounds?.run()]);
  await reconciler.stop();
  await health?.close();
  await connection.close();
  await db.$disconnect();
  await roundDb?.$disconnect();
  await tracing.shutdown();
  log.info('worker stopped');
}

main().catch(exitOnStartupError('worker'));
