// The baseline worker, as a process of its own (like the real worker), with the same tuning options
// (WORKER_* settings through the same config and workerTuningOptions) and, like the real worker, a
// prebuilt workflow bundle when WORKFLOW_BUNDLE_PATH is given.
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { createDataConverter, createPayloadCodec } from '../../platform/temporal-data-converter';
import { installTemporalLogging } from '../../platform/temporal-runtime';
import { workerTuningOptions } from '../../worker/worker';
import * as activities from './activities';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('bare-worker', config.logLevel);
  installTemporalLogging(log);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    // The baseline pays for payload encryption too, so the comparison with the real worker stays fair.
    dataConverter: createDataConverter(createPayloadCodec(config, log)),
    ...(config.workflowBundlePath ? { workflowBundle: { codePath: config.workflowBundlePath } } : { workflowsPath: require.resolve('./workflow') }),
    activities,
    ...workerTuningOptions(config.worker),
  });
  const { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, maxConcurrentActivityTaskExecutions } = worker.options;
  log.info(
    { taskQueue: config.temporal.taskQueue, tuning: { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions, maxConcurrentActivityTaskExecutions } },
    'worker started',
  );
  process.on('SIGUSR2', () => log.info({ memory: process.memoryUsage() }, 'memory report'));
  await worker.run();
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
