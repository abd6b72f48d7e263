// /v1/placements: a direct offer (offer-route.ts), lists and status from the projection merged with the
// live workflow, and the parties' steps as Workflow Updates through the step gateway. The workflow
// decides who may take a step and when (workflows/apprenticeship-placement/state.ts); the API checks
// that the caller can see the placement at all (else 404).
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { isOpenStatus } from '../../platform/workflow-ends';
import {
  acceptUpdate,
  checkInRequest,
  checkInUpdate,
  declineUpdate,
  evaluationRequest,
  evaluationUpdate,
  incidentRequest,
  incidentUpdate,
  insuranceRequest,
  insuranceUpdate,
  type PlacementStatusView,
  type PlacementStepResult,
  reasonRequest,
  resolveIncidentRequest,
  resolveIncidentUpdate,
  terminateUpdate,
  transferUpdate,
} from '../../workflows/apprenticeship-placement/contract';
import { checkCapacity, checkEligibility } from '../../core/apprenticeship-placement/rules';
import { isAbnormalEndStatus } from '../../core/workflow-ends';
import { actorOf, type StepActor } from '../actor';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, UnknownReferenceProblem } from '../errors';
import { nameBasedId } from '../../core/name-based-id';
import { equalityFilters } from '../list-filters';
import { studentsInCareOf } from '../parties/guardians';
import { listExportRoute, type ListRowsContext } from '../list-export';
import { listRoute } from '../list-route';
import { type AnyRoute, defineRoute } from '../routing';
import { liveStatus } from '../step-gateway';
import { processStepRoute } from '../step-route';
import { abnormalEndView, findAbnormalEnd } from '../workflow-ends';
import { loadPeople, placementInput, positionFacts, seatsTaken } from '../../activities/placement/offers';
import { currentStudentFacts, effectivePolicy, RuleViolationProblem } from './offer';
import { offerRoute } from './offer-route';
import { placementProcess } from './process';
import { placementExportColumns } from './export-columns';
import { listQuery, placementPage, placementParams, stepResultSchema, summaryOf, transferRequest } from './schemas';
import { placementVisibilityFilter, visiblePlacement } from './visibility';

const STEP_NOTE = "Only callers who can see the placement (its school's and enterprise's staff, the student, guardian and mentors; else 404).";

function stepRoute<B extends z.ZodType, A>(options: {
  path: string;
  summary: string;
  rule: string;
  body?: B;
  bodyExample?: z.input<B>;
  params?: z.ZodObject;
  update: UpdateDefinition<PlacementStepResult, [A]>;
  args: (ctx: {
    body: z.infer<B>;
    actor: StepActor;
    params: Record<string, string>;
    principal: Principal;
    deps: ApiDependencies;
    live: () => Promise<PlacementStatusView>;
  }) => Promise<A> | A;
}) {
  return processStepRoute({
    process: placementProcess,
    path: `/placements/:id/${options.path}`,
    summary: options.summary,
    tags: ['placements'],
    note: `${STEP_NOTE} ${options.rule}`,
    params: options.params ?? placementParams,
    ...(options.body ? { body: options.body, bodyExample: options.bodyExample } : {}),
    result: stepResultSchema,
    update: options.update,
    visible: async (deps, principal, id) => (await visiblePlacement(deps, principal, id)).row,
    args: ({ id, body, params, principal, deps }) => {
      const live = async () => {
        const status = await liveStatus(deps, placementProcess, id);
        if (!status) throw new ConflictProblem('The placement has ended; no further steps are possible.');
        return status;
      };
      return options.args({ body: body as z.infer<B>, actor: actorOf(principal), params, principal, deps, live });
    },
  });
}

