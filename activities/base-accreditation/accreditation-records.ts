// The BaseAccreditation's writes and reads (core/base-accreditation/records.ts): one activity per step
// writes its trail entry, the accreditation's row and, once the base is accredited, its standing in
// continuing_education_bases (this workflow is that table's only writer); and the annual report's
// figures computed from the records: the training records of the base's cohorts and the hours its
// cohorts put in people's ledgers. Every write is idempotent: the entry by its key, rows by upserts to
// absolute values.
import type { Database } from '../../platform/database';
import type { Prisma } from '../../prisma/generated/client';
import type { AnnualFigures, AnnualFiguresRequest } from '../../core/base-accreditation/messages';
import type { AccreditationStepWrite } from '../../core/base-accreditation/records';
import type { AuditKeys } from '../audit/audit-signing';
import { appendAuditEntry } from '../audit/audit-trail';

function date(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function createBaseAccreditationActivities(db: Database, auditKeys: AuditKeys) {
  return {
    /** One accreditation step's writes (see the file's header). */
    async recordAccreditationStep(write: AccreditationStepWrite): Promise<void> {
      await appendAuditEntry(db, auditKeys, write.entry);
      const p = write.projection;
      const row = {
        organizationId: p.organizationId,
        authorityOrganizationId: p.authorityOrganizationId,
        domain: p.domain,
        status: p.status,
        year: p.year,
        accreditedAt: date(p.accreditedAt),
        accreditedUntil: date(p.accreditedUntil),
        years: p.years as unknown as Prisma.InputJsonArray,
        appliedBy: p.appliedBy,
        submittedAt: new Date(p.submittedAt),
        closedAt: date(p.closedAt),
        workflowId: p.workflowId,
      };
      const s = write.standing;
      await db.$transaction([
        db.baseAccreditation.upsert({ where: { id: p.id }, create: { id: p.id, ...row }, update: row }),
        ...(s
          ? [
              db.continuingEducationBase.upsert({
                where: { organizationId: s.organizationId },
                create: {
                  organizationId: s.organizationId,
                  status: s.status,
                  accreditedUntil: date(s.accreditedUntil),
                  accreditationWorkflowId: s.accreditationWorkflowId,
                },
                update: { status: s.status, accreditedUntil: date(s.accreditedUntil), accreditationWorkflowId: s.accreditationWorkflowId },
              }),
            ]
          : []),
      ]);
    },

    /**
     * The year's figures from the records: outcomes decided in [from, to) in the base's cohorts (people
     * trained are those who completed), and the class hours its cohorts put in ledgers in the window.
     */
    async computeAnnualFigures(request: AnnualFiguresRequest): Promise<AnnualFigures> {
      const from = new Date(request.from);
      const to = new Date(request.to);
      const decided = await db.trainingEnrolment.groupBy({
        by: ['status'],
        where: { cohort: { baseOrganizationId: request.organizationId }, decidedAt: { gte: from, lt: to }, status: { in: ['completed', 'incomplete'] } },
        _count: { _all: true },
      });
      const cohorts = await db.trainingEnrolment.findMany({
        where: { cohort: { baseOrganizationId: request.organizationId }, decidedAt: { gte: from, lt: to }, status: { in: ['completed', 'incomplete'] } },
        distinct: ['cohortId'],
        select: { cohortId: true },
      });
      const trained = await db.trainingEnrolment.findMany({
        where: { cohort: { baseOrganizationId: request.organizationId }, decidedAt: { gte: from, lt: to }, status: 'completed' },
        distinct: ['userId'],
        select: { userId: true },
      });
      const [hours] = await db.$queryRaw<{ hours: number }[]>`
        SELECT COALESCE(SUM((data->>'hours')::numeric), 0)::float8 AS hours
        FROM audit_entries
        WHERE subject_type = 'hours_ledger' AND data->>'baseOrganizationId' = ${request.organizationId}
          AND occurred_at >= ${from} AND occurred_at < ${to}`;
      const completed = decided.find((d) => d.status === 'completed')?._count._all ?? 0;
      const incomplete = decided.find((d) => d.status === 'incomplete')?._count._all ?? 0;
      return {
        from: request.from,
        to: request.to,
        cohorts: cohorts.length,
        peopleTrained: trained.length,
        completed,
        incomplete,
        completionRate: completed + incomplete === 0 ? null : Math.round((completed / (completed + incomplete)) * 1000) / 1000,
        hoursDelivered: hours?.hours ?? 0,
      };
    },
  };
}
