// The activity options every process workflow calls its activities with. Workflow-safe.
import type { ActivityOptions } from '@temporalio/workflow';

/** A storage outage (database, document store) is waited out rather than failing the process. */
const waitOutOutages = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/** The process's own reads and writes: short, idempotent statements. */
export const storageActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: waitOutOutages,
};

/** Signing and revoking a certificate: an issuer key and a status list besides the database. */
export const signingActivityOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: waitOutOutages,
};

/**
 * notify (docs/notifications.md): many recipients, each an SMTP conversation, with a heartbeat between
 * them, so a worker that dies mid-notify is noticed within the heartbeat timeout instead of a whole
 * start-to-close timeout (2 minutes before, with heartbeats ignored: found by test/faults F1), and a slow
 * SMTP server is not cut off mid-conversation, which would leave an e-mail `uncertain`. The retry resumes
 * where the last attempt stopped. A notification that still fails after ten attempts is logged and given
 * up (workflows/shared/outbox.ts): it must not hold up the process.
 */
export const notifyActivityOptions: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...waitOutOutages, maximumAttempts: 10 },
};
