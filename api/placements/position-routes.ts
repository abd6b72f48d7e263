// /v1/positions: an enterprise publishes placement positions; everyone signed in can browse them.
// A position that breaks a placement rule on its own (night work, more than 8 h a day or 40 h a week,
// a stipend under 80% of the wage, longer than the maximum duration) is refused with the rules named.
import { z } from 'zod';
import type { PlacementPosition } from '../../prisma/generated/client';
import { calendarDate } from '../../workflows/apprenticeship-placement/contract';
import { checkPosition } from '../../core/apprenticeship-placement/rules';
import { UnknownReferenceProblem, ValidationProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { isMember } from '../parties/alliance-membership';
import { defineRoute } from '../routing';
import { positionFacts, RuleViolationProblem } from './offer';
import { visibleText } from '../../schemas/visible-text';

const majorGroup = z.string().regex(/^\d{2}$/, 'a major group is the two-digit code of a 专业大类');
const hours = z
  .number()
  .min(0)
  .max(24 * 7);
const fen = z.number().int().min(0).max(100_000_000);

export const publishPositionRequest = z
  .object({
    enterpriseOrganizationId: z.string().trim().min(1).max(128),
    allianceId: z.string().trim().min(1).max(128).optional(),
    mentorUserId: z.string().trim().min(1).max(128),
    title: z.string().trim().min(1).max(200).superRefine(visibleText),
    description: z.string().trim().max(5000).optional(),
    majorGroups: z.array(majorGroup).min(1).max(20),
    skills: z.array(z.string().trim().min(1).max(100).superRefine(visibleText)).max(50).default([]),
    location: z.string().trim().min(1).max(300).superRefine(visibleText),
    capacity: z.number().int().min(1).max(10_000),
    startDate: calendarDate,
    endDate: calendarDate,
    dailyHours: hours,
    weeklyHours: hours,
    nightWork: z.boolean(),
    /** Monthly, in fen (1 yuan = 100 fen). */
    stipendMonthly: fen,
    /** The same position's regular monthly wage, in fen. */
    regularMonthlyWage: fen,
    positionStaff: z.number().int().min(0).max(10_000_000),
    enterpriseStaff: z.number().int().min(1).max(10_000_000),
  })
  .strict();

const positionSchema = z
  .object({
    id: z.string(),
    enterpriseOrganizationId: z.string(),
    allianceId: z.string().nullable(),
    mentorUserId: z.string(),
    title: z.string(),
    majorGroups: z.array(z.string()),
    skills: z.array(z.string()),
    location: z.string(),
    capacity: z.number().int(),
    startDate: z.string(),
    endDate: z.string(),
    dailyHours: z.number(),
    weeklyHours: z.number(),
    nightWork: z.boolean(),
    stipendMonthly: z.number().int(),
    regularMonthlyWage: z.number().int(),
    positionStaff: z.number().int(),
    enterpriseStaff: z.number().int(),
    status: z.enum(['open', 'closed']),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PlacementPosition' });

function positionView(p: PlacementPosition): z.infer<typeof positionSchema> {
  const facts = positionFacts(p);
  return {
    id: p.id,
    enterpriseOrganizationId: p.enterpriseOrganizationId,
    allianceId: p.allianceId,
    mentorUserId: p.mentorUserId,
    title: p.title,
    majorGroups: p.majorGroups,
    skills: p.skills,
    location: p.location,
    capacity: p.capacity,
    startDate: facts.startDate,
    endDate: facts.endDate,
    dailyHours: p.dailyHours,
    weeklyHours: p.weeklyHours,
    nightWork: p.nightWork,
    stipendMonthly: p.stipendMonthly,
    regularMonthlyWage: p.regularMonthlyWage,
    positionStaff: p.positionStaff,
    enterpriseStaff: p.enterpriseStaff,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
  };
}

const listQuery = z
  .object({
    enterpriseOrganizationId: z.string().max(128).optional(),
    majorGroup: majorGroup.optional(),
    status: z.enum(['open', 'closed']).optional(),
    ...paginationQuery,
  })
  .strict();

export const positionRoutes = [
  defineRoute({
    method: 'post',
    path: '/positions',
    summary: 'Publish a placement position (checked against the placement rules)',
    tags: ['placements'],
    access: {
      roles: ['signatory', 'mentor'],
      scope: {
        resource: 'Organization',
        describe: "enterpriseOrganizationId is the caller's organisation",
        organizationOf: async ({ body, deps }) => {
          const id = (body as { enterpriseOrganizationId: string }).enterpriseOrganizationId;
          return (await deps.db.organization.findUnique({ where: { id }, select: { id: true } }))?.id ?? null;
        },
        denial: 403,
      },
    },
    body: publishPositionRequest,
    bodyExample: {
      enterpriseOrganizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
      mentorUserId: 'cc4ffba8-a862-4155-bb79-3c1147f88a15',
      title: 'Workshop assistant',
      majorGroups: ['46'],
      location: 'Shenzhen',
      capacity: 2,
      startDate: '2026-12-06',
      endDate: '2027-04-05',
      dailyHours: 8,
      weeklyHours: 40,
      nightWork: false,
      stipendMonthly: 320000,
      regularMonthlyWage: 400000,
      positionStaff: 20,
      enterpriseStaff: 200,
    },
    responses: { 201: { description: 'Published', schema: positionSchema } },
    handler: async ({ body, req, principal, deps }) => {
      if (body.endDate < body.startDate) throw new ValidationProblem([{ path: '/endDate', message: 'is before startDate' }]);
      const violations = checkPosition({ ...body }, deps.config.placement.rules);
      if (violations.length > 0) throw new RuleViolationProblem('The position breaks the placement rules.', violations);
      const mentor = await deps.db.user.findUnique({ where: { id: body.mentorUserId }, select: { organizationId: true, roles: true, active: true } });
      if (!mentor || !mentor.active || mentor.organizationId !== body.enterpriseOrganizationId || !mentor.roles.includes('mentor')) {
        throw new UnknownReferenceProblem([{ path: '/mentorUserId', message: `no active mentor ${body.mentorUserId} in the enterprise` }]);
      }
      if (body.allianceId && !(await deps.db.alliance.findUnique({ where: { id: body.allianceId }, select: { id: true } }))) {
        throw new UnknownReferenceProblem([{ path: '/allianceId', message: `no alliance ${body.allianceId}` }]);
      }
      // A position offered within an alliance is the enterprise's as a member of it (it accepted the invitation).
      if (body.allianceId && !(await isMember(deps.db, body.allianceId, body.enterpriseOrganizationId))) {
        throw new UnknownReferenceProblem([{ path: '/allianceId', message: `the enterprise is not a member of alliance ${body.allianceId}` }]);
      }
      const id = deterministicId(req, principal);
      const data = {
        id,
        ...body,
        description: body.description ?? null,
        allianceId: body.allianceId ?? null,
        startDate: new Date(`${body.startDate}T00:00:00Z`),
        endDate: new Date(`${body.endDate}T00:00:00Z`),
        createdBy: principal.userId,
      };
      // A retried request (same Idempotency-Key) finds its position.
      const position = await deps.db.placementPosition.upsert({ where: { id }, create: data, update: {} });
      return { status: 201, headers: { location: `/v1/positions/${id}` }, body: positionView(position) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/positions',
    summary: 'Placement positions, newest first (cursor pagination)',
    tags: ['placements'],
    access: { roles: 'any' },
    query: listQuery,
    responses: {
      200: { description: 'A page of positions', schema: z.object({ items: z.array(positionSchema), ...pageInfo }).meta({ id: 'PlacementPositionPage' }) },
    },
    handler: async ({ query, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.placementPosition.findMany({
        where: {
          AND: [
            {
              ...(query.enterpriseOrganizationId ? { enterpriseOrganizationId: query.enterpriseOrganizationId } : {}),
              ...(query.majorGroup ? { majorGroups: { has: query.majorGroup } } : {}),
              ...(query.status ? { status: query.status } : {}),
            },
            page.where,
          ],
        },
        orderBy: page.orderBy,
        take: page.take,
      });
      const { items, nextCursor } = toPage(rows, query.limit);
      return { status: 200, body: { items: items.map(positionView), nextCursor } };
    },
  }),
];
