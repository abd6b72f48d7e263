// `npm run worker`: one worker process. Run as many as the load needs; they share the task queue.
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
import { createWorker } from './worker';
import { Client } from '@temporalio/client';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('worker', config.logLevel, config.logFormat);
  installTemporalLogging(log);
  const tracing = startTracing('allianceflow-worker', config.tracing);
  const db = createDatabase(config.database.url, { maxConnections: config.worker.databasePoolSize });
  await warnIfAuditTrailExposed((sql, values) => db.$queryRawUnsafe(sql, ...values), log);
  const dataConverter = createDataConverter(createPayloadCodec(config, log));
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({ connection, dataConverter, config, db, log });
  const { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, maxConcurrentActivityTaskExecutions } = worker.options;
  log.info(
    {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      tuning: {
        maxCachedWorkflows,
        maxConcurrentWorkflowTaskExecutions,
        maxConcurrentActivityTaskExecutions,
        databasePoolSize: config.worker.databasePoolSize,
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
  // Worker.run() drains in-flight tasks on SIGINT/SIGTERM (the SDK installs those handlers) and resolves.
  await worker.run();
  await reconciler.stop();
  await connection.close();
  await db.$disconnect();
  await tracing.shutdown();
  log.info('worker stopped');
}

main().catch(exitOnStartupError('worker'));
