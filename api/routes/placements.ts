// /v1/placements: a direct offer (starts an ApprenticeshipPlacement), lists and status from the
// projection merged with the live workflow, and the parties' steps as Workflow Updates. The workflow
// decides who may take a step and when (workflows/apprenticeship-placement/state.ts); the API checks
// that the caller can see the placement at all (else 404) and translates refusals into problems.
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import type { Prisma, PlacementApplication, PlacementPosition } from '../../prisma/generated/client';
import {
  type Actor,
  acceptUpdate,
  APPRENTICESHIP_PLACEMENT_WORKFLOW,
  type ApprenticeshipPlacementInput,
  checkInRequest,
  declineUpdate,
  evaluationRequest,
  evaluationUpdate,
  incidentRequest,
  incidentUpdate,
  insuranceRequest,
  insuranceUpdate,
  checkInUpdate,
  closedStatuses,
  type PlacementOrigin,
  type PlacementPolicy,
  placementPolicy,
  placementPolicyOverrides,
  placementRefusals,
  placementStatus,
  placementStatuses,
  placementStatusQuery,
  type PlacementStatusView,
  type PlacementStepResult,
  placementWorkflowId,
  reasonRequest,
  resolveIncidentRequest,
  resolveIncidentUpdate,
  seatHoldingStatuses,
  terminateUpdate,
  transferUpdate,
} from '../../workflows/apprenticeship-placement/contract';
import { checkCapacity, checkEligibility, guardianStanding, type Insurance, type PlacementRulesPolicy, type PositionFacts, type RuleViolation } from '../../workflows/apprenticeship-placement/rules';
import { OrganizationIdsKey, PlacementStatusKey } from '../../core/search-attributes';
import type { Principal } from '../auth/principal';
import type { ApiDependencies } from '../dependencies';
import { ConflictProblem, type FieldError, NotFoundProblem, ProblemError, UnknownReferenceProblem } from '../errors';
import { confirmedGuardians, studentsInCareOf } from '../parties/guardians';
import { deterministicId, nameBasedId } from '../idempotency';
import { pageInfo, pageQuery, paginationQuery, toPage } from '../pagination';
import { defineRoute } from '../routing';
import { startWorkflowOnce } from '../workflow-start';
import { abnormalEndView, findAbnormalEnd, WorkflowEndedProblem } from '../workflow-ends';
import { isOpenStatus } from '../../platform/workflow-ends';
import { abnormalEndStatuses, isAbnormalEndStatus } from '../../core/workflow-ends';

/** A placement's recorded status: the workflow's, or how its workflow ended abnormally. */
const recordedPlacementStatus = z.enum([...placementStatuses, ...abnormalEndStatuses]);

// ---------------------------------------------------------------------------------------------------
// Offers: their inputs are read and built in activities/placement/offers.ts (the matching round's
// activities build them too); re-exported for the routes that check facts.

import { loadPeople, lockEnterprises, offeredRow, placementInput, positionFacts, seatsTaken, studentFacts } from '../../activities/placement/offers';
export { positionFacts, studentFacts };

/** The facts of one applicant, its guardian link read now (a link removed since the application counts). */
export async function currentStudentFacts(db: Prisma.TransactionClient | ApiDependencies['db'], a: PlacementApplication) {
  return studentFacts(a, (await confirmedGuardians(db, [a.studentUserId])).get(a.studentUserId) ?? []);
}

/** A rule broke: 422 with every violation, in both languages. */
export class RuleViolationProblem extends ProblemError {
  constructor(detail: string, violations: RuleViolation[]) {
    super(422, 'placement-rule-violation', 'Placement rule violated', detail, {
      violations: violations.map((v) => ({ ruleId: v.ruleId, message: v.message, details: v.details })),
    });
  }
}

export function effectivePolicy(deps: ApiDependencies, overrides: z.infer<typeof placementPolicyOverrides> | undefined, base?: PlacementPolicy): PlacementPolicy {
  return placementPolicy.parse({ ...(base ?? deps.config.placement.policy), ...overrides });
}

export async function startPlacement(deps: ApiDependencies, input: ApprenticeshipPlacementInput): Promise<void> {
  await startWorkflowOnce(deps, APPRENTICESHIP_PLACEMENT_WORKFLOW, {
    workflowId: placementWorkflowId(input.placementId),
    args: [input],
    typedSearchAttributes: [
      { key: PlacementStatusKey, value: input.origin.kind === 'transfer' ? 'agreement_pending' : 'offered' },
      { key: OrganizationIdsKey, value: [input.school.organizationId, input.enterprise.organizationId] },
    ],
  });
}