/** The placement list's query and rows, shared by the JSON list and its export (api/list-export.ts). */
const placementList = {
  path: '/placements',
  summary: 'Placements the caller can see, newest first, filtered by school, enterprise, status, cohort (cursor pagination)',
  tags: ['placements'],
  note: "Lists only placements the caller can see: its school's or enterprise's (staff), or its own.",
  query: listQuery,
  page: placementPage,
  pageDescription: 'A page of placements',
  rows: async ({ query, principal, deps, page }: ListRowsContext<typeof listQuery>) => {
    const filters: Prisma.PlacementWhereInput = equalityFilters(query, ['schoolOrganizationId', 'enterpriseOrganizationId', 'status', 'cohort']);
    const inCareOf = await studentsInCareOf(deps.db, principal.userId);
    return deps.db.placement.findMany({
      where: { AND: [placementVisibilityFilter(principal, inCareOf), filters, page.where] },
      orderBy: page.orderBy,
      take: page.take,
    });
  },
  item: summaryOf,
};

export const placementRoutes: AnyRoute[] = [
  offerRoute,

  listRoute(placementList),
  listExportRoute({
    ...placementList,
    summary: "Placements the caller can see, with the list's filters, as CSV or XLSX (streamed, every row)",
    fileName: 'placements',
    columns: placementExportColumns,
  }),

  defineRoute({
    method: 'get',
    path: '/placements/:id',
    summary: 'A placement: its record merged with the live workflow status',
    tags: ['placements'],
    access: { roles: 'any', note: STEP_NOTE },
    params: placementParams,
    responses: { 200: { description: 'The placement' } },
    handler: async ({ params, principal, deps }) => {
      const { row, live: early } = await visiblePlacement(deps, principal, params.id);
      // A record still open: is its workflow still there? (A query would answer a terminated one by replay.)
      const [live, end] = await Promise.all([
        early ?? liveStatus(deps, placementProcess, params.id, row !== null),
        row && isOpenStatus('placement', row.status) ? findAbnormalEnd(deps, 'placement', params.id, placementProcess.workflowId(params.id)) : null,
      ]);
      const ended = end
        ? abnormalEndView(end)
        : row && isAbnormalEndStatus(row.status)
          ? { status: row.status, workflowEnd: { status: row.status, closedAt: row.closedAt?.toISOString() ?? null } }
          : {};
      // The workflow is the truth for the process; the row adds what was recorded (and serves lists).
      return { status: 200, body: { id: params.id, ...(row ? summaryOf(row) : {}), ...(live ?? {}), ...ended } };
    },
  }),

  stepRoute({
    path: 'accept',
    summary: 'The student accepts the offer (the tripartite agreement is launched)',
    rule: 'The workflow admits only the student (else 403), while offered (else 409); a minor needs a guardian (else 422).',
    update: acceptUpdate,
    args: ({ actor }) => ({ actor }),
  }),
  stepRoute({
    path: 'decline',
    summary: 'The student declines the offer, with a reason',
    rule: 'The workflow admits only the student (else 403), while offered (else 409).',
    body: reasonRequest,
    bodyExample: { reason: 'Too far from home.' },
    update: declineUpdate,
    args: ({ actor, body }) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    path: 'insurance',
    summary: 'Record the liability insurance (needed before the start)',
    rule: 'The workflow admits the school (coordinators, school mentor) and the enterprise (signatories, enterprise mentor) (else 403), before the start (else 409).',
    body: insuranceRequest,
    bodyExample: { policyNumber: 'PICC-2027-0042', insurer: 'PICC' },
    update: insuranceUpdate,
    args: ({ actor, body }) => ({ actor, insurance: body }),
  }),
  stepRoute({
    path: 'check-ins',
    summary: 'The weekly log (周志): hours per day, tasks, reflections; checked against the placement rules',
    rule: 'The workflow admits only the student (else 403), while active (else 409), for a week that has begun (else 422).',
    body: checkInRequest,
    bodyExample: { week: 1, days: [{ date: '2026-12-06', hours: 8 }], tasks: 'Assembled gearboxes with the team.' },
    update: checkInUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'incidents',
    summary: 'Report an incident (escalated to the school at once)',
    rule: 'The workflow admits the student, the school and the enterprise (else 403), from the start gate on (else 409).',
    body: incidentRequest,
    bodyExample: { severity: 'medium', description: 'A minor cut at the lathe, treated on site.' },
    update: incidentUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'incidents/:number/resolve',
    summary: 'Resolve an incident',
    rule: 'The workflow admits only the school (else 403); an unknown incident is a 422.',
    params: z.object({ id: z.uuid(), number: z.coerce.number().int().min(1).max(10_000) }).strict(),
    body: resolveIncidentRequest,
    bodyExample: { resolution: 'Treated on site.' },
    update: resolveIncidentUpdate,
    args: ({ actor, body, params }) => ({ actor, number: Number(params.number), resolution: body.resolution }),
  }),
  stepRoute({
    path: 'evaluations',
    summary: "A mentor's mid-term or final evaluation",
    rule: "The workflow admits only the placement's school mentor and enterprise mentor (else 403): mid-term after its week, final after the last week (else 409).",
    body: evaluationRequest,
    bodyExample: { kind: 'mid_term', score: 80, comments: 'Fine.' },
    update: evaluationUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'terminate',
    summary: 'End the placement early, with a reason',
    rule: 'The workflow admits the school and the enterprise (else 403), while the placement is open (else 409).',
    body: reasonRequest,
    bodyExample: { reason: 'The enterprise closed the workshop.' },
    update: terminateUpdate,
    args: ({ actor, body }) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    path: 'transfer',
    summary: 'Transfer to another position: this placement stops and a linked continuation placement starts',
    rule: 'The workflow admits the student, the school and the enterprise (else 403), while waiting for the start or active (else 409); the new position must be open and allowed by the rules (else 422).',
    body: transferRequest,
    bodyExample: { positionId: '00fc8ff4-fbdf-47de-9f1f-4cb2fbe3754c', reason: 'Closer to home.' },
    update: transferUpdate,
    args: async ({ actor, body, params, deps, live }) => {
      const current = await live();
      const position = await deps.db.placementPosition.findUnique({ where: { id: body.positionId } });
      if (!position || position.status !== 'open') throw new UnknownReferenceProblem([{ path: '/positionId', message: `no open position ${body.positionId}` }]);
      const row = await deps.db.placement.findUniqueOrThrow({ where: { id: params.id! } });
      const application = row.applicationId ? await deps.db.placementApplication.findUnique({ where: { id: row.applicationId } }) : null;
      if (!application) throw new ConflictProblem('The placement has no application to continue from.');
      const rules = deps.config.placement.rules;
      const facts = await currentStudentFacts(deps.db, application);
      const violations = checkEligibility(facts, positionFacts(position), rules);
      if (violations.length > 0) throw new RuleViolationProblem('The placement rules refuse the new position.', violations);
      const seats = await seatsTaken(deps.db, [position.id], [position.enterpriseOrganizationId]);
      const capacity = checkCapacity(
        {
          positionStaff: position.positionStaff,
          enterpriseStaff: position.enterpriseStaff,
          positionInterns: seats.position.get(position.id) ?? 0,
          enterpriseInterns: seats.enterprise.get(position.enterpriseOrganizationId) ?? 0,
        },
        rules,
      );
      if (capacity.length > 0) throw new RuleViolationProblem('The new position or its enterprise has no room for another intern.', capacity);
      const people = await loadPeople(
        deps.db,
        [application.studentUserId, application.schoolMentorUserId, position.mentorUserId, ...(application.guardianUserId ? [application.guardianUserId] : [])],
        [application.schoolOrganizationId, position.enterpriseOrganizationId],
      );
      const continuation = placementInput({
        placementId: nameBasedId(`placement-transfer:${params.id}:${position.id}`),
        application,
        position,
        people,
        origin: { kind: 'transfer', previousPlacementId: params.id!, reason: body.reason },
        offeredBy: actor.userId,
        policy: effectivePolicy(deps, body.policy, current.policy),
        rules,
        insurance: body.insurance ?? current.insurance,
        guardianConfirmed: facts.guardian === 'named',
      });
      return { actor, reason: body.reason, continuation };
    },
  }),
];
