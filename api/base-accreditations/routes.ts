// /v1/base-accreditations: an organisation applies to be a continuing-education base (a
// BaseAccreditation workflow, launched with Update-with-Start), lists and reads from the projection merged
// with the live workflow, the trail, and the steps (review tasks, objections, annual reports,
// rectification, renewal) as Workflow Updates through the step gateway. The workflow decides who may take
// a step (workflows/base-accreditation/state.ts, review-tasks.ts).
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { readAuditTrail } from '../../activities/audit/audit-trail';
import {
  type AccreditationPolicy,
  baseAccreditationWorkflowId,
  type BaseAccreditationInput,
  defaultAccreditationPolicy,
} from '../../core/base-accreditation/input';
import {
  annualReportUpdate,
  claimTaskUpdate,
  decideTaskUpdate,
  launchRecordedUpdate,
  objectUpdate,
  rectificationUpdate,
  renewalUpdate,
  resolveObjectionUpdate,
} from '../../core/base-accreditation/messages';
import type { BaseAccreditation } from '../../prisma/generated/client';
import { baseAccreditation } from '../../workflows/base-accreditation/workflow';
import { actorOf, type StepActor } from '../actor';
import { auditKeysOf } from '../audit-keys';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ForbiddenProblem, NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { launchProcess } from '../workflow-start';
import { baseAccreditationProcess } from './process';
import {
  accreditationPage,
  accreditationParams,
  accreditationSummary,
  annualReportRequest,
  applied,
  applyRequest,
  decisionRequest,
  listQuery,
  objectionParams,
  objectionRequest,
  rectificationRequest,
  resolveRequest,
  stepResult,
  taskParams,
} from './schemas';
import { seesDetails, visibleAccreditation } from './visibility';
import { organizationName } from '../organization-name';
import { baseAccreditationDisplay } from '../../core/base-accreditation/display';

const BASE_STAFF = ['secretariat', 'school_coordinator', 'signatory'] as const;
const STEP_NOTE = 'Every signed-in caller sees an accreditation (404 for an unknown one); the workflow decides the step.';

