// The Temporal SDK's process-wide Runtime (installed once, before any connection or worker): routes the
// SDK's own log lines (worker state, bundler, core) into our one pino logger, so a worker process writes
// one structured format, and, when asked, serves the Core SDK's metrics to Prometheus.
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export interface TemporalRuntimeOptions {
  /**
   * "ip:port" for the Core SDK's Prometheus exporter (WORKER_SDK_METRICS_ADDRESS); unset: no exporter.
   * Names follow Prometheus conventions (seconds, `_total` counters), e.g.
   * temporal_workflow_task_schedule_to_start_latency_seconds, temporal_worker_task_slots_available.
   */
  sdkMetricsAddress?: string;
}

export function installTemporalLogging(log: Logger, options: TemporalRuntimeOptions = {}): void {
  const sdkLog = log.child({ component: 'temporal-sdk' });
  // The SDK logs webpack's whole build report at INFO; it is only interesting when debugging bundling.
  const isBundlerReport = (message: string) => message.includes('\n') && message.includes('modules');
  // Routine lifecycle lines (the worker logs its own "worker started" / "worker stopped"): debug.
  const isRoutine = (message: string) => message === 'Worker state changed' || message.startsWith('No Nexus services registered');
  Runtime.install({
    // The SDK's default also shuts the worker down on SIGUSR2; our processes use SIGUSR2 for a memory
    // report (worker/main.ts), so only the usual termination signals stop a worker.
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
    logger: new DefaultLogger('INFO', (entry: LogEntry) => {
      const level = isBundlerReport(entry.message) || (entry.level === 'INFO' && isRoutine(entry.message)) ? 'debug' : LEVELS[entry.level];
      sdkLog[level](entry.meta ?? {}, entry.message);
    }),
    ...(options.sdkMetricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: options.sdkMetricsAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
            },
          },
        }
      : {}),
  });
}
