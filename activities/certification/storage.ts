// The certification projection and look-ups: the application row and its review tasks (the inbox),
// the eligibility check over the candidate's record, and the reviewers of a programme. Every write is
// an upsert of the whole row, so a retried activity leaves the same rows as a single run.
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../../platform/database';
import type { AuditKeys } from '../audit/audit-signing';
import { appendAuditEntries } from '../audit/audit-trail';
import { countTrainingHours } from './training-hours';
import type { AppendedAuditEntry, AuditEntryInput } from '../../core/audit/audit-entry';
import type { Prisma } from '../../prisma/generated/client';
import type { EligibilityResult, ReviewerInfo } from '../../core/certification-review/records';
import type { ApplicationProgress, ApplicationRecord, EligibilityRequest, ReviewerQuery, ReviewTaskRecord } from '../../core/certification-review/records';

const date = (text: string | null) => (text === null ? null : new Date(text));

function applicationData(a: ApplicationRecord) {
  return {
    workflowId: a.workflowId,
    programmeId: a.programmeId,
    domain: a.domain,
    level: a.level,
    candidateUserId: a.candidateUserId,
    organizationId: a.organizationId,
    appliedBy: a.appliedBy,
    secretariatOrganizationId: a.secretariatOrganizationId,
    trainingHours: a.trainingHours,
    evidence: a.evidence as unknown as Prisma.InputJsonValue,
    status: a.status,
    stage: a.stage,
    round: a.round,
    theoryScore: a.theoryScore,
    practicalScore: a.practicalScore,
    rejectionKind: a.rejectionKind,
    rejectionReasons: a.rejectionReasons,
    appealableUntil: date(a.appealableUntil),
    noticeEndsAt: date(a.noticeEndsAt),
    certificateNumber: a.certificateNumber,
    closed: a.closed,
    submittedAt: new Date(a.submittedAt),
  };
}

function taskData(t: ReviewTaskRecord) {
  return {
    applicationId: t.applicationId,
    stage: t.stage,
    round: t.round,
    seat: t.seat,
    status: t.status,
    candidateUserIds: t.candidateUserIds,
    assigneeUserId: t.assigneeUserId,
    dueAt: new Date(t.dueAt),
    followUpAt: date(t.followUpAt),
    remindersSent: t.remindersSent,
    escalations: t.escalations,
    decision: t.decision,
    decisionReason: t.decisionReason,
    decisionPoints: t.decisionPoints,
    decidedBy: t.decidedBy,
    decidedAt: date(t.decidedAt),
    createdAt: new Date(t.createdAt),
  };
}

export function createCertificationStorageActivities(db: Database, auditKeys: AuditKeys) {
  /** Writes the application row and the tasks that changed (one statement, or one transaction for several). */
  async function writeProgress(progress: ApplicationProgress): Promise<void> {
    const a = progress.application;
    const data = applicationData(a);
    const application = db.certificationApplication.upsert({
      where: { id: a.id },
      create: { id: a.id, ...data, createdAt: new Date(a.submittedAt) },
      update: data,
    });
    if (progress.tasks.length === 0) {
      await application;
      return;
    }
    await db.$transaction([
      application,
      ...progress.tasks.map((t) => {
        const task = taskData(t);
        return db.reviewTask.upsert({ where: { id: t.id }, create: { id: t.id, ...task }, update: task });
      }),
    ]);
  }

  return {
    async recordCertificationProgress(progress: ApplicationProgress): Promise<void> {
      await writeProgress(progress);
    },

    /**
     * Steps of an application: their entries in the shared hash-chained audit trail, in order (the audit
     * module's batch append: one head read and one insert; keyed by entry, so a retry appends nothing twice), and the projection of what
     * changed. One local activity per batch of steps keeps a busy review's history and the load small.
     */
    async recordCertificationSteps(steps: { entries: AuditEntryInput[]; progress?: ApplicationProgress }): Promise<AppendedAuditEntry | null> {
      const [appended] = await Promise.all([appendAuditEntries(db, auditKeys, steps.entries), steps.progress ? writeProgress(steps.progress) : undefined]);
      return appended;
    },

    /**
     * The automatic eligibility check over the candidate's record: an active account, the training hours
     * the level asks for, a valid certificate of the prerequisite level (same programme and domain), and
     * no valid certificate of this very level already.
     */
    async checkCertificationEligibility(request: EligibilityRequest): Promise<EligibilityResult> {
      const reasons: string[] = [];
      const candidate = await db.user.findUnique({ where: { id: request.candidateUserId }, select: { active: true } });
      if (!candidate) throw ApplicationFailure.nonRetryable(`candidate ${request.candidateUserId} does not exist`, 'UnknownCandidate');
      if (!candidate.active) reasons.push('the candidate account is deactivated');
      const { counted: trainingHours, ledgerInvalid } = await countTrainingHours(db, auditKeys, request);
      if (ledgerInvalid) reasons.push("the candidate's hours ledger does not verify: its hours cannot be counted");
      if (trainingHours.hours < request.requirements.trainingHours) {
        const what = trainingHours.source === 'ledger' ? `ledger-verified training hours in ${request.domain}` : 'training hours';
        reasons.push(`${trainingHours.hours} ${what} are fewer than the ${request.requirements.trainingHours} the ${request.level} level requires`);
      }
      const prerequisite = request.requirements.prerequisiteLevel;
      const held = await db.certificate.findMany({
        where: {
          candidateUserId: request.candidateUserId,
          programmeId: request.programmeId,
          domain: request.domain,
          revokedAt: null,
          validUntil: { gt: new Date() },
          level: { in: prerequisite ? [prerequisite, request.level] : [request.level] },
        },
        orderBy: { validUntil: 'desc' },
        select: { number: true, level: true },
      });
      const prerequisiteCertificate = prerequisite ? (held.find((c) => c.level === prerequisite)?.number ?? null) : null;
      if (prerequisite && !prerequisiteCertificate) {
        reasons.push(`the ${request.level} level requires a valid ${prerequisite} certificate in ${request.domain}, and the candidate holds none`);
      }
      const same = held.find((c) => c.level === request.level);
      if (same) reasons.push(`the candidate already holds a valid ${request.level} certificate in ${request.domain} (${same.number})`);
      return { eligible: reasons.length === 0, reasons, prerequisiteCertificate, trainingHours };
    },

    /** The active reviewers of the programme's evaluation bodies, with their current open-task load. */
    async findCertificationReviewers(query: ReviewerQuery): Promise<ReviewerInfo[]> {
      const reviewers = await db.user.findMany({
        where: {
          active: true,
          roles: { has: 'reviewer' },
          ...(query.evaluationOrganizationIds.length > 0 ? { organizationId: { in: query.evaluationOrganizationIds } } : {}),
        },
        select: { id: true, organizationId: true },
        orderBy: { id: 'asc' },
        take: 1000,
      });
      if (reviewers.length === 0) return [];
      const load = await db.reviewTask.groupBy({
        by: ['assigneeUserId'],
        where: { status: 'open', assigneeUserId: { in: reviewers.map((r) => r.id) } },
        _count: { _all: true },
      });
      const counts = new Map(load.map((l) => [l.assigneeUserId, l._count._all]));
      return reviewers.map((r) => ({ userId: r.id, organizationId: r.organizationId, openTasks: counts.get(r.id) ?? 0 }));
    },
  };
}