export function summaryOf(row: BaseAccreditation): z.infer<typeof accreditationSummary> {
  return {
    id: row.id,
    organizationId: row.organizationId,
    authorityOrganizationId: row.authorityOrganizationId,
    domain: row.domain,
    status: row.status as z.infer<typeof accreditationSummary>['status'],
    year: row.year,
    accreditedAt: row.accreditedAt?.toISOString() ?? null,
    accreditedUntil: row.accreditedUntil?.toISOString() ?? null,
    years: row.years as Record<string, unknown>[],
    submittedAt: row.submittedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function stepRoute<B extends z.ZodType, A>(options: {
  path: string;
  params?: z.ZodObject;
  summary: string;
  rule: string;
  body: B;
  bodyExample?: z.input<B>;
  update: UpdateDefinition<unknown, [A]>;
  args: (ctx: { body: z.infer<B>; params: Record<string, string>; actor: StepActor; principal: Principal; deps: ApiDependencies }) => A;
}): AnyRoute {
  return processStepRoute({
    process: baseAccreditationProcess,
    path: `/base-accreditations/:id/${options.path}`,
    summary: options.summary,
    tags: ['base-accreditations'],
    note: `${STEP_NOTE} ${options.rule}`,
    params: options.params ?? accreditationParams,
    body: options.body,
    bodyExample: options.bodyExample,
    result: stepResult,
    update: options.update,
    visible: async (deps, _principal, id) => (await visibleAccreditation(deps, id)).row,
    args: ({ body, params, principal, deps }) => options.args({ body: body as z.infer<B>, params, actor: actorOf(principal), principal, deps }),
  });
}

export const baseAccreditationRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/base-accreditations',
    summary: 'An organisation applies to be a continuing-education base (starts a BaseAccreditation)',
    tags: ['base-accreditations'],
    access: {
      roles: BASE_STAFF,
      note: "Staff of the applying organisation (the caller's unless an admin names one); the authority must be a government organisation (else 422); only an admin sets the policy (else 403).",
    },
    body: applyRequest,
    bodyExample: {
      organizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
      authorityOrganizationId: 'd8f34535-abd3-4cfb-99b9-1f571b926018',
      domain: 'artificial_intelligence',
      facilities: [{ name: 'Training centre', description: 'Twelve classrooms and two AI labs with 120 GPU workstations' }],
      faculty: [
        { name: 'Professor Li', title: 'Professor', field: 'machine learning' },
        { name: 'Engineer Wang', title: 'Senior engineer', field: 'computer vision' },
      ],
      evidence: [
        {
          name: 'Site inspection report',
          reference: 'https://example.org/evidence/site.pdf',
          sha256: '39d066d8159a88253e53979ae5b8e9ce1737c86b0d55a79a6fbc70cb8358bf87',
        },
      ],
    },
    responses: { 201: { description: 'Applied', schema: applied } },
    handler: async ({ body, req, principal, deps }) => {
      const admin = principal.roles.has('admin');
      const organizationId = body.organizationId ?? principal.organizationId;
      if (!organizationId) throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'name the organisation: the caller has none' }]);
      if (!admin && organizationId !== principal.organizationId) throw new ForbiddenProblem('Only the organisation’s own staff apply for it.');
      if (!admin && body.policy) throw new ForbiddenProblem('Only an admin sets an accreditation’s policy.');
      const [organization, authority] = await Promise.all([
        deps.db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
        deps.db.organization.findUnique({ where: { id: body.authorityOrganizationId }, select: { id: true, kind: true } }),
      ]);
      if (!organization) throw new UnknownReferenceProblem([{ path: '/organizationId', message: 'is not an organisation' }]);
      if (!authority || authority.kind !== 'government' || authority.id === organizationId) {
        throw new UnknownReferenceProblem([{ path: '/authorityOrganizationId', message: 'is not a government organisation other than the applicant' }]);
      }
      const policy: AccreditationPolicy = {
        ...defaultAccreditationPolicy,
        evaluationOrganizationIds: [authority.id],
        ...body.policy,
      };
      const accreditationId = deterministicId(req, principal);
      const input: BaseAccreditationInput = {
        application: {
          accreditationId,
          organizationId,
          authorityOrganizationId: authority.id,
          domain: body.domain,
          facilities: body.facilities,
          faculty: body.faculty,
          evidence: body.evidence,
          conflictsOfInterest: body.conflictsOfInterest,
        },
        appliedBy: principal.userId,
        policy,
      };
      const workflowId = baseAccreditationWorkflowId(accreditationId);
      const display = baseAccreditationDisplay(input, {
        base: await organizationName(deps, organizationId),
        authority: await organizationName(deps, authority.id),
      });
      const launch = await launchProcess(deps, baseAccreditation, launchRecordedUpdate, { workflowId, args: [input], display });
      return {
        status: 201,
        headers: { location: `/v1/base-accreditations/${accreditationId}` },
        body: { id: accreditationId, workflowId, status: launch.view?.status ?? 'formal_review' },
      };
    },
  }),

  listRoute({
    path: '/base-accreditations',
    summary: 'Base accreditations, newest first, filtered by organisation and status (cursor pagination)',
    tags: ['base-accreditations'],
    note: 'Every signed-in caller: the programme publishes its bases and their standing.',
    query: listQuery,
    page: accreditationPage,
    pageDescription: 'A page of base accreditations',
    rows: ({ query, deps, page }) =>
      deps.db.baseAccreditation.findMany({
        where: { AND: [equalityFilters(query, ['organizationId', 'status']), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      }),
    item: summaryOf,
  }),

  defineRoute({
    method: 'get',
    path: '/base-accreditations/:id',
    summary: 'A base accreditation: its record merged with the live workflow (details for the parties)',
    tags: ['base-accreditations'],
    access: {
      roles: 'any',
      note: "Every signed-in caller sees the status and the years' outcomes; the application, tasks, objections and reports: the base's and the authority's staff, the reviewers of its tasks, admins.",
    },
    params: accreditationParams,
    responses: { 200: { description: 'The base accreditation' } },
    handler: async ({ params, principal, deps }) => {
      const { row, live: early } = await visibleAccreditation(deps, params.id);
      const live = early ?? (await liveStatus(deps, baseAccreditationProcess, params.id, row !== null));
      const summary = row ? summaryOf(row) : {};
      const parties = live?.application ?? { organizationId: row!.organizationId, authorityOrganizationId: row!.authorityOrganizationId };
      if (live && seesDetails(principal, parties, live)) return { status: 200, body: { ...summary, ...live, id: params.id } };
      const status = live ? { status: live.status, year: live.year, accreditedUntil: live.accreditedUntil } : {};
      return { status: 200, body: { id: params.id, ...summary, ...status } };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/base-accreditations/:id/audit',
    summary: "The accreditation's hash-chained audit trail, verified",
    tags: ['base-accreditations'],
    access: { roles: 'any', note: "The base's and the authority's staff, the reviewers of its tasks, admins; others 404." },
    params: accreditationParams,
    responses: { 200: { description: 'The trail and its verification' } },
    handler: async ({ params, principal, deps }) => {
      const { row, live: early } = await visibleAccreditation(deps, params.id);
      const live = early ?? (await liveStatus(deps, baseAccreditationProcess, params.id, true));
      const parties = live?.application ?? { organizationId: row!.organizationId, authorityOrganizationId: row!.authorityOrganizationId };
      if (!seesDetails(principal, parties, live)) throw new NotFoundProblem(`Base accreditation ${params.id}`);
      return { status: 200, body: await readAuditTrail(deps.db, auditKeysOf(deps), 'continuing_education_base', params.id) };
    },
  }),

  stepRoute({
    path: 'tasks/:taskId/claim',
    params: taskParams,
    summary: 'A reviewer claims a review or evaluation task of their pool',
    rule: 'The workflow admits reviewers of the task’s pool without a conflict of interest or a second seat (403 conflict-of-interest, four-eyes, not-a-candidate; 409 task-taken).',
    body: undefined as never,
    update: claimTaskUpdate,
    args: ({ params, actor }) => ({ actor, taskId: params.taskId! }),
  }),

  stepRoute({
    path: 'tasks/:taskId/decision',
    params: taskParams,
    summary: 'The assignee decides: a review (approve, reject with a reason) or an evaluation (a score 0-100)',
    rule: 'The workflow admits the task’s assignee (403 not-assignee, conflict-of-interest, four-eyes).',
    body: decisionRequest,
    bodyExample: { decision: 'approve' },
    update: decideTaskUpdate,
    args: ({ body, params, actor }) => ({ actor, taskId: params.taskId!, ...body }),
  }),

  stepRoute({
    path: 'objections',
    summary: 'An objection during the public notice (公示)',
    rule: "The workflow admits anyone but the applicant's staff, during the notice (else 409 window-closed).",
    body: objectionRequest,
    bodyExample: { text: 'The listed GPU workstations are rented for the inspection only.' },
    update: objectUpdate,
    args: ({ body, actor }) => ({ actor, text: body.text }),
  }),

  stepRoute({
    path: 'objections/:objectionId/resolve',
    params: objectionParams,
    summary: 'The authority resolves an objection: upheld rejects the application, dismissed clears it',
    rule: "The workflow admits the authority's secretariat (else 403).",
    body: resolveRequest,
    bodyExample: { resolution: 'dismissed', note: 'The lease runs for five years.' },
    update: resolveObjectionUpdate,
    args: ({ body, params, actor }) => ({ actor, objectionId: params.objectionId!, ...body }),
  }),

  stepRoute({
    path: 'annual-reports',
    summary: 'The base files its annual report; the workflow adds the figures computed from the hours ledger and the training records',
    rule: "The workflow admits the base's staff while the year's report is due (else 409).",
    body: annualReportRequest,
    bodyExample: {
      year: 1,
      declared: { peopleTrained: 10, hoursDelivered: 320, completionRate: 0.9, satisfaction: 88 },
      summary: 'Ten engineers trained in two cohorts.',
    },
    update: annualReportUpdate,
    args: ({ body, actor }) => ({ actor, ...body }),
  }),

  stepRoute({
    path: 'rectification',
    summary: 'The base reports its rectification (整改) measures before the deadline',
    rule: "The workflow admits the base's staff while under rectification (else 409).",
    body: rectificationRequest,
    bodyExample: { measures: 'Two more certified trainers hired; the lab booking system opened to trainees.' },
    update: rectificationUpdate,
    args: ({ body, actor }) => ({ actor, measures: body.measures }),
  }),

  stepRoute({
    path: 'renewal',
    summary: 'The base asks for its accreditation to be renewed at the end of its validity',
    rule: "The workflow admits the base's staff once accredited (else 409).",
    body: undefined as never,
    update: renewalUpdate,
    args: ({ actor }) => ({ actor }),
  }),
];
