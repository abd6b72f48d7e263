// /v1/certification-programmes: programmes as configuration (domains, per-level requirements, panel
// rule, policy durations). A secretariat creates its own programmes; every authenticated caller reads.
import { z } from 'zod';
import { createProgrammeRequest } from '../../workflows/certification-review/contract';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, ForbiddenProblem, NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { uniqueViolation } from '../parties/common';
import { defineRoute } from '../routing';
import { programmeSchema, programmeView } from './programmes';

const programmeParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/) }).strict();

async function missingOrganizations(deps: ApiDependencies, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await deps.db.organization.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((o) => o.id));
  return ids.filter((id) => !known.has(id));
}

function secretariatOf(principal: Principal, requested: string | undefined): string | null {
  if (principal.roles.has('admin')) return requested ?? principal.organizationId;
  if (requested !== undefined && requested !== principal.organizationId) {
    throw new ForbiddenProblem('A secretariat creates programmes for its own organisation only.');
  }
  return principal.organizationId;
}

export const certificationProgrammeRoutes = [
  defineRoute({
    method: 'post',
    path: '/certification-programmes',
    summary: 'Create a certification programme (domains, per-level requirements, panel rule, ISO 8601 policy durations)',
    tags: ['certification'],
    access: { roles: ['secretariat'], note: "A secretariat's programme belongs to its own organisation." },
    body: createProgrammeRequest,
    bodyExample: {
      id: 'digital-engineer',
      name: 'Digital technology engineer',
      certificatePrefix: 'MTX',
      domains: ['big-data'],
      policy: {
        levels: { junior: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: null } },
        panel: { size: 3, quorum: 2, majority: 'simple' },
        reviewTask: { due: 'P1D', followUp: 'PT12H', reminderEvery: 'PT6H', maxReminders: 2 },
        durations: { noticePeriod: 'P5D', appealWindow: 'P1D', resubmitWithin: 'P1D', validity: 'P1Y', renewalReminderBefore: 'P30D' },
      },
    },
    responses: { 201: { description: 'Created', schema: programmeSchema } },
    handler: async ({ body, principal, deps }) => {
      const secretariatOrganizationId = secretariatOf(principal, body.secretariatOrganizationId);
      if (!secretariatOrganizationId) {
        throw new UnknownReferenceProblem([{ path: '/secretariatOrganizationId', message: "name the organisation of the programme's secretariat" }]);
      }
      const evaluationOrganizationIds = [...new Set(body.evaluationOrganizationIds ?? [])];
      const missing = await missingOrganizations(deps, [secretariatOrganizationId, ...evaluationOrganizationIds]);
      if (missing.length > 0) {
        throw new UnknownReferenceProblem(
          missing.map((id) =>
            id === secretariatOrganizationId
              ? { path: '/secretariatOrganizationId', message: `organisation ${id} does not exist` }
              : { path: `/evaluationOrganizationIds/${evaluationOrganizationIds.indexOf(id)}`, message: `organisation ${id} does not exist` },
          ),
        );
      }
      try {
        const row = await deps.db.certificationProgramme.create({
          data: {
            id: body.id,
            name: body.name,
            occupation: body.occupation ?? null,
            description: body.description ?? null,
            certificatePrefix: body.certificatePrefix,
            secretariatOrganizationId,
            evaluationOrganizationIds,
            domains: body.domains,
            policy: body.policy,
            createdBy: principal.userId,
          },
        });
        return { status: 201, headers: { location: `/v1/certification-programmes/${row.id}` }, body: programmeView(row) };
      } catch (error) {
        if (!uniqueViolation(error)) throw error;
        throw new ConflictProblem(`A certification programme with id ${body.id} already exists.`, { errors: [{ path: '/id', message: 'is taken' }] });
      }
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certification-programmes',
    summary: 'List certification programmes, newest first',
    tags: ['certification'],
    access: { roles: 'any' },
    query: z.object({ ...paginationQuery }).strict(),
    responses: { 200: { description: 'A page of programmes', schema: z.object({ items: z.array(programmeSchema), ...pageInfo }) } },
    handler: async ({ query, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const rows = await deps.db.certificationProgramme.findMany({ where: page.where, orderBy: page.orderBy, take: page.take });
      const { items, nextCursor } = toPage(rows, query.limit);
      return { status: 200, body: { items: items.map(programmeView), nextCursor } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/certification-programmes/:id',
    summary: 'A certification programme',
    tags: ['certification'],
    access: { roles: 'any' },
    params: programmeParams,
    responses: { 200: { description: 'The programme', schema: programmeSchema } },
    handler: async ({ params, deps }) => {
      const row = await deps.db.certificationProgramme.findUnique({ where: { id: params.id } });
      if (!row) throw new NotFoundProblem('Certification programme');
      return { status: 200, body: programmeView(row) };
    },
  }),
];
