// What "ready" means for a worker process (its /readyz, worker/health-server.ts): both workers are
// polling (state RUNNING: not still starting, draining after SIGTERM, or failed), Temporal answers on the
// worker's own connection, and the database answers on the worker's pool.
import type { NativeConnection, Worker } from '@temporalio/worker';
import { type Database, pingDatabase } from '../platform/database';
import type { ReadinessCheck } from './health-server';

export function workerReadinessChecks(parts: {
  workers: Record<string, Worker>;
  connection: NativeConnection;
  namespace: string;
  db: Database;
}): ReadinessCheck[] {
  return [
    {
      name: 'workers',
      probe: async () => {
        const notRunning = Object.entries(parts.workers).filter(([, worker]) => worker.getState() !== 'RUNNING');
        if (notRunning.length) throw new Error(notRunning.map(([name, worker]) => `${name} worker ${worker.getState()}`).join(', '));
      },
    },
    { name: 'temporal', probe: () => parts.connection.workflowService.describeNamespace({ namespace: parts.namespace }) },
    { name: 'database', probe: () => pingDatabase(parts.db) },
  ];
}
