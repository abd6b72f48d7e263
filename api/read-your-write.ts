// Reads that show a step right after its answer (README "Read your own write"). A step answers once its
// workflow has accepted it and changed its own state; the audit entry and the projection rows follow,
// written by the workflow in order. The workflow reports how far it has written (its trailPosition
// query, core/audit/trail-position.ts), so a read of the audit trail or of a list waits, briefly and
// bounded, until the workflow has written everything it had queued when the read began.
import { setTimeout as sleep } from 'node:timers/promises';
import { trailPositionQuery } from '../core/audit/trail-position';
import type { ApiDependencies } from './dependencies';

/** How long a read waits for a workflow's records at most; a write takes milliseconds when all is well. */
const CATCH_UP_MS = 5000;
/** Between two looks at the workflow's position. */
const POLL_MS = 15;
/** Steps whose records a list read waits for: the most recent ones, at most this many. */
const MAX_PENDING = 64;

/**
 * Waits until the workflow `workflowId` has written every record it had queued when called. Returns at
 * once when there is nothing to wait for: no such workflow, one that has ended, one without the query
 * (its steps answer after their write), or one no worker answers for in time (then the read shows what
 * is written).
 */
export async function recordsWritten(deps: ApiDependencies, workflowId: string): Promise<void> {
  const handle = deps.temporal.workflow.getHandle(workflowId);
  const deadline = Date.now() + CATCH_UP_MS;
  let target: number | null = null;
  for (;;) {
    const position = await deps.temporal.withDeadline(deadline, () => handle.query(trailPositionQuery)).catch(() => null);
    if (position === null) return;
    if (target === null) {
      target = position.queued;
      if (position.written >= target) return;
      // A workflow that has ended (terminated, say) writes nothing more: its position, replayed, stays.
      const running = await handle.describe().then(
        (d) => d.status.name === 'RUNNING',
        () => false,
      );
      if (!running) return;
    }
    if (position.written >= target) return;
    if (Date.now() + POLL_MS >= deadline) {
      deps.log.warn({ workflowId, ...position, target }, 'read answered before the workflow had written its records');
      return;
    }
    await sleep(POLL_MS);
  }
}

/** Steps this API process answered in the last CATCH_UP_MS, per dependency set (one per app): workflow id → answered at. */
const answered = new WeakMap<ApiDependencies, Map<string, number>>();

/** The step gateway noting a step it answered: its records may still be being written. */
export function stepAnswered(deps: ApiDependencies, workflowId: string): void {
  let steps = answered.get(deps);
  if (!steps) answered.set(deps, (steps = new Map()));
  steps.delete(workflowId);
  steps.set(workflowId, Date.now());
  if (steps.size > MAX_PENDING) steps.delete(steps.keys().next().value!);
}

/**
 * Before a list is read: waits until the steps this API process answered lately are written, so a list
 * read right after a step shows it. (A list served by another API process than the step's may lag by
 * the write, milliseconds; one process's reads, the audit trail and the live status never do.)
 */
export async function answeredStepsWritten(deps: ApiDependencies): Promise<void> {
  const steps = answered.get(deps);
  if (!steps || steps.size === 0) return;
  const now = Date.now();
  const recent: string[] = [];
  for (const [workflowId, at] of steps) {
    if (now - at > CATCH_UP_MS) steps.delete(workflowId);
    else recent.push(workflowId);
  }
  await Promise.all(
    recent.map(async (workflowId) => {
      const at = steps.get(workflowId);
      await recordsWritten(deps, workflowId);
      // A later step on the same workflow keeps its entry.
      if (steps.get(workflowId) === at) steps.delete(workflowId);
    }),
  );
}