// ---------------------------------------------------------------------------------------------------
// Who sees what

/** Staff of the school or the enterprise see its placements; students, guardians and mentors their own. */
const staffRoles = ['school_coordinator', 'mentor', 'signatory'] as const;

interface Visibility {
  schoolOrganizationId: string;
  enterpriseOrganizationId: string;
  studentUserId: string;
  guardianUserId: string | null;
  schoolMentorUserId: string;
  enterpriseMentorUserId: string;
}

/**
 * `inCareOf`: the students whose confirmed guardian the caller is. A guardian named on a placement reads
 * it only while the school's link to the student stands (a removed link ends it).
 */
export function canSeePlacement(principal: Principal, p: Visibility, inCareOf: readonly string[] = []): boolean {
  if (principal.roles.has('admin')) return true;
  const me = principal.userId;
  if ([p.studentUserId, p.schoolMentorUserId, p.enterpriseMentorUserId].includes(me)) return true;
  if (p.guardianUserId === me && inCareOf.includes(p.studentUserId)) return true;
  const org = principal.organizationId;
  const staff = staffRoles.some((r) => principal.roles.has(r));
  return staff && org !== null && (org === p.schoolOrganizationId || org === p.enterpriseOrganizationId);
}

export function placementVisibilityFilter(principal: Principal, inCareOf: readonly string[] = []): Prisma.PlacementWhereInput {
  if (principal.roles.has('admin')) return {};
  const me = principal.userId;
  const own: Prisma.PlacementWhereInput[] = [{ studentUserId: me }, { schoolMentorUserId: me }, { enterpriseMentorUserId: me }];
  if (inCareOf.length > 0) own.push({ guardianUserId: me, studentUserId: { in: [...inCareOf] } });
  const org = principal.organizationId;
  if (org !== null && staffRoles.some((r) => principal.roles.has(r))) {
    own.push({ schoolOrganizationId: org }, { enterpriseOrganizationId: org });
  }
  return { OR: own };
}

async function visiblePlacement(deps: ApiDependencies, principal: Principal, id: string) {
  const row = await deps.db.placement.findUnique({ where: { id } });
  if (row) {
    const inCareOf = row.guardianUserId === principal.userId ? await studentsInCareOf(deps.db, principal.userId) : [];
    if (!canSeePlacement(principal, row, inCareOf)) throw new NotFoundProblem(`Placement ${id}`);
    return { row, live: undefined };
  }
  // Right after a start, before the workflow's first record: the live status decides.
  const live = await liveStatus(deps, id);
  const inCareOf = live?.guardianUserId === principal.userId ? await studentsInCareOf(deps.db, principal.userId) : [];
  if (!live || !canSeePlacement(principal, { ...live }, inCareOf)) throw new NotFoundProblem(`Placement ${id}`);
  return { row: null, live };
}

async function liveStatus(deps: ApiDependencies, id: string): Promise<PlacementStatusView | null> {
  return deps.temporal.workflow
    .getHandle(placementWorkflowId(id))
    .query(placementStatusQuery)
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    });
}

// ---------------------------------------------------------------------------------------------------
// Steps as Workflow Updates

const refusalAnswers: Record<string, { status: number; slug: string; title: string }> = {
  [placementRefusals.notAuthorized]: { status: 403, slug: 'not-authorized', title: 'Not authorised for this step' },
  [placementRefusals.invalidState]: { status: 409, slug: 'invalid-state', title: 'Not possible in this state' },
  [placementRefusals.invalidStep]: { status: 422, slug: 'invalid-step', title: 'Invalid step' },
  [placementRefusals.ruleViolation]: { status: 422, slug: 'placement-rule-violation', title: 'Placement rule violated' },
};

function actorOf(principal: Principal): Actor {
  return { userId: principal.userId, organizationId: principal.organizationId, roles: [...principal.roles] };
}

