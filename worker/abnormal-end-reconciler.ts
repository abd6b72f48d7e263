// Records abnormal workflow ends nobody has read yet: every WORKFLOW_END_RECONCILE_INTERVAL the worker
// asks Temporal's visibility for the agreements, placements and certification applications whose
// workflow closed terminated, failed, timed out or cancelled since the last pass (with a margin), and
// marks their records (platform/workflow-ends.ts), so lists show them without anyone opening each one.
// Every worker runs it; the writes are idempotent, so several at once only repeat each other.
import type { Client } from '@temporalio/client';
import type { Database } from '../platform/database';
import type { Logger } from '../platform/logger';
import { reconcileAbnormalEnds } from '../platform/workflow-ends';
import { recordAbnormalEnds, recordReconciliationFailure } from './metrics';

export interface AbnormalEndReconciler {
  stop(): Promise<void>;
}

/** The first pass looks back this far: ends while no worker ran are found too. */
const FIRST_LOOK_BACK_MS = 7 * 24 * 3600 * 1000;

export function startAbnormalEndReconciler(parts: { client: Client; db: Database; log: Logger; intervalMs: number }): AbnormalEndReconciler {
  let since = new Date(Date.now() - FIRST_LOOK_BACK_MS);
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    const started = new Date();
    try {
      const found = await reconcileAbnormalEnds(parts.client, parts.db, since);
      recordAbnormalEnds(found);
      if (found > 0) parts.log.info({ found, since }, 'abnormal workflow ends recorded');
      // Visibility is eventually consistent: the next pass overlaps this one by an interval.
      since = new Date(started.getTime() - parts.intervalMs);
    } catch (error) {
      recordReconciliationFailure();
      parts.log.warn({ err: error }, 'abnormal workflow end reconciliation failed; retried at the next pass');
    }
  };
  const timer = setInterval(() => {
    running = running.then(pass);
  }, parts.intervalMs);
  timer.unref();
  running = pass();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
