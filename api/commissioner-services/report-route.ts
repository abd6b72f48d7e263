// GET /v1/commissioner-reports?year=: the yearly report per commissioner and per institution
// (engagements, hours, ratings), read from the projection the workflows write. An institution's staff
// see their institution and its commissioners, a commissioner their own line, an admin everyone.
import type { Prisma } from '../../prisma/generated/client';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { defineRoute } from '../routing';
import { reportQuery, yearlyReport } from './schemas';
import { isInstitutionStaff } from './visibility';

interface Figures {
  engagements: number;
  completed: number;
  endedEarly: number;
  hours: number;
  confirmedHours: number;
  ratingSum: number;
  ratingCount: number;
}

const empty = (): Figures => ({ engagements: 0, completed: 0, endedEarly: 0, hours: 0, confirmedHours: 0, ratingSum: 0, ratingCount: 0 });
const inYear = (d: Date | null, from: Date, to: Date) => d !== null && d >= from && d < to;

function shown(f: Figures) {
  return {
    engagements: f.engagements,
    completed: f.completed,
    endedEarly: f.endedEarly,
    hours: Math.round(f.hours * 100) / 100,
    confirmedHours: Math.round(f.confirmedHours * 100) / 100,
    ratings: { count: f.ratingCount, average: f.ratingCount === 0 ? null : Math.round((f.ratingSum / f.ratingCount) * 100) / 100 },
  };
}

function visibleServices(principal: Principal): Prisma.CommissionerServiceWhereInput {
  if (principal.roles.has('admin')) return {};
  const org = principal.organizationId;
  return { OR: [{ commissionerUserId: principal.userId }, ...(org !== null && isInstitutionStaff(principal) ? [{ institutionOrganizationId: org }] : [])] };
}

async function report(deps: ApiDependencies, principal: Principal, year: number, filters: { institutionOrganizationId?: string; commissionerId?: string }) {
  const from = new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000); // the year in Beijing time
  const to = new Date(Date.UTC(year + 1, 0, 1) - 8 * 3_600_000);
  const services = await deps.db.commissionerService.findMany({
    where: {
      AND: [
        visibleServices(principal),
        filters.institutionOrganizationId ? { institutionOrganizationId: filters.institutionOrganizationId } : {},
        filters.commissionerId ? { commissionerId: filters.commissionerId } : {},
        // Active at some time in the year, or rated in it.
        { OR: [{ startedAt: { lt: to }, OR: [{ closedAt: null }, { closedAt: { gte: from } }] }, { ratedAt: { gte: from, lt: to } }] },
      ],
    },
    select: {
      id: true,
      commissionerId: true,
      commissionerUserId: true,
      institutionOrganizationId: true,
      status: true,
      startedAt: true,
      closedAt: true,
      ratingScore: true,
      ratedAt: true,
    },
  });
  const logs = await deps.db.commissionerServiceLog.findMany({
    where: { serviceId: { in: services.map((s) => s.id) }, periodStart: { gte: from, lt: to } },
    select: { serviceId: true, hours: true, confirmedAt: true },
  });
  const logsOf = new Map<string, { hours: number; confirmedHours: number }>();
  for (const l of logs) {
    const t = logsOf.get(l.serviceId) ?? { hours: 0, confirmedHours: 0 };
    t.hours += l.hours;
    if (l.confirmedAt) t.confirmedHours += l.hours;
    logsOf.set(l.serviceId, t);
  }
  const byCommissioner = new Map<string, Figures & { userId: string; institutionOrganizationId: string }>();
  const byInstitution = new Map<string, Figures & { commissioners: Set<string> }>();
  for (const s of services) {
    const c = byCommissioner.get(s.commissionerId) ?? { ...empty(), userId: s.commissionerUserId, institutionOrganizationId: s.institutionOrganizationId };
    const i = byInstitution.get(s.institutionOrganizationId) ?? { ...empty(), commissioners: new Set<string>() };
    i.commissioners.add(s.commissionerId);
    const t = logsOf.get(s.id) ?? { hours: 0, confirmedHours: 0 };
    for (const f of [c, i] as Figures[]) {
      if (s.startedAt && s.startedAt < to && (!s.closedAt || s.closedAt >= from)) f.engagements++;
      if (s.status === 'completed' && inYear(s.closedAt, from, to)) f.completed++;
      if (s.status === 'ended_early' && inYear(s.closedAt, from, to)) f.endedEarly++;
      f.hours += t.hours;
      f.confirmedHours += t.confirmedHours;
      if (s.ratingScore !== null && inYear(s.ratedAt, from, to)) {
        f.ratingSum += s.ratingScore;
        f.ratingCount++;
      }
    }
    byCommissioner.set(s.commissionerId, c);
    byInstitution.set(s.institutionOrganizationId, i);
  }
  const [users, organizations] = await Promise.all([
    deps.db.user.findMany({ where: { id: { in: [...byCommissioner.values()].map((c) => c.userId) } }, select: { id: true, name: true } }),
    deps.db.organization.findMany({ where: { id: { in: [...byInstitution.keys()] } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const orgName = new Map(organizations.map((o) => [o.id, o.name]));
  return {
    year,
    institutions: [...byInstitution.entries()]
      .map(([id, f]) => ({ institutionOrganizationId: id, name: orgName.get(id) ?? '', commissioners: f.commissioners.size, ...shown(f) }))
      .sort((a, b) => b.hours - a.hours || a.institutionOrganizationId.localeCompare(b.institutionOrganizationId)),
    commissioners: [...byCommissioner.entries()]
      .map(([id, f]) => ({
        commissionerId: id,
        userId: f.userId,
        name: userName.get(f.userId) ?? '',
        institutionOrganizationId: f.institutionOrganizationId,
        ...shown(f),
      }))
      .sort((a, b) => b.hours - a.hours || a.commissionerId.localeCompare(b.commissionerId)),
  };
}

export const commissionerReportRoute = defineRoute({
  method: 'get',
  path: '/commissioner-reports',
  summary: 'The yearly report per commissioner and per institution: engagements, hours (logged and confirmed), ratings',
  tags: ['commissioners'],
  access: { roles: 'any', note: "An institution's staff see their institution and its commissioners; a commissioner their own line; others an empty report." },
  query: reportQuery,
  responses: { 200: { description: 'The report', schema: yearlyReport } },
  handler: async ({ query, principal, deps }) => ({ status: 200, body: await report(deps, principal, query.year, query) }),
});
