// /v1/review-tasks: a reviewer's inbox (tasks assigned to them and tasks they may claim, with due dates)
// and the task steps: claim, unclaim, decision. The task rows are the workflow's projection; the steps
// are Updates on the application's workflow, which refuses four-eyes and conflict-of-interest breaches.
import { z } from 'zod';
import type { ReviewTask } from '../../prisma/generated/client';
import { claimTaskUpdate, decideTaskUpdate, decisionRequest, unclaimTaskUpdate } from '../../workflows/certification-review/contract';
import { boundedDateTime } from '../../schemas/date-time';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem } from '../errors';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { resourceId } from '../parties/common';
import { listExportRoute, type ListRowsContext } from '../list-export';
import { defineRoute } from '../routing';
import { reviewTaskExportColumns } from './review-task-export-columns';
import { assertMayRead } from './visibility';
import { actorOf } from '../actor';
import { applicationStep } from './process';
import { stepResultSchema } from './schemas';

const taskParams = z.object({ id: resourceId }).strict();

const taskSchema = z
  .object({
    id: z.string(),
    applicationId: z.string(),
    stage: z.string(),
    round: z.number().int(),
    seat: z.number().int(),
    status: z.string(),
    assigneeUserId: z.string().nullable(),
    /** assigned: yours; claimable: unassigned and you may claim it. */
    inbox: z.enum(['assigned', 'claimable', 'decided', 'other']),
    candidateUserIds: z.array(z.string()),
    priority: z.number().int(),
    dueAt: z.string(),
    followUpAt: z.string().nullable(),
    overdue: z.boolean(),
    remindersSent: z.number().int(),
    escalations: z.number().int(),
    decision: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
    application: z.object({ programmeId: z.string(), domain: z.string(), level: z.string(), status: z.string() }),
  })
  .meta({ id: 'ReviewTask' });

type TaskRow = ReviewTask & { application: { programmeId: string; domain: string; level: string; status: string } };

function taskView(row: TaskRow, userId: string) {
  const inbox =
    row.status === 'open' && row.assigneeUserId === userId
      ? 'assigned'
      : row.status === 'open' && row.assigneeUserId === null && row.candidateUserIds.includes(userId)
        ? 'claimable'
        : row.decidedBy === userId
          ? 'decided'
          : 'other';
  return {
    id: row.id,
    applicationId: row.applicationId,
    stage: row.stage,
    round: row.round,
    seat: row.seat,
    status: row.status,
    assigneeUserId: row.assigneeUserId,
    inbox,
    candidateUserIds: row.candidateUserIds,
    priority: row.priority,
    dueAt: row.dueAt.toISOString(),
    followUpAt: row.followUpAt?.toISOString() ?? null,
    overdue: row.status === 'open' && row.dueAt.getTime() < Date.now(),
    remindersSent: row.remindersSent,
    escalations: row.escalations,
    decision: row.decision,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    application: row.application,
  };
}

const inboxQuery = z
  .object({
    view: z
      .enum(['all', 'assigned', 'claimable', 'decided'])
      .default('all')
      .meta({ description: 'all: assigned and claimable open tasks; assigned; claimable; decided: tasks you decided.' }),
    dueBefore: boundedDateTime.optional().meta({ description: 'Only tasks due before this instant (overdue: now).' }),
    applicationId: resourceId.optional(),
    ...paginationQuery,
  })
  .strict();

/**
 * The task, for a caller who can see it: whoever may read its application, and the reviewers of the
 * programme's evaluation bodies (every reviewer when it names none), who may be refused by name by the
 * workflow (conflict of interest, four-eyes). Anyone else gets the 404 of an unknown id, not a 403 or
 * 409 that would tell that the task exists and what state it is in.
 */
async function taskOf(deps: ApiDependencies, principal: Principal, id: string): Promise<ReviewTask> {
  const row = await deps.db.reviewTask.findUnique({
    where: { id },
    include: {
      application: {
        select: {
          id: true,
          candidateUserId: true,
          appliedBy: true,
          secretariatOrganizationId: true,
          programme: { select: { evaluationOrganizationIds: true } },
        },
      },
    },
  });
  if (!row) throw new NotFoundProblem('Review task');
  const bodies = row.application.programme.evaluationOrganizationIds;
  const programmeReviewer =
    principal.roles.has('reviewer') && (bodies.length === 0 || (principal.organizationId !== null && bodies.includes(principal.organizationId)));
  if (!programmeReviewer) {
    await assertMayRead(deps, principal, row.application).catch((error: unknown) => {
      throw error instanceof NotFoundProblem ? new NotFoundProblem('Review task') : error;
    });
  }
  return row;
}

