// Builds the worker: the task queue's workflows (from a prebuilt bundle when one is configured) and the
// activities wired to their dependencies.
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { bundleDifferences, workflowsEntry, workflowSourcesPresent } from '../platform/workflow-bundle';

export interface WorkerParts extends Omit<ActivityDependencies, 'temporal'> {
  connection: NativeConnection;
  config: Pick<Config, 'temporal' | 'workflowBundlePath' | 'notifications'>;
  /** The activities' Temporal client; by default one over the worker's own connection. */
  temporal?: Client;
  log: Logger;
  /** Overrides for tests and benchmarks (e.g. a shared bundle, another task queue). */
  options?: Partial<WorkerOptions>;
}

export class StaleWorkflowBundleError extends Error {
  constructor(bundlePath: string, differences: string[]) {
    super(`The workflow bundle ${bundlePath} does not match the source (${differences.join('; ')}). Run npm run build.`);
    this.name = 'StaleWorkflowBundleError';
  }
}

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  const bundlePath = parts.config.workflowBundlePath;
  // Running a stale bundle would execute old workflow code against new histories: refuse instead.
  if (bundlePath && workflowSourcesPresent()) {
    const differences = bundleDifferences(bundlePath);
    if (differences.length) throw new StaleWorkflowBundleError(bundlePath, differences);
  }
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = parts.config.workflowBundlePath
    ? { workflowBundle: { codePath: parts.config.workflowBundlePath } }
    : { workflowsPath: workflowsEntry };
  return Worker.create({
    connection: parts.connection,
    namespace: parts.config.temporal.namespace,
    taskQueue: parts.config.temporal.taskQueue,
    activities: createActivities({
      db: parts.db,
      temporal: parts.temporal ?? new Client({ connection: parts.connection, namespace: parts.config.temporal.namespace }),
      config: parts.config,
      log: parts.log,
    }),
    ...workflowSource,
    ...parts.options,
  });
}
