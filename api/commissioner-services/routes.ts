// /v1/commissioner-services: the nomination (nomination-route.ts), lists and status from the projection
// merged with the live workflow, and the parties' steps as Workflow Updates through the step gateway.
// The workflow decides who may take a step and when (workflows/commissioner-service/steps.ts); the API
// checks that the caller can see the service at all (else 404).
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { isOpenStatus } from '../../platform/workflow-ends';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import {
  acceptUpdate,
  confirmLogUpdate,
  endUpdate,
  milestoneUpdate,
  rateUpdate,
  serviceLogUpdate,
  type ServiceStepResult,
} from '../../core/commissioner-service/messages';
import { actorOf, type StepActor } from '../actor';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem } from '../errors';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { nominationRoute } from './nomination-route';
import { commissionerServiceProcess } from './process';
import {
  confirmationRequest,
  idParams,
  milestoneRequest,
  ratingRequest,
  reasonRequest,
  serviceListQuery,
  serviceLogRequest,
  servicePage,
  stepResultSchema,
  summaryOf,
} from './schemas';
import { serviceVisibilityFilter, visibleService } from './visibility';

const STEP_NOTE = "Only callers who can see the service (its enterprise's and institution's staff, the commissioner; else 404).";

function stepRoute<B extends z.ZodType, A>(options: {
  path: string;
  summary: string;
  rule: string;
  body?: B;
  bodyExample?: z.input<B>;
  update: UpdateDefinition<ServiceStepResult, [A]>;
  args: (ctx: { body: z.infer<B>; actor: StepActor; id: string; deps: ApiDependencies }) => Promise<A> | A;
}) {
  return processStepRoute({
    process: commissionerServiceProcess,
    path: `/commissioner-services/:id/${options.path}`,
    summary: options.summary,
    tags: ['commissioners'],
    note: `${STEP_NOTE} ${options.rule}`,
    params: idParams,
    ...(options.body ? { body: options.body, bodyExample: options.bodyExample } : {}),
    result: stepResultSchema,
    update: options.update,
    visible: async (deps, principal, id) => (await visibleService(deps, principal, id)).row,
    args: ({ id, body, principal, deps }) => options.args({ body: body as z.infer<B>, actor: actorOf(principal), id, deps }),
  });
}

export const commissionerServiceRoutes: AnyRoute[] = [
  nominationRoute,

  listRoute({
    path: '/commissioner-services',
    summary: 'Commissioner services the caller can see, newest first, filtered by status, need, enterprise, institution, commissioner (cursor pagination)',
    tags: ['commissioners'],
    note: "Lists only services the caller can see: its enterprise's or institution's (staff), or its own as the commissioner.",
    query: serviceListQuery,
    page: servicePage,
    pageDescription: 'A page of commissioner services',
    rows: async ({ query, principal, deps, page }) => {
      const filters: Prisma.CommissionerServiceWhereInput = equalityFilters(query, [
        'status',
        'needId',
        'enterpriseOrganizationId',
        'institutionOrganizationId',
        'commissionerId',
      ]);
      return deps.db.commissionerService.findMany({
        where: { AND: [serviceVisibilityFilter(principal), filters, page.where] },
        orderBy: page.orderBy,
        take: page.take,
      });
    },
    item: summaryOf,
  }),

  defineRoute({
    method: 'get',
    path: '/commissioner-services/:id',
    summary: 'A commissioner service: its record merged with the live workflow status',
    tags: ['commissioners'],
    access: { roles: 'any', note: STEP_NOTE },
    params: idParams,
    responses: { 200: { description: 'The service' } },
    handler: async ({ params, principal, deps }) => {
      const { row, live: early } = await visibleService(deps, principal, params.id);
      const [live, end] = await Promise.all([
        early ?? liveStatus(deps, commissionerServiceProcess, params.id, row !== null),
        row && isOpenStatus('commissioner_service', row.status)
          ? findAbnormalEnd(deps, 'commissioner_service', params.id, commissionerServiceProcess.workflowId(params.id))
          : null,
      ]);
      const ended = end
        ? abnormalEndView(end)
        : row && isAbnormalEndStatus(row.status)
          ? { status: row.status, workflowEnd: { status: row.status, closedAt: row.closedAt?.toISOString() ?? null } }
          : {};
      return { status: 200, body: { id: params.id, ...(row ? summaryOf(row) : {}), ...(live ?? {}), ...ended } };
    },
  }),

  stepRoute({
    path: 'accept',
    summary: 'The enterprise accepts the nomination (the tripartite service agreement is launched)',
    rule: 'The workflow admits only the enterprise (its signatories and mentors; else 403), while nominated (else 409); a need matched to another service is a 409.',
    update: acceptUpdate,
    args: async ({ actor, id, deps }) => {
      const row = await deps.db.commissionerService.findUnique({ where: { id }, select: { needId: true } });
      const need = row ? await deps.db.serviceNeed.findUnique({ where: { id: row.needId }, select: { status: true, matchedServiceId: true } }) : null;
      if (need?.status === 'matched' && need.matchedServiceId !== id) throw new ConflictProblem('The need was matched to another commissioner already.');
      return { actor };
    },
  }),
  stepRoute({
    path: 'service-logs',
    summary: "The commissioner's service log for a period (monthly): hours, activities, outcomes",
    rule: 'The workflow admits only the commissioner (else 403), while active or awaiting the rating (else 409), for a period that has begun (else 422).',
    body: serviceLogRequest,
    bodyExample: { period: 1, hours: 8, activities: 'Tuned the camera pipeline.' },
    update: serviceLogUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'confirmations',
    summary: "The enterprise confirms a period's service log",
    rule: 'The workflow admits only the enterprise (else 403), for a submitted log (else 422).',
    body: confirmationRequest,
    bodyExample: { period: 1 },
    update: confirmLogUpdate,
    args: ({ actor, body }) => ({ actor, period: body.period }),
  }),
  stepRoute({
    path: 'milestones',
    summary: 'A milestone reached',
    rule: 'The workflow admits the commissioner and the enterprise (else 403), while active (else 409).',
    body: milestoneRequest,
    bodyExample: { title: 'Prototype on the line', note: 'Reached.' },
    update: milestoneUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'end',
    summary: 'End the service early, with a reason',
    rule: 'The workflow admits the enterprise, the commissioner and the home institution (else 403), while nominated, agreement pending or active (else 409).',
    body: reasonRequest,
    bodyExample: { reason: 'No longer needed.' },
    update: endUpdate,
    args: ({ actor, body }) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    path: 'rating',
    summary: 'The enterprise rates the service (1-5, a comment); the completion record follows',
    rule: 'The workflow admits only the enterprise (else 403), once the last period is over (else 409).',
    body: ratingRequest,
    bodyExample: { score: 4, comment: 'Good.' },
    update: rateUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
];