/** The inbox's rows, shared by the JSON list and its export (api/list-export.ts). */
async function reviewTaskRows({ query, principal, deps, page }: ListRowsContext<typeof inboxQuery>): Promise<TaskRow[]> {
  const me = principal.userId;
  const assigned = { status: 'open' as const, assigneeUserId: me };
  const claimable = { status: 'open' as const, assigneeUserId: null, candidateUserIds: { has: me } };
  const scope =
    query.view === 'assigned'
      ? assigned
      : query.view === 'claimable'
        ? claimable
        : query.view === 'decided'
          ? { decidedBy: me }
          : { OR: [assigned, claimable] };
  return deps.db.reviewTask.findMany({
    where: {
      AND: [
        scope,
        page.where,
        query.dueBefore ? { dueAt: { lt: new Date(query.dueBefore) } } : {},
        query.applicationId ? { applicationId: query.applicationId } : {},
      ],
    },
    include: { application: { select: { programmeId: true, domain: true, level: true, status: true } } },
    orderBy: page.orderBy,
    take: page.take,
  });
}

export const reviewTaskRoutes = [
  defineRoute({
    method: 'get',
    path: '/review-tasks',
    summary: "The caller's inbox of review tasks: assigned to them and claimable by them, with due dates",
    tags: ['certification'],
    access: { roles: ['reviewer'], note: "Only the caller's own tasks and those they may claim." },
    query: inboxQuery,
    responses: { 200: { description: 'A page of review tasks', schema: z.object({ items: z.array(taskSchema), ...pageInfo }) } },
    handler: async ({ query, principal, deps }) => {
      const rows = await reviewTaskRows({ query, principal, deps, page: pageQuery(query.cursor, query.limit) });
      const { items, nextCursor } = toPage(rows, query.limit);
      return { status: 200, body: { items: items.map((r) => taskView(r, principal.userId)), nextCursor } };
    },
  }),

  listExportRoute({
    path: '/review-tasks',
    summary: "The caller's review tasks, with the inbox's filters, as CSV or XLSX (streamed, every row)",
    tags: ['certification'],
    note: "Only the caller's own tasks and those they may claim.",
    roles: ['reviewer'],
    query: inboxQuery,
    rows: reviewTaskRows,
    item: (row: TaskRow, principal: Principal) => taskView(row, principal.userId),
    fileName: 'review-tasks',
    columns: reviewTaskExportColumns,
  }),

  defineRoute({
    method: 'post',
    path: '/review-tasks/:id/claim',
    summary: 'Claim a review task (the workflow refuses conflicts of interest and four-eyes breaches)',
    tags: ['certification'],
    access: {
      roles: ['reviewer'],
      note: "Only its programme's reviewers and who may read its application (else 404); a reviewer in the task's candidate pool (decided by the workflow).",
    },
    params: taskParams,
    responses: { 200: { description: 'Claimed', schema: stepResultSchema } },
    handler: async ({ params, principal, deps }) => {
      const task = await taskOf(deps, principal, params.id);
      return applicationStep(deps, principal, task.applicationId, claimTaskUpdate, { actor: actorOf(principal), taskId: task.id });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/review-tasks/:id/unclaim',
    summary: 'Give a claimed review task back to its pool',
    tags: ['certification'],
    access: {
      roles: ['reviewer', 'secretariat'],
      note: "Only its programme's reviewers and who may read its application (else 404); the assignee, or the programme's secretariat (decided by the workflow).",
    },
    params: taskParams,
    responses: { 200: { description: 'Unclaimed', schema: stepResultSchema } },
    handler: async ({ params, principal, deps }) => {
      const task = await taskOf(deps, principal, params.id);
      return applicationStep(deps, principal, task.applicationId, unclaimTaskUpdate, { actor: actorOf(principal), taskId: task.id });
    },
  }),

  defineRoute({
    method: 'post',
    path: '/review-tasks/:id/decision',
    summary: 'Decide a review task: approve, reject (with a reason) or request changes (with the points)',
    tags: ['certification'],
    access: {
      roles: ['reviewer'],
      note: "Only its programme's reviewers and who may read its application (else 404); the assignee (decided by the workflow).",
    },
    params: taskParams,
    body: decisionRequest,
    bodyExample: { decision: 'approve' },
    responses: { 200: { description: 'Decided', schema: stepResultSchema } },
    handler: async ({ params, body, principal, deps }) => {
      const task = await taskOf(deps, principal, params.id);
      return applicationStep(deps, principal, task.applicationId, decideTaskUpdate, { actor: actorOf(principal), taskId: task.id, ...body });
    },
  }),
];