/** The closing steps, and the status each leaves: repeating one on a closed placement is answered as done. */
const closingSteps: Record<string, { step: PlacementStepResult['step']; status: PlacementStatusView['status'] }> = {
  [terminateUpdate.name]: { step: 'terminate', status: 'terminated' },
  [transferUpdate.name]: { step: 'transfer', status: 'transferred' },
  [declineUpdate.name]: { step: 'decline', status: 'declined' },
};

/** The workflow's rule for who may take a closing step (state.ts), over the recorded row. */
function mayTakeClosingStep(row: PlacementRow, step: string, principal: Principal): boolean {
  if (principal.roles.has('admin')) return true;
  const student = principal.userId === row.studentUserId;
  const school = principal.userId === row.schoolMentorUserId || (principal.organizationId === row.schoolOrganizationId && principal.roles.has('school_coordinator'));
  const enterprise = principal.userId === row.enterpriseMentorUserId || (principal.organizationId === row.enterpriseOrganizationId && principal.roles.has('signatory'));
  if (step === 'decline') return student;
  if (step === 'terminate') return school || enterprise;
  return student || school || enterprise;
}

/** A step on a placement whose workflow has ended: a repeat of the step that closed it, or a refusal. */
function stepOnClosedPlacement(row: PlacementRow, update: { name: string }, principal: Principal): PlacementStepResult {
  const closing = closingSteps[update.name];
  if (closing && row.status === closing.status) {
    if (!mayTakeClosingStep(row, closing.step, principal)) {
      throw new ProblemError(403, 'not-authorized', 'Not authorised for this step', `the caller may not ${closing.step} this placement`, { refusal: placementRefusals.notAuthorized });
    }
    return { placementId: row.id, step: closing.step, status: row.status, alreadyDone: true, reference: null, violations: [], continuationPlacementId: row.nextPlacementId };
  }
  throw new ConflictProblem(`The placement is ${row.status}; no further steps are possible.`, { refusal: placementRefusals.invalidState });
}

/** Sends an Update to the placement's workflow; a refusal becomes a problem, a repeat the first answer. */
async function runStep<A>(deps: ApiDependencies, principal: Principal, id: string, update: { name: string }, args: A, updateId: string): Promise<PlacementStepResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const handle = deps.temporal.workflow.getHandle(placementWorkflowId(id));
      return await handle.executeUpdate(update as never, { args: [args] as never, updateId });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === placementRefusals.alreadyDone) return error.cause.details?.[0] as PlacementStepResult;
        const answer = refusalAnswers[error.cause.type ?? ''] ?? { status: 422, slug: 'step-refused', title: 'Step refused' };
        throw new ProblemError(answer.status, answer.slug, answer.title, error.cause.message, { refusal: error.cause.type });
      }
      if (error instanceof WorkflowNotFoundError) {
        const row = await deps.db.placement.findUnique({ where: { id } });
        // Between two runs (continue-as-new) the update finds no running workflow for a moment: retry.
        if (row && (seatHoldingStatuses as readonly string[]).includes(row.status) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          continue;
        }
        // Closed while its record is open: the workflow ended abnormally (terminated, failed...).
        const end = row && isOpenStatus('placement', row.status) ? await findAbnormalEnd(deps, 'placement', id, placementWorkflowId(id)) : null;
        if (end) throw new WorkflowEndedProblem(`placement ${id}`, end.status, end.closedAt);
        if (row) return stepOnClosedPlacement(row, update, principal);
        throw new NotFoundProblem(`Placement ${id}`);
      }
      throw error;
    }
  }
}

const placementParams = z.object({ id: z.uuid() }).strict();
const stepResultSchema = z
  .object({
    placementId: z.string(),
    step: z.string(),
    status: placementStatus,
    alreadyDone: z.boolean(),
    reference: z.number().nullable(),
    violations: z.array(z.object({ ruleId: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }), details: z.record(z.string(), z.unknown()) })),
    continuationPlacementId: z.string().nullable(),
  })
  .meta({ id: 'PlacementStepResult' });

const STEP_NOTE = "Only callers who can see the placement (its school's and enterprise's staff, the student, guardian and mentors; else 404).";

