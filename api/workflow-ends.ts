// A process whose workflow ended abnormally, as the API answers it: the record shows the real status
// (recorded in the projection the first time the API finds it, platform/workflow-ends.ts), and a step
// is refused with 409 workflow-ended saying what happened, instead of "in progress" and a 409 that
// named no cause.
import { type AbnormalEnd, type ProcessKind, reconcileAbnormalEnd } from '../platform/workflow-ends';
import type { ApiDependencies } from './dependencies';
import { ProblemError } from './errors';

const how: Record<AbnormalEnd['status'], string> = {
  workflow_terminated: 'was terminated',
  workflow_failed: 'failed',
  workflow_timed_out: 'timed out',
  workflow_cancelled: 'was cancelled',
};

export class WorkflowEndedProblem extends ProblemError {
  constructor(what: string, status: AbnormalEnd['status'], closedAt: Date | null) {
    super(
      409,
      'workflow-ended',
      'Process ended abnormally',
      `The workflow of ${what} ${how[status]}${closedAt ? ` at ${closedAt.toISOString()}` : ''}; no further steps are possible.`,
      { workflowStatus: status, closedAt: closedAt?.toISOString() ?? null },
    );
  }
}

/** Describes the workflow of a record in an open status; records and returns an abnormal end. */
export function findAbnormalEnd(
  deps: Pick<ApiDependencies, 'temporal' | 'db'>,
  kind: ProcessKind,
  id: string,
  workflowId: string,
): Promise<AbnormalEnd | null> {
  return reconcileAbnormalEnd(deps.temporal, deps.db, kind, id, workflowId);
}

/** What a read adds for an abnormal end: the real status and how the workflow ended. */
export function abnormalEndView(end: AbnormalEnd) {
  return { status: end.status, workflowEnd: { status: end.status, temporalStatus: end.temporalStatus, closedAt: end.closedAt.toISOString() } };
}
