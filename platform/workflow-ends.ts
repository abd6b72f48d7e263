// Finding a workflow that ended abnormally and recording it in its process's projection (agreements,
// placements, certification applications), so the record and the lists show the real state instead of
// "in progress" for ever. Used on the API's read and step paths (when a workflow is found closed) and by
// the worker's periodic reconciler (worker/abnormal-end-reconciler.ts) for records nobody reads.
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from './database';
import { type AbnormalEndStatus, abnormalEndStatuses } from '../core/workflow-ends';

export { type AbnormalEndStatus, abnormalEndStatuses };

export interface AbnormalEnd {
  status: AbnormalEndStatus;
  /** When the workflow closed (Temporal's close time). */
  closedAt: Date;
  /** Temporal's own name for it (TERMINATED, FAILED, TIMED_OUT, CANCELLED). */
  temporalStatus: string;
}

const byTemporalStatus: Record<string, AbnormalEndStatus> = {
  TERMINATED: 'workflow_terminated',
  FAILED: 'workflow_failed',
  TIMED_OUT: 'workflow_timed_out',
  CANCELLED: 'workflow_cancelled',
};

/**
 * How the workflow's latest run ended, if abnormally; null while it runs, when it completed (or
 * continued as new), or when there is no such workflow. Describe is answered by the server alone.
 */
export async function abnormalEndOf(client: Client, workflowId: string): Promise<AbnormalEnd | null> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    const status = byTemporalStatus[description.status.name];
    if (!status) return null;
    return { status, closedAt: description.closeTime ?? new Date(), temporalStatus: description.status.name };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

export type ProcessKind =
  'agreement' | 'placement' | 'certification_application' | 'commissioner_service' | 'training_cohort' | 'talent_round' | 'base_accreditation';

/** The statuses in which a process is still open: only those are overwritten by an abnormal end. */
export const openStatuses = {
  agreement: ['draft', 'in_progress'],
  placement: ['offered', 'agreement_pending', 'awaiting_start', 'active', 'final_evaluation'],
  certification_application: ['eligibility_check', 'awaiting_exam', 'formal_review', 'panel_review', 'appeal_review', 'changes_requested', 'public_notice'],
  commissioner_service: ['nominated', 'agreement_pending', 'active', 'awaiting_rating'],
  training_cohort: ['open'],
  talent_round: ['matching', 'offering'],
  base_accreditation: ['formal_review', 'expert_review', 'public_notice', 'accredited', 'report_due', 'evaluation', 'rectification', 'rectification_review'],
} as const satisfies Record<ProcessKind, readonly string[]>;

export function isOpenStatus(kind: ProcessKind, status: string): boolean {
  return (openStatuses[kind] as readonly string[]).includes(status);
}

function reason(end: AbnormalEnd): string {
  return `the workflow ended abnormally: ${end.temporalStatus}`;
}

/**
 * Records the abnormal end on the process's row, if the row is still open: an update to absolute values
 * guarded by the open statuses, so repeating it (the API and the reconciler both may) changes nothing.
 */
export async function recordAbnormalEnd(db: Database, kind: ProcessKind, id: string, end: AbnormalEnd): Promise<void> {
  switch (kind) {
    case 'agreement':
      await db.agreement.updateMany({
        where: { id, status: { in: [...openStatuses.agreement] } },
        data: { status: end.status, currentRoutingGroup: null, closedAt: end.closedAt, closedBy: 'system', closedReason: reason(end) },
      });
      return;
    case 'placement':
      await db.placement.updateMany({
        where: { id, status: { in: [...openStatuses.placement] } },
        data: { status: end.status, closedAt: end.closedAt, closedReason: reason(end) },
      });
      return;
    case 'certification_application':
      await db.certificationApplication.updateMany({
        where: { id, status: { in: [...openStatuses.certification_application] } },
        data: { status: end.status, closed: true },
      });
      return;
    case 'commissioner_service':
      await db.commissionerService.updateMany({
        where: { id, status: { in: [...openStatuses.commissioner_service] } },
        data: { status: end.status, closedAt: end.closedAt, closedReason: reason(end) },
      });
      return;
    case 'training_cohort':
      await db.trainingCohort.updateMany({
        where: { id, status: { in: [...openStatuses.training_cohort] } },
        data: { status: end.status, closedAt: end.closedAt, refusal: reason(end) },
      });
      return;
    case 'talent_round':
      await db.talentRound.updateMany({
        where: { id, status: { in: [...openStatuses.talent_round] } },
        data: { status: end.status, closedAt: end.closedAt },
      });
      return;
    case 'base_accreditation':
      await db.baseAccreditation.updateMany({
        where: { id, status: { in: [...openStatuses.base_accreditation] } },
        data: { status: end.status, closedAt: end.closedAt },
      });
      return;
  }
}

/** For a record in an open status: its workflow's abnormal end, recorded; null when the workflow is fine. */
export async function reconcileAbnormalEnd(client: Client, db: Database, kind: ProcessKind, id: string, workflowId: string): Promise<AbnormalEnd | null> {
  const end = await abnormalEndOf(client, workflowId);
  if (end) await recordAbnormalEnd(db, kind, id, end);
  return end;
}

const processOfWorkflowId: { prefix: string; kind: ProcessKind }[] = [
  { prefix: 'agreement-', kind: 'agreement' },
  { prefix: 'placement-', kind: 'placement' },
  { prefix: 'certification-', kind: 'certification_application' },
  { prefix: 'commissioner-service-', kind: 'commissioner_service' },
  { prefix: 'training-cohort-', kind: 'training_cohort' },
  { prefix: 'talent-round-', kind: 'talent_round' },
  { prefix: 'base-accreditation-', kind: 'base_accreditation' },
];

/**
 * One pass of the reconciler: every workflow of the processes that closed abnormally since
 * `since` (a visibility query: only the abnormal ends, never a scan of the open records) is recorded
 * on its record. Idempotent; returns how many it found.
 */
export async function reconcileAbnormalEnds(client: Client, db: Database, since: Date): Promise<number> {
  const query =
    `WorkflowType IN ('agreementSigning', 'apprenticeshipPlacement', 'certificationReview', 'commissionerService', 'trainingCohort', 'talentMatching', 'baseAccreditation') ` +
    `AND ExecutionStatus IN ('Terminated', 'Failed', 'TimedOut', 'Canceled') AND CloseTime >= '${since.toISOString()}'`;
  let found = 0;
  for await (const execution of client.workflow.list({ query })) {
    const process = processOfWorkflowId.find((p) => execution.workflowId.startsWith(p.prefix));
    const status = byTemporalStatus[execution.status.name];
    if (!process || !status) continue;
    found++;
    const id = execution.workflowId.slice(process.prefix.length);
    await recordAbnormalEnd(db, process.kind, id, { status, closedAt: execution.closeTime ?? new Date(), temporalStatus: execution.status.name });
  }
  return found;
}
