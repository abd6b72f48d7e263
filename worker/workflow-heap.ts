// The V8 heap limit of the worker's workflow thread. The SDK runs every cached workflow in one worker
// thread and gives it no limit of its own, so V8 sizes it from the machine's memory (4 GiB here) and
// collects lazily: a worker whose cache churns (placements evicted and replayed as they wake) keeps the
// evicted workflows' garbage, and its RSS grows with the workflows it has *seen*, not the ones it holds
// (B3 in BENCHMARKS.md: 1,000 placements through a cache of 200 took 1.1 GiB; with a limit, 0.7 GiB).
//
// A V8 flag set while the process runs applies to isolates created afterwards and leaves the main
// thread's heap as it is; so it is set just before the SDK starts the workflow thread. The limit follows
// the cache (about 0.75 MiB live per cached placement, measured: 1 MiB each leaves room) unless
// WORKER_WORKFLOW_HEAP_MB sets it; too small a limit ends the thread with an out-of-memory error.
import v8 from 'node:v8';
import type { WorkerTuning } from '../platform/config';

/** What the bundle, the SDK and the preloaded libraries take before any workflow runs, with room. */
const BASE_MB = 192;
const PER_CACHED_WORKFLOW_MB = 1;

export function workflowHeapMb(tuning: Pick<WorkerTuning, 'maxCachedWorkflows' | 'workflowHeapMb'> | undefined): number | undefined {
  if (tuning?.workflowHeapMb !== undefined) return tuning.workflowHeapMb;
  if (tuning?.maxCachedWorkflows === undefined || tuning.maxCachedWorkflows === 0) return undefined;
  return BASE_MB + PER_CACHED_WORKFLOW_MB * tuning.maxCachedWorkflows;
}

/** Sets the limit for the workflow threads the SDK creates from now on; returns it (undefined: V8's own). */
export function limitWorkflowThreadHeap(tuning: Pick<WorkerTuning, 'maxCachedWorkflows' | 'workflowHeapMb'> | undefined): number | undefined {
  const mb = workflowHeapMb(tuning);
  if (mb !== undefined) v8.setFlagsFromString(`--max-old-space-size=${mb}`);
  return mb;
}
