// Routes the Temporal SDK's own log lines (worker state, bundler, core) into our one pino logger, so a
// worker process writes one structured format.
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

export function installTemporalLogging(log: Logger): void {
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
  });
}
