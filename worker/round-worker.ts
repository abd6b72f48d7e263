// `npm run worker:rounds`: a round worker process, polling only the matching rounds' queue (worker/worker.ts
// createRoundWorker). A round's answer waits for its recording, run in the round's first workflow task;
// in the worker process that task shared one event loop with every other process's tasks and activities
// (measured by test/faults F6: seconds of a loaded round's answer). Here it has a process of its own, with
// its own database pool. npm start and the deploy kit run one beside the worker (WORKER_RUNS_ROUNDS=false
// there); run more for more rounds at once.
import { createDatabase } from '../platform/database';
import { loadConfig, matchingRoundTaskQueue } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startTracing } from '../platform/tracing';
import { exitOnStartupError } from '../platform/startup-error';
import { connectWorker } from '../platform/temporal-connection';
import { createDataConverter, createPayloadCodec } from '../platform/temporal-data-converter';
import { installTemporalLogging } from '../platform/temporal-runtime';
import { createRoundWorker } from './worker';
import { readRoundInput, type RoundRequest } from '../activities/matching-round/round-data';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('round-worker', config.logLevel, config.logFormat);
  installTemporalLogging(log);
  const tracing = startTracing('allianceflow-round-worker', config.tracing);
  // Rounds are rare: connections kept open between them, so a round never waits to open one.
  const db = createDatabase(config.database.url, { maxConnections: config.worker.roundDatabasePoolSize, keepIdleConnections: true });
  const dataConverter = createDataConverter(createPayloadCodec(config, log));
  const connection = await connectWorker(config.temporal);
  const worker = await createRoundWorker({ connection, dataConverter, config, db, log });
  // The first round would otherwise pay for the process's first database connection and for Prisma's
  // first plan of each of the round's reads (its query compiler runs then): seconds of a loaded
  // machine's first answer. So the round's reads run once here, in a transaction, for a school that does not exist.
  const warmUp: RoundRequest = { schoolOrganizationId: '(warm-up)', cohort: '(warm-up)', seed: '0', positionPreferences: [], rules: config.placement.rules };
  await db.$transaction((tx) => readRoundInput(tx, warmUp, { lockCapacity: true }));
  log.info(
    { roundTaskQueue: matchingRoundTaskQueue(config.temporal), namespace: config.temporal.namespace, databasePoolSize: config.worker.roundDatabasePoolSize },
    'round worker started',
  );
  process.on('SIGUSR2', () => log.info({ memory: process.memoryUsage() }, 'memory report'));
  // Worker.run() drains the round in flight on SIGINT/SIGTERM (the SDK's handlers) and resolves.
  await worker.run();
  await connection.close();
  await db.$disconnect();
  await tracing.shutdown();
  log.info('round worker stopped');
}

main().catch(exitOnStartupError('round-worker'));
