// The placement's records and listing projection, written idempotently from the workflow's steps.
import type { Database } from '../../platform/database';
import { Prisma } from '../../prisma/generated/client';
import { isUniqueViolation } from '../../platform/database-errors';
import type { PlacementActivities, PlacementProjection, PlacementRecord } from '../../core/apprenticeship-placement/placement-record';
import type { AuditKeys } from '../audit/audit-signing';
import { appendAuditEntryAfter } from '../audit/audit-trail';

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

function rowOf(p: PlacementProjection) {
  return {
    status: p.status,
    cohort: p.cohort,
    studentUserId: p.studentUserId,
    schoolOrganizationId: p.schoolOrganizationId,
    enterpriseOrganizationId: p.enterpriseOrganizationId,
    positionId: p.positionId,
    applicationId: p.applicationId,
    matchingRoundId: p.matchingRoundId,
    previousPlacementId: p.previousPlacementId,
    nextPlacementId: p.nextPlacementId,
    schoolMentorUserId: p.schoolMentorUserId,
    enterpriseMentorUserId: p.enterpriseMentorUserId,
    guardianUserId: p.guardianUserId,
    agreementId: p.agreementId,
    offerDeadline: date(p.offerDeadline),
    startedAt: date(p.startedAt),
    closedAt: date(p.closedAt),
    closedReason: p.closedReason,
    weeks: p.weeks,
    checkInsSubmitted: p.checkInsSubmitted,
    checkInsMissed: p.checkInsMissed,
    missedInARow: p.missedInARow,
    nextCheckInDueAt: date(p.nextCheckInDueAt),
    openIncidents: p.openIncidents,
    ruleViolations: p.ruleViolations,
    credits: p.credits,
    passed: p.passed,
    runs: p.runs,
    revision: p.revision,
  };
}

/** The row at this revision, unless a newer one is there (steps may be recorded out of order on retries). */
async function writeProjection(tx: Prisma.TransactionClient, p: PlacementProjection): Promise<void> {
  const data = rowOf(p);
  const updated = await tx.placement.updateMany({ where: { id: p.placementId, revision: { lt: p.revision } }, data });
  if (updated.count > 0) return;
  const exists = await tx.placement.findUnique({ where: { id: p.placementId }, select: { revision: true } });
  if (exists) return;
  await tx.placement.create({ data: { id: p.placementId, workflowId: `placement-${p.placementId}`, createdAt: new Date(p.offeredAt), ...data } });
}

export function createPlacementActivities(db: Database, keys: AuditKeys): PlacementActivities {
  const activities = {
    async recordPlacement(record: PlacementRecord): Promise<void> {
      const write = () =>
        db.$transaction(async (tx) => {
          await writeProjection(tx, record.projection);
          const placementId = record.projection.placementId;
          if (record.checkIn) {
            const c = record.checkIn;
            await tx.placementCheckIn.createMany({
              data: [
                {
                  placementId,
                  week: c.week,
                  submittedBy: c.submittedBy,
                  submittedAt: new Date(c.submittedAt),
                  hours: c.hours,
                  days: c.days as unknown as Prisma.InputJsonValue,
                  tasks: c.tasks,
                  reflections: c.reflections,
                  late: c.late,
                  violations: c.violations,
                },
              ],
              skipDuplicates: true,
            });
          }
          if (record.incident) {
            const i = record.incident;
            const resolution = { resolvedAt: date(i.resolvedAt), resolvedBy: i.resolvedBy, resolution: i.resolution };
            await tx.placementIncident.upsert({
              where: { placementId_number: { placementId, number: i.number } },
              create: {
                placementId,
                number: i.number,
                severity: i.severity,
                description: i.description,
                reportedBy: i.reportedBy,
                reportedAt: new Date(i.reportedAt),
                ...resolution,
              },
              update: i.resolvedAt ? resolution : {},
            });
          }
          if (record.violations?.length) {
            await tx.placementViolation.createMany({
              data: record.violations.map((v) => ({
                placementId,
                key: v.key,
                ruleId: v.ruleId,
                source: v.source,
                messageZh: v.message['zh-CN'],
                messageEn: v.message.en,
                details: v.details as Prisma.InputJsonValue,
                occurredAt: new Date(v.at),
              })),
              skipDuplicates: true,
            });
          }
          if (record.evaluation) {
            const e = record.evaluation;
            await tx.placementEvaluation.createMany({
              data: [{ placementId, kind: e.kind, evaluator: e.evaluator, userId: e.by, score: e.score, comments: e.comments, submittedAt: new Date(e.at) }],
              skipDuplicates: true,
            });
          }
          if (record.applicationStatus && record.projection.applicationId) {
            await tx.placementApplication.updateMany({ where: { id: record.projection.applicationId }, data: { status: record.applicationStatus } });
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
  return {
    ...activities,
    /**
     * A step's audit entry, then its records: one server round trip where two bought nothing. Handed the
     * trail's head, the entry is one statement (no head read).
     */
    async recordPlacementStep({ entry, after, record }) {
      const appended = await appendAuditEntryAfter(db, keys, entry, { after });
      await activities.recordPlacement(record);
      return appended;
    },
  };
}
