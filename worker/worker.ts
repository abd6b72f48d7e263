// Builds the worker: the task queue's workflows (from a prebuilt bundle when one is configured) and the
// activities wired to their dependencies.
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import type { Config, WorkerTuning } from '../platform/config';
import type { Logger } from '../platform/logger';
import { activeTracing } from '../platform/tracing';
import { bundleDifferences, workflowInterceptorModules, workflowPreloadModules, workflowsEntry, workflowSourcesPresent } from '../platform/workflow-bundle';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';

export interface WorkerParts extends Omit<ActivityDependencies, 'temporal'> {
  connection: NativeConnection;
  /** The system's DataConverter (platform/temporal-data-converter.ts): the payload codec runs here, outside the sandbox. */
  dataConverter: DataConverter;
  config: Pick<Config, 'temporal' | 'workflowBundlePath' | 'notifications'> & Partial<Pick<Config, 'worker'>>;
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

/**
 * The Worker.create options that tuning changes (WORKER_* settings; the defaults and why are in
 * BENCHMARKS.md). Shared by the real worker and the benchmarks' bare baseline worker.
 */
export function workerTuningOptions(tuning: WorkerTuning | undefined): Partial<WorkerOptions> {
  if (!tuning) return {};
  return {
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    ...(tuning.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: tuning.maxCachedWorkflows } : {}),
    ...(tuning.workflowTaskPollers !== undefined ? { maxConcurrentWorkflowTaskPolls: tuning.workflowTaskPollers } : {}),
    ...(tuning.activityTaskPollers !== undefined ? { maxConcurrentActivityTaskPolls: tuning.activityTaskPollers } : {}),
  };
}

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  const bundlePath = parts.config.workflowBundlePath;
  // Running a stale bundle would execute old workflow code against new histories: refuse instead.
  if (bundlePath && workflowSourcesPresent()) {
    const differences = bundleDifferences(bundlePath);
    if (differences.length) throw new StaleWorkflowBundleError(bundlePath, differences);
  }
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> = parts.config.workflowBundlePath
    ? { workflowBundle: { codePath: parts.config.workflowBundlePath } }
    : { workflowsPath: workflowsEntry, bundlerOptions: { preloadModules: workflowPreloadModules } };
  return Worker.create({
    connection: parts.connection,
    namespace: parts.config.temporal.namespace,
    taskQueue: parts.config.temporal.taskQueue,
    activities: createActivities({
      db: parts.db,
      temporal:
        parts.temporal ??
        new Client({
          connection: parts.connection,
          namespace: parts.config.temporal.namespace,
          dataConverter: parts.dataConverter,
          interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
        }),
      config: parts.config,
      log: parts.log,
    }),
    dataConverter: parts.dataConverter,
    ...workflowSource,
    ...tracingOptions(Boolean(workflowSource.workflowsPath)),
    ...workerTuningOptions(parts.config.worker),
    ...parts.options,
  });
}

/**
 * OpenTelemetry (platform/tracing.ts): the workflow interceptors (baked into a prebuilt bundle, added
 * when bundling here), activity spans continuing the workflow's trace, and the sink through which the
 * sandboxed workflow's spans reach the process's span processor. With tracing off the spans are no-ops.
 */
function tracingOptions(bundlingHere: boolean): Partial<WorkerOptions> {
  const tracing = activeTracing();
  return {
    interceptors: {
      ...(bundlingHere ? { workflowModules: workflowInterceptorModules } : {}),
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
