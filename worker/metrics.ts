// Prometheus metrics of the worker process itself, served at the worker's /metrics
// (worker/health-server.ts, when WORKER_HEALTH_ADDRESS is set):
//   worker_activity_executions_total            by activity type and outcome (completed / failed / cancelled)
//   worker_activity_duration_seconds            by activity type
//   worker_abnormal_ends_recorded_total         workflow ends the reconciler recorded
//   worker_abnormal_end_reconciliations_failed_total
// plus prom-client's process metrics (CPU, memory, event loop lag). The Temporal SDK's own metrics
// (schedule-to-start latency, task slots) are the Core SDK's exporter's (WORKER_SDK_METRICS_ADDRESS).
// Labels are bounded: activity types are the registered functions' names. One registry per process,
// as in api/metrics.ts.
import { CancelledFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const workerMetricsRegistry = new Registry();
collectDefaultMetrics({ register: workerMetricsRegistry });

const activityExecutions = new Counter({
  name: 'worker_activity_executions_total',
  help: 'Activity attempts this worker ran, by activity type and outcome (completed, failed, cancelled).',
  labelNames: ['activity_type', 'outcome'] as const,
  registers: [workerMetricsRegistry],
});

const activityDuration = new Histogram({
  name: 'worker_activity_duration_seconds',
  help: 'Time one activity attempt ran on this worker, by activity type.',
  labelNames: ['activity_type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [workerMetricsRegistry],
});

const abnormalEndsRecorded = new Counter({
  name: 'worker_abnormal_ends_recorded_total',
  help: 'Workflows that ended abnormally (terminated, failed, timed out, cancelled) whose records this worker marked.',
  registers: [workerMetricsRegistry],
});

const reconciliationsFailed = new Counter({
  name: 'worker_abnormal_end_reconciliations_failed_total',
  help: 'Passes of the abnormal-end reconciler that failed (retried at the next pass).',
  registers: [workerMetricsRegistry],
});

export function recordAbnormalEnds(found: number): void {
  abnormalEndsRecorded.inc(found);
}

export function recordReconciliationFailure(): void {
  reconciliationsFailed.inc();
}

/** Counts and times every activity attempt (installed on both workers by worker/worker.ts). */
export class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly activityType: string) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const stopTimer = activityDuration.startTimer({ activity_type: this.activityType });
    try {
      const result = await next(input);
      activityExecutions.inc({ activity_type: this.activityType, outcome: 'completed' });
      return result;
    } catch (error) {
      activityExecutions.inc({ activity_type: this.activityType, outcome: error instanceof CancelledFailure ? 'cancelled' : 'failed' });
      throw error;
    } finally {
      stopTimer();
    }
  }
}