function stepRoute<B extends z.ZodType, A>(options: {
  path: string;
  summary: string;
  rule: string;
  body?: B;
  params?: z.ZodObject;
  update: { name: string };
  args: (ctx: { body: z.infer<B>; actor: Actor; params: Record<string, string>; principal: Principal; deps: ApiDependencies; live: () => Promise<PlacementStatusView> }) => Promise<A> | A;
}) {
  return defineRoute({
    method: 'post',
    path: `/placements/:id/${options.path}`,
    summary: options.summary,
    tags: ['placements'],
    access: { roles: 'any', note: `${STEP_NOTE} ${options.rule}` },
    params: (options.params ?? placementParams) as typeof placementParams,
    ...(options.body ? { body: options.body } : {}),
    responses: { 200: { description: 'Done, or already done before (alreadyDone)', schema: stepResultSchema } },
    handler: async ({ params, body, principal, req, deps }) => {
      const { row } = await visiblePlacement(deps, principal, params.id);
      if (row && isAbnormalEndStatus(row.status)) throw new WorkflowEndedProblem(`placement ${params.id}`, row.status, row.closedAt);
      // The workflow has ended (the row records its last step): a repeat of the closing step, or 409.
      if (row && (closedStatuses as readonly string[]).includes(row.status)) return { status: 200, body: stepOnClosedPlacement(row, options.update, principal) };
      const live = async () => {
        const status = await liveStatus(deps, params.id);
        if (!status) throw new ConflictProblem('The placement has ended; no further steps are possible.');
        return status;
      };
      const args = await options.args({ body: body as z.infer<B>, actor: actorOf(principal), params: params as Record<string, string>, principal, deps, live });
      return { status: 200, body: await runStep(deps, principal, params.id, options.update, args, deterministicId(req, principal)) };
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// Schemas

const offerRequest = z
  .object({
    applicationId: z.uuid(),
    positionId: z.uuid(),
    policy: placementPolicyOverrides.optional(),
    insurance: insuranceRequest.optional(),
  })
  .strict();

const transferRequest = z
  .object({
    positionId: z.uuid(),
    reason: z.string().trim().min(1).max(2000),
    policy: placementPolicyOverrides.optional(),
    insurance: insuranceRequest.optional(),
  })
  .strict();

const listQuery = z
  .object({
    schoolOrganizationId: z.string().max(128).optional(),
    enterpriseOrganizationId: z.string().max(128).optional(),
    status: recordedPlacementStatus.optional(),
    cohort: z.string().max(64).optional(),
    ...paginationQuery,
  })
  .strict();

const placementSummary = z
  .object({
    id: z.string(),
    status: recordedPlacementStatus,
    cohort: z.string(),
    studentUserId: z.string(),
    schoolOrganizationId: z.string(),
    enterpriseOrganizationId: z.string(),
    positionId: z.string(),
    previousPlacementId: z.string().nullable(),
    nextPlacementId: z.string().nullable(),
    matchingRoundId: z.string().nullable(),
    startedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    checkInsSubmitted: z.number().int(),
    checkInsMissed: z.number().int(),
    missedInARow: z.number().int(),
    nextCheckInDueAt: z.iso.datetime().nullable(),
    openIncidents: z.number().int(),
    ruleViolations: z.number().int(),
    credits: z.number().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PlacementSummary' });
const placementPage = z.object({ items: z.array(placementSummary), ...pageInfo }).meta({ id: 'PlacementPage' });
const offered = z.object({ id: z.string(), workflowId: z.string(), status: placementStatus, agreementId: z.string() }).meta({ id: 'PlacementOffered' });

type PlacementRow = NonNullable<Awaited<ReturnType<ApiDependencies['db']['placement']['findUnique']>>>;

function summaryOf(p: PlacementRow): z.infer<typeof placementSummary> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: p.id,
    status: p.status,
    cohort: p.cohort,
    studentUserId: p.studentUserId,
    schoolOrganizationId: p.schoolOrganizationId,
    enterpriseOrganizationId: p.enterpriseOrganizationId,
    positionId: p.positionId,
    previousPlacementId: p.previousPlacementId,
    nextPlacementId: p.nextPlacementId,
    matchingRoundId: p.matchingRoundId,
    startedAt: iso(p.startedAt),
    closedAt: iso(p.closedAt),
    checkInsSubmitted: p.checkInsSubmitted,
    checkInsMissed: p.checkInsMissed,
    missedInARow: p.missedInARow,
    nextCheckInDueAt: iso(p.nextCheckInDueAt),
    openIncidents: p.openIncidents,
    ruleViolations: p.ruleViolations,
    credits: p.credits,
    createdAt: p.createdAt.toISOString(),
  };
}

/** The caller's application and position for an offer, or 422 naming what is missing. */
async function offerSubjects(deps: ApiDependencies, applicationId: string, positionId: string) {
  const [application, position] = await Promise.all([
    deps.db.placementApplication.findUnique({ where: { id: applicationId } }),
    deps.db.placementPosition.findUnique({ where: { id: positionId } }),
  ]);
  const errors: FieldError[] = [];
  if (!application) errors.push({ path: '/applicationId', message: `no application ${applicationId}` });
  if (!position || position.status !== 'open') errors.push({ path: '/positionId', message: `no open position ${positionId}` });
  if (errors.length > 0) throw new UnknownReferenceProblem(errors);
  return { application: application!, position: position! };
}

// ---------------------------------------------------------------------------------------------------
// Routes

export const placementRoutes = [
  defineRoute({
    method: 'post',
    path: '/placements',
    summary: "A coordinator's direct offer of a position to an applicant (starts an ApprenticeshipPlacement)",
    tags: ['placements'],
    access: {
      roles: ['school_coordinator'],
      scope: {
        resource: 'Application',
        describe: "the application's school is the caller's organisation",
        organizationOf: async ({ body, deps }) =>
          (await deps.db.placementApplication.findUnique({ where: { id: (body as { applicationId: string }).applicationId }, select: { schoolOrganizationId: true } }))
            ?.schoolOrganizationId ?? null,
      },
    },
    body: offerRequest,
    responses: { 201: { description: 'Offered', schema: offered } },
    handler: async ({ body, req, principal, deps }) => {
      const placementId = deterministicId(req, principal);
      const { application, position } = await offerSubjects(deps, body.applicationId, body.positionId);
      const rules = deps.config.placement.rules;
      const facts = await currentStudentFacts(deps.db, application);
      const violations = checkEligibility(facts, positionFacts(position), rules);
      if (violations.length > 0) throw new RuleViolationProblem('The placement rules refuse this offer.', violations);
      const people = await loadPeople(deps.db, [application.studentUserId, application.schoolMentorUserId, position.mentorUserId, ...(application.guardianUserId ? [application.guardianUserId] : [])], [application.schoolOrganizationId, position.enterpriseOrganizationId]);
      const input = placementInput({
        placementId,
        application,
        position,
        people,
        origin: { kind: 'direct_offer' },
        offeredBy: principal.userId,
        policy: effectivePolicy(deps, body.policy),
        rules,
        insurance: body.insurance ?? null,
        guardianConfirmed: facts.guardian === 'named',
      });
      const existing = await deps.db.placement.findUnique({ where: { id: placementId }, select: { id: true } });
      if (!existing) {
        await deps.db.$transaction(async (tx) => {
          await lockEnterprises(tx, [position.enterpriseOrganizationId]);
          const app = await tx.placementApplication.findUniqueOrThrow({ where: { id: application.id }, select: { status: true } });
          if (app.status !== 'open') throw new ConflictProblem(`The application is ${app.status}: it has an offer already or was closed.`);
          const seats = await seatsTaken(tx, [position.id], [position.enterpriseOrganizationId]);
          const taken = seats.position.get(position.id) ?? 0;
          const capacity = checkCapacity(
            { positionStaff: position.positionStaff, enterpriseStaff: position.enterpriseStaff, positionInterns: taken, enterpriseInterns: seats.enterprise.get(position.enterpriseOrganizationId) ?? 0 },
            rules,
          );
          if (capacity.length > 0) throw new RuleViolationProblem('The position or the enterprise has no room for another intern.', capacity);
          if (taken >= position.capacity) throw new ConflictProblem(`The position is full (${position.capacity} places).`);
          await tx.placement.createMany({ data: [offeredRow(input, null)], skipDuplicates: true });
          await tx.placementApplication.update({ where: { id: application.id }, data: { status: 'offered' } });
        });
      }
      await startPlacement(deps, input);
      return {
        status: 201,
        headers: { location: `/v1/placements/${placementId}` },
        body: { id: placementId, workflowId: placementWorkflowId(placementId), status: 'offered' as const, agreementId: input.agreementId },
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/placements',
    summary: 'Placements the caller can see, newest first, filtered by school, enterprise, status, cohort (cursor pagination)',
    tags: ['placements'],
    access: { roles: 'any', note: "Lists only placements the caller can see: its school's or enterprise's (staff), or its own." },
    query: listQuery,
    responses: { 200: { description: 'A page of placements', schema: placementPage } },
    handler: async ({ query, principal, deps }) => {
      const page = pageQuery(query.cursor, query.limit);
      const filters: Prisma.PlacementWhereInput = {
        ...(query.schoolOrganizationId ? { schoolOrganizationId: query.schoolOrganizationId } : {}),
        ...(query.enterpriseOrganizationId ? { enterpriseOrganizationId: query.enterpriseOrganizationId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.cohort ? { cohort: query.cohort } : {}),
      };
      const inCareOf = await studentsInCareOf(deps.db, principal.userId);
      const rows = await deps.db.placement.findMany({ where: { AND: [placementVisibilityFilter(principal, inCareOf), filters, page.where] }, orderBy: page.orderBy, take: page.take });
      const { items, nextCursor } = toPage(rows, query.limit);
      return { status: 200, body: { items: items.map(summaryOf), nextCursor } };
    },
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
        early ?? liveStatus(deps, params.id),
        row && isOpenStatus('placement', row.status) ? findAbnormalEnd(deps, 'placement', params.id, placementWorkflowId(params.id)) : null,
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
    update: declineUpdate,
    args: ({ actor, body }) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    path: 'insurance',
    summary: 'Record the liability insurance (needed before the start)',
    rule: 'The workflow admits the school (coordinators, school mentor) and the enterprise (signatories, enterprise mentor) (else 403), before the start (else 409).',
    body: insuranceRequest,
    update: insuranceUpdate,
    args: ({ actor, body }) => ({ actor, insurance: body }),
  }),
  stepRoute({
    path: 'check-ins',
    summary: 'The weekly log (周志): hours per day, tasks, reflections; checked against the placement rules',
    rule: 'The workflow admits only the student (else 403), while active (else 409), for a week that has begun (else 422).',
    body: checkInRequest,
    update: checkInUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'incidents',
    summary: 'Report an incident (escalated to the school at once)',
    rule: 'The workflow admits the student, the school and the enterprise (else 403), from the start gate on (else 409).',
    body: incidentRequest,
    update: incidentUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'incidents/:number/resolve',
    summary: 'Resolve an incident',
    rule: 'The workflow admits only the school (else 403); an unknown incident is a 422.',
    params: z.object({ id: z.uuid(), number: z.coerce.number().int().min(1).max(10_000) }).strict(),
    body: resolveIncidentRequest,
    update: resolveIncidentUpdate,
    args: ({ actor, body, params }) => ({ actor, number: Number(params.number), resolution: body.resolution }),
  }),
  stepRoute({
    path: 'evaluations',
    summary: 'A mentor\'s mid-term or final evaluation',
    rule: "The workflow admits only the placement's school mentor and enterprise mentor (else 403): mid-term after its week, final after the last week (else 409).",
    body: evaluationRequest,
    update: evaluationUpdate,
    args: ({ actor, body }) => ({ actor, ...body }),
  }),
  stepRoute({
    path: 'terminate',
    summary: 'End the placement early, with a reason',
    rule: 'The workflow admits the school and the enterprise (else 403), while the placement is open (else 409).',
    body: reasonRequest,
    update: terminateUpdate,
    args: ({ actor, body }) => ({ actor, reason: body.reason }),
  }),
  stepRoute({
    path: 'transfer',
    summary: 'Transfer to another position: this placement stops and a linked continuation placement starts',
    rule: 'The workflow admits the student, the school and the enterprise (else 403), while waiting for the start or active (else 409); the new position must be open and allowed by the rules (else 422).',
    body: transferRequest,
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
        { positionStaff: position.positionStaff, enterpriseStaff: position.enterpriseStaff, positionInterns: seats.position.get(position.id) ?? 0, enterpriseInterns: seats.enterprise.get(position.enterpriseOrganizationId) ?? 0 },
        rules,
      );
      if (capacity.length > 0) throw new RuleViolationProblem('The new position or its enterprise has no room for another intern.', capacity);
      const people = await loadPeople(deps.db, [application.studentUserId, application.schoolMentorUserId, position.mentorUserId, ...(application.guardianUserId ? [application.guardianUserId] : [])], [application.schoolOrganizationId, position.enterpriseOrganizationId]);
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
