// What the CertificationReview workflow tells people (NotificationEvents for the notify activity) and
// what it writes to the listing projection (records for recordCertificationProgress). Pure functions of
// the state; event ids are deterministic per occurrence, so a retried notify never sends twice.
import type { NotificationEvent, Recipient } from '../../core/notifications/notification-event';
import type { ApplicationProgress, ApplicationRecord, ReviewTaskRecord } from '../../core/certification-review/records';
import { type CertificationState, candidatesOf, type TaskRecord } from './state';
import { changedTasks } from './status-view';
import { type NoticeContext, processEvent } from '../shared/notices';

export type { NoticeContext };

function event(
  state: CertificationState,
  ctx: NoticeContext,
  type: NotificationEvent['type'],
  key: string,
  recipients: Recipient[],
  data: NotificationEvent['data'] = {},
): NotificationEvent | null {
  if (recipients.length === 0) return null;
  return processEvent(ctx, {
    type,
    resource: { type: 'certification_application', id: state.applicationId },
    key,
    recipients,
    organizationIds: [...new Set([state.programme.secretariatOrganizationId, state.organizationId].filter((o): o is string => o !== null))],
    data: { programme: state.programme.name, level: state.level, domain: state.domain, candidateName: state.candidate.name, ...data },
  });
}

const applicants = (state: CertificationState): Recipient[] => [...new Set([state.candidate.userId, state.appliedBy])].map((userId) => ({ userId }));

const secretariat = (state: CertificationState): Recipient[] => [{ organizationId: state.programme.secretariatOrganizationId, role: 'secretariat' }];

/** Who a task concerns: its assignee, or everyone who may claim it. */
function taskAudience(state: CertificationState, task: TaskRecord): Recipient[] {
  return task.assigneeUserId ? [{ userId: task.assigneeUserId }] : candidatesOf(state, task).map((userId) => ({ userId }));
}

export const notices = {
  taskOpened(state: CertificationState, ctx: NoticeContext, task: TaskRecord) {
    return event(state, ctx, 'certification.review_task', `review-task/${task.taskId}/${task.escalations}`, taskAudience(state, task), { dueAt: task.dueAt });
  },
  reminder(state: CertificationState, ctx: NoticeContext, task: TaskRecord) {
    return event(state, ctx, 'certification.review_reminder', `review-reminder/${task.taskId}/${task.remindersSent}`, taskAudience(state, task), {
      dueAt: task.dueAt,
    });
  },
  escalated(state: CertificationState, ctx: NoticeContext, task: TaskRecord, from: string | null) {
    const recipients: Recipient[] = [...secretariat(state), ...(from ? [{ userId: from }] : [])];
    return event(state, ctx, 'certification.review_escalated', `review-escalated/${task.taskId}/${task.escalations}`, recipients, {
      dueAt: task.dueAt,
      reason: task.assigneeUserId ? null : 'no other eligible reviewer is available: the task is back in its pool',
    });
  },
  changesRequested(state: CertificationState, ctx: NoticeContext) {
    const requested = state.changesRequested!;
    return event(state, ctx, 'certification.changes_requested', `changes-requested/${requested.stage}/${state.round}`, applicants(state), {
      reason: requested.points.join('; '),
      deadline: requested.resubmitBy,
    });
  },
  rejected(state: CertificationState, ctx: NoticeContext) {
    const rejection = state.rejection!;
    return event(state, ctx, 'certification.rejected', `rejected/${state.appeal ? 'appeal' : 'first'}`, applicants(state), {
      reason: rejection.reasons.join('; '),
      deadline: rejection.appealableUntil,
    });
  },
  issued(state: CertificationState, ctx: NoticeContext) {
    const certificate = state.certificate!;
    return event(state, ctx, 'certification.issued', 'issued', applicants(state), {
      certificateNumber: certificate.number,
      validUntil: certificate.validUntil,
    });
  },
  revoked(state: CertificationState, ctx: NoticeContext, reason: string) {
    const certificate = state.certificate!;
    return event(state, ctx, 'certification.revoked', 'revoked', applicants(state), { certificateNumber: certificate.number, reason });
  },
  renewalDue(state: CertificationState, ctx: NoticeContext) {
    const certificate = state.certificate!;
    return event(state, ctx, 'certification.renewal_due', 'renewal-due', [{ userId: state.candidate.userId }], {
      certificateNumber: certificate.number,
      validUntil: certificate.validUntil,
    });
  },
};

// ---------------------------------------------------------------------------------------------------
// Projection records

export function applicationRecord(state: CertificationState, workflowId: string): ApplicationRecord {
  return {
    id: state.applicationId,
    workflowId,
    programmeId: state.programme.id,
    domain: state.domain,
    level: state.level,
    candidateUserId: state.candidate.userId,
    organizationId: state.organizationId,
    appliedBy: state.appliedBy,
    secretariatOrganizationId: state.programme.secretariatOrganizationId,
    trainingHours: state.trainingHours,
    evidence: state.evidence,
    status: state.status,
    stage: state.stage,
    round: state.round,
    theoryScore: state.exam?.theoryScore ?? null,
    practicalScore: state.exam?.practicalScore ?? null,
    rejectionKind: state.rejection?.kind ?? null,
    rejectionReasons: state.rejection?.reasons ?? [],
    appealableUntil: state.rejection?.appealableUntil ?? null,
    noticeEndsAt: state.notice?.endsAt ?? null,
    certificateNumber: state.certificate?.number ?? null,
    closed: state.closed,
    submittedAt: state.submittedAt,
  };
}

export function taskRecord(state: CertificationState, task: TaskRecord): ReviewTaskRecord {
  return {
    id: task.taskId,
    applicationId: state.applicationId,
    stage: task.stage,
    round: task.round,
    seat: task.seat,
    status: task.status,
    candidateUserIds: candidatesOf(state, task),
    assigneeUserId: task.assigneeUserId,
    dueAt: task.dueAt,
    followUpAt: task.followUpAt,
    remindersSent: task.remindersSent,
    escalations: task.escalations,
    decision: task.decision?.decision ?? null,
    decisionReason: task.decision?.reason ?? null,
    decisionPoints: task.decision?.points ?? [],
    decidedBy: task.decision?.by ?? null,
    decidedAt: task.decision?.at ?? null,
    createdAt: task.createdAt,
  };
}

/** The application row and the tasks that changed from `before` to `after`. */
export function progress(before: CertificationState, after: CertificationState, workflowId: string): ApplicationProgress {
  return { application: applicationRecord(after, workflowId), tasks: changedTasks(before, after).map((t) => taskRecord(after, t)) };
}

/** The projection a batch of steps leaves: the application as after the last of them, each task as last seen. */
export function latestProgress(projections: ApplicationProgress[]): ApplicationProgress | undefined {
  const tasks = new Map<string, ApplicationProgress['tasks'][number]>();
  let application: ApplicationProgress['application'] | undefined;
  for (const projection of projections) {
    application = projection.application;
    for (const task of projection.tasks) tasks.set(task.id, task);
  }
  return application ? { application, tasks: [...tasks.values()] } : undefined;
}
