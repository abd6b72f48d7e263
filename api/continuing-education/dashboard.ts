// GET /v1/continuing-education/dashboard: the knowledge-update programme at a glance. People trained in
// a year (completions decided that year, in China Standard Time: a person completing two cohorts counts
// twice, as the programme counts 人次) by project and domain against the programme's annual targets, and
// the continuing-education bases by standing against the 200 built in the first round. Aggregates only:
// no person or organisation is named.
import { trainingProjects, type TrainingProject } from '../../core/training-cohort/input';
import { dashboardQuery, dashboardSchema } from '../base-accreditations/schemas';
import { type AnyRoute, defineRoute } from '../routing';

/** The programme's annual targets (issue 17); base building has none of its own in people. */
export const ANNUAL_TARGETS: Record<TrainingProject, number | null> = {
  advanced_seminar: 20_000,
  capability_improvement: 900_000,
  digital_engineer: 80_000,
  base_building: null,
};
export const BASES_TARGET = 200;

/** The programme's year runs in China Standard Time. */
function yearWindow(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00+08:00`), to: new Date(`${year + 1}-01-01T00:00:00+08:00`) };
}

function currentYear(now: Date): number {
  return new Date(now.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

export const continuingEducationDashboardRoutes: AnyRoute[] = [
  defineRoute({
    method: 'get',
    path: '/continuing-education/dashboard',
    summary: 'The programme dashboard: people trained this year by project and domain against the annual targets, bases by standing',
    tags: ['base-accreditations'],
    access: { roles: 'any', note: 'Every signed-in caller: programme-wide aggregates, no person or organisation named.' },
    query: dashboardQuery,
    responses: { 200: { description: 'The dashboard', schema: dashboardSchema } },
    handler: async ({ query, deps }) => {
      const now = new Date();
      const year = query.year ?? currentYear(now);
      const { from, to } = yearWindow(year);
      const rows = await deps.db.$queryRaw<{ project: string; domain: string; trained: number }[]>`
        SELECT c.project, c.domain, COUNT(*)::int AS trained
        FROM training_enrolments e JOIN training_cohorts c ON c.id = e.cohort_id
        WHERE e.status = 'completed' AND e.decided_at >= ${from} AND e.decided_at < ${to}
        GROUP BY c.project, c.domain
        ORDER BY c.project, trained DESC, c.domain`;
      const projects = trainingProjects.map((project) => {
        const domains = rows.filter((r) => r.project === project).map((r) => ({ domain: r.domain, trained: r.trained }));
        const trained = domains.reduce((sum, d) => sum + d.trained, 0);
        const target = ANNUAL_TARGETS[project];
        return { project, target, trained, share: target ? Math.round((trained / target) * 10_000) / 10_000 : null, domains };
      });
      const bases = await deps.db.continuingEducationBase.findMany({ select: { status: true, accreditedUntil: true } });
      const byStatus: Record<string, number> = { accredited: 0, rectification: 0, exited: 0, expired: 0 };
      for (const b of bases) {
        const expired = b.status !== 'exited' && b.accreditedUntil !== null && b.accreditedUntil <= now;
        const key = expired ? 'expired' : b.status;
        byStatus[key] = (byStatus[key] ?? 0) + 1;
      }
      return {
        status: 200,
        body: { year, projects, bases: { target: BASES_TARGET, inStanding: byStatus.accredited! + byStatus.rectification!, byStatus } },
      };
    },
  }),
];
