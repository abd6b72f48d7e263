// Builds the workers: the task queue's workflows (from a prebuilt bundle when one is configured) and the
// activities wired to their dependencies; the worker process also runs the matching rounds' own worker.
import { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { failDataErrorsAtOnce } from '../activities/data-errors';
import { createMatchingRoundActivities } from '../activities/matching-round/round-records';
import { type Config, matchingRoundTaskQueue, type WorkerTuning } from '../platform/config';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { activeTracing } from '../platform/tracing';
import { ActivityMetricsInterceptor } from './metrics';
import { setWorkflowStackTraces } from './workflow-stack-traces';
import { limitWorkflowThreadHeap } from './workflow-heap';
import {
  bundleDifferences,
  bundleWorkflows,
  workflowInterceptorModules,
  workflowPreloadModules,
  workflowsEntry,
  workflowSourcesPresent,
} from '../platform/workflow-bundle';
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
  // Before Worker.create starts the workflow thread: the thread's heap limit follows the cache, and it
  // reads whether to collect stack traces from the environment it copies.
  limitWorkflowThreadHeap(tuning);
  setWorkflowStackTraces(tuning);
  return {
    maxConcurrentWorkflowTaskExecutions: tuning.maxConcurrentWorkflowTasks,
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivities,
    ...(tuning.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: tuning.maxCachedWorkflows } : {}),
    ...(tuning.workflowTaskPollers !== undefined ? { maxConcurrentWorkflowTaskPolls: tuning.workflowTaskPollers } : {}),
    ...(tuning.activityTaskPollers !== undefined ? { maxConcurrentActivityTaskPolls: tuning.activityTaskPollers } : {}),
  };
}

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  return Worker.create({
    ...commonOptions(parts, workflowSourceOf(parts.config.workflowBundlePath)),
    taskQueue: parts.config.temporal.taskQueue,
    activities: createActivities({ db: parts.db, temporal: activityClient(parts), config: parts.config, log: parts.log }),
    ...workerTuningOptions(parts.config.worker),
    ...parts.options,
  });
}

/** How many rounds one worker records at once (each holds one of its database connections meanwhile). */
const ROUND_SLOTS = 4;

/**
 * The worker process's two workers: the task queue of every process, and the matching rounds' own
 * (createRoundWorker), both on the same workflow bundle, built once. Without `roundDb` (WORKER_RUNS_ROUNDS
 * false: a round worker process polls the rounds' queue) only the first.
 */
export async function createWorkers(parts: WorkerParts & { roundDb?: Database }): Promise<{ main: Worker; rounds?: Worker }> {
  const source = await sharedWorkflowSource(parts);
  const main = await Worker.create({
    ...commonOptions(parts, source),
    taskQueue: parts.config.temporal.taskQueue,
    activities: createActivities({ db: parts.db, temporal: activityClient(parts), config: parts.config, log: parts.log }),
    ...workerTuningOptions(parts.config.worker),
    ...parts.options,
  });
  if (!parts.roundDb) return { main };
  return { main, rounds: await createRoundWorker({ ...parts, db: parts.roundDb }, source) };
}

/**
 * The matching rounds' worker (matchingRoundTaskQueue), with its own task slots and database pool
 * (`parts.db`), so a round's recording never waits behind other processes' tasks and activities, nor for
 * a connection they hold. The round's offers are started on the main queue. In a process of its own
 * (worker/round-worker.ts) it shares no event loop with them either.
 */
export async function createRoundWorker(parts: WorkerParts, source?: WorkflowSource): Promise<Worker> {
  return Worker.create({
    ...commonOptions(parts, source ?? (await sharedWorkflowSource(parts))),
    taskQueue: matchingRoundTaskQueue(parts.config.temporal),
    activities: failDataErrorsAtOnce({ ...createMatchingRoundActivities(parts.db) }),
    maxConcurrentWorkflowTaskExecutions: ROUND_SLOTS,
    maxConcurrentActivityTaskExecutions: ROUND_SLOTS,
    maxConcurrentLocalActivityExecutions: ROUND_SLOTS,
    // A round starts as a new workflow, on the queue's ordinary (not sticky) side: half the pollers wait
    // there (the default is a fifth: one), so rounds started together are picked up together.
    nonStickyToStickyPollRatio: 0.5,
    ...parts.options,
  });
}

/** The configured prebuilt bundle, or one built here once for every worker of the process. */
async function sharedWorkflowSource(parts: WorkerParts): Promise<WorkflowSource> {
  return parts.config.workflowBundlePath ? workflowSourceOf(parts.config.workflowBundlePath) : { workflowBundle: { code: await bundleWorkflows(parts.log) } };
}

type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

function workflowSourceOf(bundlePath: string | undefined): WorkflowSource {
  // Running a stale bundle would execute old workflow code against new histories: refuse instead.
  if (bundlePath && workflowSourcesPresent()) {
    const differences = bundleDifferences(bundlePath);
    if (differences.length) throw new StaleWorkflowBundleError(bundlePath, differences);
  }
  return bundlePath
    ? { workflowBundle: { codePath: bundlePath } }
    : { workflowsPath: workflowsEntry, bundlerOptions: { preloadModules: workflowPreloadModules } };
}

function commonOptions(parts: WorkerParts, source: WorkflowSource): Partial<WorkerOptions> & Pick<WorkerOptions, 'connection'> {
  return {
    connection: parts.connection,
    namespace: parts.config.temporal.namespace,
    dataConverter: parts.dataConverter,
    ...source,
    ...tracingOptions(Boolean(source.workflowsPath)),
  };
}

function activityClient(parts: WorkerParts): Client {
  return (
    parts.temporal ??
    new Client({
      connection: parts.connection,
      namespace: parts.config.temporal.namespace,
      dataConverter: parts.dataConverter,
      interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    })
  );
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
      activity: [
        (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) }),
        // The worker's own counters (worker/metrics.ts), served at its /metrics.
        (ctx) => ({ inbound: new ActivityMetricsInterceptor(ctx.info.activityType) }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
