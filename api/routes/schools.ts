// /v1/schools/:id/placement-summary: what a school coordinator watches, from the database projection:
// placements by status, overdue check-ins, open incidents and rule violations (optionally one cohort).
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { placementStatuses } from '../../workflows/apprenticeship-placement/contract';
import { exportFormats, tableFile } from '../list-export';
import { defineRoute } from '../routing';
import { answeredStepsWritten } from '../read-your-write';

const summarySchema = z
  .object({
    schoolOrganizationId: z.string(),
    cohort: z.string().nullable(),
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    overdueCheckIns: z.object({ placements: z.number().int(), missedInARow: z.number().int(), missedTotal: z.number().int() }),
    openIncidents: z.object({ total: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) }),
    ruleViolations: z.object({ total: z.number().int(), placements: z.number().int(), byRule: z.record(z.string(), z.number().int()) }),
  })
  .meta({ id: 'SchoolPlacementSummary' });

export const schoolRoutes = [
  defineRoute({
    method: 'get',
    path: '/schools/:id/placement-summary',
    summary: "A school's placements: counts by status, overdue check-ins, open incidents, rule violations",
    tags: ['placements'],
    access: {
      roles: ['school_coordinator', 'mentor'],
      scope: {
        resource: 'School',
        describe: "the school is the caller's organisation",
        organizationOf: async ({ params, deps }) => {
          const id = (params as { id: string }).id;
          return (await deps.db.organization.findUnique({ where: { id }, select: { id: true } }))?.id ?? null;
        },
      },
    },
    params: z.object({ id: z.string().trim().min(1).max(128) }).strict(),
    query: z
      .object({
        cohort: z.string().max(64).optional(),
        format: z
          .enum(['json', ...exportFormats])
          .default('json')
          .meta({ description: 'json, or the figures as csv (UTF-8 with BOM) or xlsx' }),
      })
      .strict(),
    responses: { 200: { description: 'The summary (JSON; with format=csv or xlsx, its figures as a file)', schema: summarySchema } },
    handler: async ({ params, query, deps }) => {
      const of: Prisma.PlacementWhereInput = { schoolOrganizationId: params.id, ...(query.cohort ? { cohort: query.cohort } : {}) };
      // Steps this API answered a moment ago are counted (README "Read your own write").
      await answeredStepsWritten(deps);
      const [byStatus, overdue, incidents, violations, violating] = await Promise.all([
        deps.db.placement.groupBy({ by: ['status'], where: of, _count: { _all: true }, _sum: { checkInsMissed: true } }),
        // Overdue: an active placement whose latest check-in deadline passed without a log.
        deps.db.placement.aggregate({ where: { ...of, status: 'active', missedInARow: { gt: 0 } }, _count: { _all: true }, _sum: { missedInARow: true } }),
        deps.db.placementIncident.groupBy({ by: ['severity'], where: { resolvedAt: null, placement: of }, _count: { _all: true } }),
        deps.db.placementViolation.groupBy({ by: ['ruleId'], where: { placement: of }, _count: { _all: true } }),
        deps.db.placement.count({ where: { ...of, ruleViolations: { gt: 0 } } }),
      ]);
      const counts = Object.fromEntries(placementStatuses.map((s) => [s, 0])) as Record<string, number>;
      for (const row of byStatus) counts[row.status] = row._count._all;
      const bySeverity = Object.fromEntries(incidents.map((r) => [r.severity, r._count._all]));
      const byRule = Object.fromEntries(violations.map((r) => [r.ruleId, r._count._all]));
      const summary = {
        schoolOrganizationId: params.id,
        cohort: query.cohort ?? null,
        total: byStatus.reduce((sum, r) => sum + r._count._all, 0),
        byStatus: counts,
        overdueCheckIns: {
          placements: overdue._count._all,
          missedInARow: overdue._sum.missedInARow ?? 0,
          missedTotal: byStatus.reduce((sum, r) => sum + (r._sum.checkInsMissed ?? 0), 0),
        },
        openIncidents: { total: incidents.reduce((sum, r) => sum + r._count._all, 0), bySeverity },
        ruleViolations: { total: violations.reduce((sum, r) => sum + r._count._all, 0), placements: violating, byRule },
      };
      if (query.format === 'json') return { status: 200, body: summary };
      const figures: [string, number][] = [
        ['总数 total', summary.total],
        ...Object.entries(summary.byStatus).map(([status, n]): [string, number] => [`状态 status: ${status}`, n]),
        ['逾期周记的实习 overdue check-ins: placements', summary.overdueCheckIns.placements],
        ['连续缺交 overdue check-ins: missed in a row', summary.overdueCheckIns.missedInARow],
        ['缺交总数 check-ins missed in total', summary.overdueCheckIns.missedTotal],
        ['未结事件 open incidents', summary.openIncidents.total],
        ...Object.entries(summary.openIncidents.bySeverity).map(([severity, n]): [string, number] => [`未结事件 open incidents: ${severity}`, n]),
        ['违规 rule violations', summary.ruleViolations.total],
        ['有违规的实习 placements with violations', summary.ruleViolations.placements],
        ...Object.entries(summary.ruleViolations.byRule).map(([rule, n]): [string, number] => [`违规 rule: ${rule}`, n]),
      ];
      return tableFile(query.format, `placement-summary-${params.id}`, ['指标 figure', '数量 count'], figures);
    },
  }),
];
