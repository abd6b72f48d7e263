// Builds the worker: the task queue's workflows (from a prebuilt bundle when one is configured) and the
// activities wired to their dependencies.
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';

export const workflowsPath = require.resolve('../workflows');

export interface WorkerParts extends ActivityDependencies {
  connection: NativeConnection;
  config: Pick<Config, 'temporal' | 'workflowBundlePath'>;
  log: Logger;
  /** Overrides for tests and benchmarks (e.g. a shared bundle, another task queue). */
  options?: Partial<WorkerOptions>;
}

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = parts.config.workflowBundlePath
    ? { workflowBundle: { codePath: parts.config.workflowBundlePath } }
    : { workflowsPath };
  return Worker.create({
    connection: parts.connection,
    namespace: parts.config.temporal.namespace,
    taskQueue: parts.config.temporal.taskQueue,
    activities: createActivities({ db: parts.db }),
    ...workflowSource,
    ...parts.options,
  });
}
