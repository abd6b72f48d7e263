// /v1/training-cohorts: a base publishes a cohort (a TrainingCohort workflow, launched with
// Update-with-Start), lists and reads from the projection merged with the live workflow, and the steps
// (enrolments, withdrawals, attendance, corrections, assessments) as Workflow Updates through the step
// gateway. The workflow decides who may take a step (workflows/training-cohort/state.ts); the API
// resolves the people named and answers a base not in standing at once.
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { readBaseStanding } from '../../activities/continuing-education/base-standing';
import { mayOpenCohorts } from '../../core/continuing-education/base-standing';
import type { EnrolmentSource, TrainingCohortInput } from '../../core/training-cohort/input';
import { trainingCohortWorkflowId } from '../../core/training-cohort/input';
import { assessmentUpdate, attendanceUpdate, correctionUpdate, enrolUpdate, launchRecordedUpdate, withdrawUpdate } from '../../core/training-cohort/messages';
import type { TrainingCohort } from '../../prisma/generated/client';
import { trainingCohort } from '../../workflows/training-cohort/workflow';
import { actorOf, type StepActor } from '../actor';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ForbiddenProblem, ProblemError, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { equalityFilters } from '../list-filters';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { launchProcess } from '../workflow-start';
import { organizationName } from '../organization-name';
import { trainingCohortDisplay } from '../../core/training-cohort/display';
import { trainingCohortProcess } from './process';
import {
  assessmentRequest,
  attendanceRequest,
  cohortPage,
  cohortParams,
  cohortSummary,
  correctionRequest,
  enrolRequest,
  listQuery,
  published,
  publishRequest,
  stepResult,
  withdrawRequest,
} from './schemas';
import { visibleCohort, visibleEnrolments } from './visibility';

const BASE_STAFF = ['secretariat', 'school_coordinator', 'signatory', 'mentor'] as const;
const STEP_NOTE = 'Every signed-in caller sees a cohort (404 for an unknown one); the workflow decides the step.';

/** The base is not in standing (core/continuing-education/base-standing.ts): no cohort opens. */
class BaseNotInStandingProblem extends ProblemError {
  constructor(reason: string, detail: string) {
    super(422, 'base-not-in-standing', 'Not an accredited base', detail, { reason });
  }
}

