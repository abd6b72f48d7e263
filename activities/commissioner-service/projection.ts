// The commissioner service's records and listing projection, written idempotently from the workflow's
// steps: the service row (only a newer revision overwrites it), its logs by period, and the need's match.
import type { Database } from '../../platform/database';
import { Prisma } from '../../prisma/generated/client';
import { isUniqueViolation } from '../../platform/database-errors';
import type { CommissionerServiceActivities, ServiceProjection, ServiceRecord } from '../../core/commissioner-service/service-record';
import { commissionerServiceWorkflowId } from '../../core/commissioner-service/input';

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

function rowOf(p: ServiceProjection) {
  return {
    status: p.status,
    needId: p.needId,
    allianceId: p.allianceId,
    domain: p.domain,
    enterpriseOrganizationId: p.enterpriseOrganizationId,
    commissionerId: p.commissionerId,
    commissionerUserId: p.commissionerUserId,
    institutionOrganizationId: p.institutionOrganizationId,
    agreementId: p.agreementId,
    nominatedBy: p.nominatedBy,
    startedAt: date(p.startedAt),
    closedAt: date(p.closedAt),
    closedReason: p.closedReason,
    periods: p.periods,
    logsSubmitted: p.logsSubmitted,
    logsMissed: p.logsMissed,
    missedInARow: p.missedInARow,
    escalations: p.escalations,
    milestones: p.milestones,
    hours: p.hours,
    confirmedHours: p.confirmedHours,
    nextLogDueAt: date(p.nextLogDueAt),
    ratingScore: p.rating?.score ?? null,
    ratingComment: p.rating?.comment ?? null,
    ratedAt: date(p.rating?.at ?? null),
    revision: p.revision,
  };
}

/** The row a nomination starts with (the API writes it under the commissioner's lock; revision 0, so the workflow's first write replaces it). */
export function nominatedRow(p: Omit<ServiceProjection, 'revision'>) {
  return { id: p.serviceId, workflowId: commissionerServiceWorkflowId(p.serviceId), createdAt: new Date(p.nominatedAt), ...rowOf({ ...p, revision: 0 }) };
}

async function writeProjection(tx: Prisma.TransactionClient, p: ServiceProjection): Promise<void> {
  const data = rowOf(p);
  const updated = await tx.commissionerService.updateMany({ where: { id: p.serviceId, revision: { lt: p.revision } }, data });
  if (updated.count > 0) return;
  const exists = await tx.commissionerService.findUnique({ where: { id: p.serviceId }, select: { revision: true } });
  if (exists) return;
  await tx.commissionerService.create({
    data: { id: p.serviceId, workflowId: commissionerServiceWorkflowId(p.serviceId), createdAt: new Date(p.nominatedAt), ...data },
  });
}

export function createCommissionerServiceActivities(db: Database): CommissionerServiceActivities {
  return {
    async recordCommissionerService(record: ServiceRecord): Promise<void> {
      const { serviceId, needId } = record.projection;
      const write = () =>
        db.$transaction(async (tx) => {
          await writeProjection(tx, record.projection);
          if (record.log) {
            const l = record.log;
            const confirmation = { confirmedBy: l.confirmedBy, confirmedAt: date(l.confirmedAt) };
            await tx.commissionerServiceLog.upsert({
              where: { serviceId_period: { serviceId, period: l.period } },
              create: {
                serviceId,
                period: l.period,
                periodStart: new Date(l.periodStart),
                hours: l.hours,
                activities: l.activities,
                outcomes: l.outcomes,
                late: l.late,
                submittedBy: l.submittedBy,
                submittedAt: new Date(l.submittedAt),
                ...confirmation,
              },
              update: l.confirmedAt ? confirmation : {},
            });
          }
          if (record.needMatched) {
            await tx.serviceNeed.updateMany({ where: { id: needId, status: 'open' }, data: { status: 'matched', matchedServiceId: serviceId } });
          }
        });
      try {
        await write();
      } catch (error) {
        // Two first writes raced to create the row: the second finds it now.
        if (!isUniqueViolation(error)) throw error;
        await write();
      }
    },
  };
}