export function summaryOf(row: TrainingCohort): z.infer<typeof cohortSummary> {
  return {
    id: row.id,
    baseOrganizationId: row.baseOrganizationId,
    title: row.title,
    project: row.project,
    domain: row.domain,
    level: row.level,
    capacity: row.capacity,
    plannedHours: { theory: row.plannedTheoryHours, practice: row.plannedPracticeHours },
    sessions: row.sessions as Record<string, unknown>[],
    status: row.status as z.infer<typeof cohortSummary>['status'],
    refusal: row.refusal,
    counts: {
      enrolled: row.enrolled,
      waitlisted: row.waitlisted,
      withdrawn: row.withdrawn,
      completed: row.completed,
      incomplete: row.incomplete,
      notAdmitted: row.notAdmitted,
    },
    publishedAt: row.publishedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The person a step names (default: the caller), with their organisation and how they come to be enrolled. */
async function person(
  deps: ApiDependencies,
  principal: Principal,
  userId: string | undefined,
): Promise<{ userId: string; organizationId: string | null; source: EnrolmentSource }> {
  const id = userId ?? principal.userId;
  const user = await deps.db.user.findUnique({ where: { id }, select: { id: true, active: true, organization: { select: { id: true, kind: true } } } });
  if (!user || !user.active) throw new UnknownReferenceProblem([{ path: '/userId', message: 'is not an active user' }]);
  const kind = user.organization?.kind;
  const school = kind === 'secondary_vocational_school' || kind === 'university';
  return { userId: user.id, organizationId: user.organization?.id ?? null, source: id === principal.userId ? 'self' : school ? 'school' : 'employer' };
}

function stepRoute<B extends z.ZodType, A>(options: {
  path: string;
  summary: string;
  rule: string;
  body: B;
  bodyExample?: z.input<B>;
  update: UpdateDefinition<unknown, [A]>;
  args: (ctx: { body: z.infer<B>; actor: StepActor; principal: Principal; deps: ApiDependencies }) => Promise<A> | A;
}): AnyRoute {
  return processStepRoute({
    process: trainingCohortProcess,
    path: `/training-cohorts/:id/${options.path}`,
    summary: options.summary,
    tags: ['training-cohorts'],
    note: `${STEP_NOTE} ${options.rule}`,
    params: cohortParams,
    body: options.body,
    bodyExample: options.bodyExample,
    result: stepResult,
    update: options.update,
    visible: async (deps, _principal, id) => (await visibleCohort(deps, id)).row,
    args: ({ body, principal, deps }) => options.args({ body: body as z.infer<B>, actor: actorOf(principal), principal, deps }),
  });
}

export const trainingCohortRoutes: AnyRoute[] = [
  defineRoute({
    method: 'post',
    path: '/training-cohorts',
    summary: 'A continuing-education base publishes a training cohort (starts a TrainingCohort)',
    tags: ['training-cohorts'],
    access: {
      roles: BASE_STAFF,
      note: "Staff of the base (the caller's organisation unless an admin names one); the base must be accredited or under rectification (else 422).",
    },
    body: publishRequest,
    bodyExample: {
      title: 'Digital technology engineer: artificial intelligence, intermediate',
      project: 'digital_engineer',
      domain: 'artificial_intelligence',
      level: 'intermediate',
      plannedHours: { theory: 16, practice: 16 },
      capacity: 30,
      sessions: [
        { number: 1, date: '2027-03-01', module: 'theory', hours: 4 },
        { number: 2, date: '2027-03-02', module: 'theory', hours: 4 },
        { number: 3, date: '2027-03-03', module: 'theory', hours: 4 },
        { number: 4, date: '2027-03-04', module: 'theory', hours: 4 },
        { number: 5, date: '2027-03-05', module: 'practice', hours: 4 },
        { number: 6, date: '2027-03-06', module: 'practice', hours: 4 },
        { number: 7, date: '2027-03-07', module: 'practice', hours: 4 },
        { number: 8, date: '2027-03-08', module: 'practice', hours: 4 },
      ],
      completion: { attendanceThreshold: 0.8, passMark: 60, issueCredentials: true },
      baseOrganizationId: '83ac9902-8559-41a8-84da-051e39359cc3',
    },
    responses: { 201: { description: 'Published', schema: published } },
    handler: async ({ body, req, principal, deps }) => {
      const baseOrganizationId = body.baseOrganizationId ?? principal.organizationId;
      if (!baseOrganizationId) throw new UnknownReferenceProblem([{ path: '/baseOrganizationId', message: 'name the base: the caller has no organisation' }]);
      if (!principal.roles.has('admin') && baseOrganizationId !== principal.organizationId) {
        throw new ForbiddenProblem("Only the base's own staff publish its cohorts.");
      }
      const opening = mayOpenCohorts(await readBaseStanding(deps.db, baseOrganizationId), new Date().toISOString());
      if (!opening.allowed) throw new BaseNotInStandingProblem(opening.reason, opening.message);
      const cohortId = deterministicId(req, principal);
      const input: TrainingCohortInput = {
        offering: { cohortId, baseOrganizationId, ...body, sessions: [...body.sessions].sort((a, b) => a.number - b.number) },
        publishedBy: principal.userId,
      };
      const workflowId = trainingCohortWorkflowId(cohortId);
      const display = trainingCohortDisplay(input, await organizationName(deps, baseOrganizationId));
      const launch = await launchProcess(deps, trainingCohort, launchRecordedUpdate, { workflowId, args: [input], display });
      // The workflow's own check decided otherwise (the standing changed in between): nothing opened.
      if (launch.view?.status === 'refused') throw new BaseNotInStandingProblem('refused', launch.view.refusal ?? 'the base may not open cohorts');
      return {
        status: 201,
        headers: { location: `/v1/training-cohorts/${cohortId}` },
        body: { id: cohortId, workflowId, status: launch.view?.status ?? 'open', refusal: null },
      };
    },
  }),

  listRoute({
    path: '/training-cohorts',
    summary: 'Training cohorts, newest first, filtered by base, project, domain, status (cursor pagination)',
    tags: ['training-cohorts'],
    note: 'Every signed-in caller: cohorts are offerings people enrol in.',
    query: listQuery,
    page: cohortPage,
    pageDescription: 'A page of training cohorts',
    rows: ({ query, deps, page }) =>
      deps.db.trainingCohort.findMany({
        where: { AND: [equalityFilters(query, ['baseOrganizationId', 'project', 'domain', 'status']), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      }),
    item: summaryOf,
  }),

  defineRoute({
    method: 'get',
    path: '/training-cohorts/:id',
    summary: 'A training cohort: its record merged with the live workflow, with the enrolments the caller may see',
    tags: ['training-cohorts'],
    access: { roles: 'any', note: "Every signed-in caller sees the offering; the base's staff every enrolment, others their own and their people's." },
    params: cohortParams,
    responses: { 200: { description: 'The training cohort' } },
    handler: async ({ params, principal, deps }) => {
      const { row, live: early } = await visibleCohort(deps, params.id);
      const live = early ?? (await liveStatus(deps, trainingCohortProcess, params.id, row !== null));
      const enrolments = live
        ? visibleEnrolments(principal, live)
        : (await deps.db.trainingEnrolment.findMany({ where: { cohortId: params.id }, orderBy: { arrival: 'asc' } }))
            .map((e) => ({
              userId: e.userId,
              organizationId: e.organizationId,
              source: e.source,
              status: e.status,
              enrolledAt: e.enrolledAt.toISOString(),
              arrival: e.arrival,
              hoursAttended: e.hoursAttended,
              score: e.score,
              reasons: e.reasons,
              decidedAt: e.decidedAt?.toISOString() ?? null,
              credential: e.credential,
            }))
            .filter((e) => visibleEnrolments(principal, { offering: { baseOrganizationId: row!.baseOrganizationId }, enrolments: [e] } as never).length > 0);
      const summary = row ? summaryOf(row) : {};
      const state = live
        ? { status: live.status, refusal: live.refusal, counts: live.counts, sessionsRecorded: live.sessionsRecorded, closedAt: live.closedAt }
        : {};
      return { status: 200, body: { id: params.id, ...summary, ...state, enrolments } };
    },
  }),

  stepRoute({
    path: 'enrolments',
    summary: 'Enrol a person (themselves, or by their employer or school): enrolled while seats are free, else waitlisted',
    rule: "The workflow admits the person, staff of the person's organisation, the base's staff (else 403); while open (else 409).",
    body: enrolRequest,
    bodyExample: {},
    update: enrolUpdate,
    args: async ({ body, actor, principal, deps }) => ({ actor, ...(await person(deps, principal, body.userId)) }),
  }),

  stepRoute({
    path: 'withdrawals',
    summary: 'Withdraw a person; the first on the waitlist takes the freed seat',
    rule: "The workflow admits the person, staff of the person's organisation, the base's staff (else 403).",
    body: withdrawRequest,
    bodyExample: { userId: '485d1ca3-c7ca-4209-86fa-7e8950567322', reason: 'Changed jobs.' },
    update: withdrawUpdate,
    args: ({ body, actor, principal }) => ({ actor, userId: body.userId ?? principal.userId, reason: body.reason }),
  }),

  stepRoute({
    path: 'attendance',
    summary: "A session's attendance in bulk: hours credited to each present person's ledger once (a repeated batch credits nothing)",
    rule: "The workflow admits the base's staff (else 403); a conflicting figure for someone already recorded is refused (422: send a correction).",
    body: attendanceRequest,
    bodyExample: { session: 1, records: [{ userId: '8e9ec11f-c035-46df-92e9-876f0a0ceb19', present: true }] },
    update: attendanceUpdate,
    args: ({ body, actor }) => ({ actor, session: body.session, records: body.records }),
  }),

  stepRoute({
    path: 'corrections',
    summary: 'Correct a recorded attendance, with a reason: the ledger gets a compensating entry for the difference',
    rule: "The workflow admits the base's staff (else 403).",
    body: correctionRequest,
    bodyExample: { session: 1, userId: '8e9ec11f-c035-46df-92e9-876f0a0ceb19', hours: 3, reason: 'Signed in late.' },
    update: correctionUpdate,
    args: ({ body, actor }) => ({ actor, ...body }),
  }),

  stepRoute({
    path: 'assessments',
    summary: 'Assessment results in bulk: each decides completion (attendance threshold and pass mark) or incomplete with the reasons',
    rule: "The workflow admits the base's staff (else 403); an outcome is final (a different score again: 422).",
    body: assessmentRequest,
    bodyExample: { results: [{ userId: 'c5b9b770-73f5-4dfb-a25f-49b6a823fdab', score: 75 }] },
    update: assessmentUpdate,
    args: ({ body, actor }) => ({ actor, results: body.results }),
  }),
];
