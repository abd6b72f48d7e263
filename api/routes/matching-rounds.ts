// /v1/matching-rounds: a school's matching round for a cohort. The open applications of the cohort and
// the open positions they name are matched by student-proposing deferred acceptance over the pairs the
// placement rules allow, with capacities capped by the staff shares (workflows/apprenticeship-placement/
// matching). A round is a MatchingRound workflow (workflows/matching-round): it records the round with its
// seed and exact inputs, so anyone can re-run it, and starts every match's offer, an
// ApprenticeshipPlacement workflow. `dryRun` computes here without storing or offering anything.
import { randomBytes } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { workflowDisplayOptions } from '../../core/workflow-display';
import { matchingRoundDisplay } from '../../workflows/matching-round/display';
import { organizationName } from '../organization-name';
import { z } from 'zod';
import { readRoundInput, type RoundRequest, roundOfferId } from '../../activities/matching-round/round-data';
import { placementPolicyOverrides } from '../../workflows/apprenticeship-placement/contract';
import { type PositionPreference, type RoundInput, type RoundResult, runMatchingRound } from '../../core/apprenticeship-placement/matching';
import { type MatchingRoundAnswer, type MatchingRoundInput, matchingRoundWorkflowId, roundRecordedUpdate } from '../../workflows/matching-round/contract';
import { matchingRound } from '../../workflows/matching-round/workflow';
import { matchingRoundTaskQueue } from '../../platform/config';
import type { ApiDependencies } from '../dependencies';
import { NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { defineRoute } from '../routing';
import { effectivePolicy } from '../placements/offer';
import { markPhase } from '../server-timing';

const positionPreference = z
  .object({
    positionId: z.uuid(),
    /** Application ids, best first; the others the position accepts come after, by lottery. */
    ranking: z.array(z.uuid()).max(10_000).optional(),
    /** Scores per application, higher first; ties and unscored by lottery. */
    scores: z
      .array(z.object({ applicationId: z.uuid(), score: z.number().finite() }).strict())
      .max(10_000)
      .optional(),
  })
  .strict()
  .refine((p) => !(p.ranking && p.scores), { message: 'give a ranking or scores, not both' });

export const matchingRoundRequest = z
  .object({
    schoolOrganizationId: z.string().trim().min(1).max(128),
    cohort: z.string().trim().min(1).max(64),
    /** The lottery's seed; default: 128 random bits. Stored with the round either way. */
    seed: z.string().min(1).max(128).optional(),
    /** Compute and answer the result, store nothing and offer nothing. */
    dryRun: z.boolean().optional(),
    positionPreferences: z
      .array(positionPreference)
      .max(1000)
      .refine((list) => new Set(list.map((p) => p.positionId)).size === list.length, { message: 'one entry per position' })
      .optional(),
    /** The offers' policy (deadlines, check-in period...): the configured defaults unless given. */
    policy: placementPolicyOverrides.optional(),
  })
  .strict();

const roundSchema = z
  .object({
    id: z.string().nullable(),
    schoolOrganizationId: z.string(),
    cohort: z.string(),
    seed: z.string(),
    algorithm: z.string(),
    dryRun: z.boolean(),
    applicants: z.number().int(),
    positions: z.number().int(),
    matched: z.number().int(),
    unmatched: z.number().int(),
    offers: z.array(
      z.object({
        placementId: z.string().nullable(),
        applicationId: z.string(),
        studentUserId: z.string(),
        positionId: z.string(),
        preferenceRank: z.number().nullable(),
      }),
    ),
    unmatchedApplications: z.array(
      z.object({
        applicationId: z.string(),
        studentUserId: z.string(),
        ineligible: z.array(z.object({ positionId: z.string(), ruleIds: z.array(z.string()) })),
      }),
    ),
    capacities: z.array(z.object({ positionId: z.string(), capacity: z.number().int(), demand: z.number().int(), admitted: z.number().int() }).loose()),
  })
  .meta({ id: 'MatchingRound' });

function preferenceOf(p: z.infer<typeof positionPreference> | undefined): PositionPreference {
  if (p?.ranking) return { kind: 'ranking', applicationIds: p.ranking };
  if (p?.scores) {
    const scores: Record<string, number> = Object.create(null);
    for (const s of p.scores) scores[s.applicationId] = s.score;
    return { kind: 'score', scores };
  }
  return { kind: 'lottery' };
}

/** Of the input the view shows only how many applicants and positions it had (a stored round's columns). */
function roundView(round: {
  id: string | null;
  schoolOrganizationId: string;
  cohort: string;
  dryRun: boolean;
  applicants: number;
  positions: number;
  result: RoundResult;
}) {
  const { result } = round;
  return {
    id: round.id,
    schoolOrganizationId: round.schoolOrganizationId,
    cohort: round.cohort,
    seed: result.seed,
    algorithm: result.algorithm,
    dryRun: round.dryRun,
    applicants: round.applicants,
    positions: round.positions,
    matched: result.matched,
    unmatched: result.unmatched,
    offers: result.outcomes
      .filter((o) => o.positionId !== null)
      .map((o) => ({
        placementId: round.id ? roundOfferId(round.id, o.applicationId) : null,
        applicationId: o.applicationId,
        studentUserId: o.studentId,
        positionId: o.positionId!,
        preferenceRank: o.preferenceRank,
      })),
    unmatchedApplications: result.outcomes
      .filter((o) => o.positionId === null)
      .map((o) => ({ applicationId: o.applicationId, studentUserId: o.studentId, ineligible: o.ineligible })),
    capacities: result.capacities,
  };
}

export const matchingRoundRoutes = [
  defineRoute({
    method: 'post',
    path: '/matching-rounds',
    summary: "Run a school's matching round for a cohort (stable matching; every match becomes an offer)",
    tags: ['placements'],
    access: {
      roles: ['school_coordinator'],
      scope: {
        resource: 'Organization',
        describe: "schoolOrganizationId is the caller's organisation",
        organizationOf: async ({ body, deps, principal }) => {
          const id = (body as { schoolOrganizationId: string }).schoolOrganizationId;
          // The caller's own organisation exists (their account belongs to it): no query on a round's path.
          if (principal.organizationId === id) return id;
          return (await deps.db.organization.findUnique({ where: { id }, select: { id: true } }))?.id ?? null;
        },
        denial: 403,
      },
    },
    body: matchingRoundRequest,
    bodyExample: { schoolOrganizationId: '83ac9902-8559-41a8-84da-051e39359cc3', cohort: '2027-spring', seed: '2027-spring-lottery' },
    responses: { 200: { description: 'A dry run', schema: roundSchema }, 201: { description: 'The round, with its offers', schema: roundSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const request: RoundRequest = {
        schoolOrganizationId: body.schoolOrganizationId,
        cohort: body.cohort,
        seed: body.seed ?? randomBytes(16).toString('hex'),
        positionPreferences: (body.positionPreferences ?? []).map((p) => ({ positionId: p.positionId, preference: preferenceOf(p) })),
        rules: deps.config.placement.rules,
      };
      if (body.dryRun) {
        // A pure computation over the same input a round reads: nothing stored, nothing offered.
        const { input, unknownPositionIds } = await deps.db.$transaction((tx) => readRoundInput(tx, request, { lockCapacity: false }));
        if (unknownPositionIds.length > 0) throw unknownPositions(unknownPositionIds);
        return {
          status: 200,
          body: roundView({
            id: null,
            schoolOrganizationId: body.schoolOrganizationId,
            cohort: body.cohort,
            dryRun: true,
            applicants: input.applicants.length,
            positions: input.positions.length,
            result: runMatchingRound(input),
          }),
        };
      }
      const roundId = deterministicId(req, principal);
      const answer = await runRound(deps, {
        ...request,
        roundId,
        offerPolicy: effectivePolicy(deps, body.policy),
        offeredBy: principal.userId,
        offerTaskQueue: deps.config.temporal.taskQueue,
      });
      // The round's workflow started, its recording done and its Update answered.
      markPhase(req.res, 'round-workflow');
      if (answer.kind === 'unknown_positions') throw unknownPositions(answer.positionIds);
      // Not the stored input (every applicant's facts): the answer shows its counts, which have columns.
      const round = await deps.db.matchingRound.findUniqueOrThrow({
        where: { id: roundId },
        select: { id: true, schoolOrganizationId: true, cohort: true, result: true, applicants: true, positions: true },
      });
      markPhase(req.res, 'round-read');
      return {
        status: 201,
        headers: { location: `/v1/matching-rounds/${roundId}` },
        body: roundView({
          ...round,
          dryRun: false,
          result: round.result as unknown as RoundResult,
        }),
      };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/matching-rounds/:id',
    summary: 'A matching round: its seed, its exact inputs and its result (re-runnable)',
    tags: ['placements'],
    access: {
      roles: ['school_coordinator', 'mentor'],
      scope: {
        resource: 'Matching round',
        describe: "the round's school is the caller's organisation",
        organizationOf: async ({ params, deps }) =>
          (await deps.db.matchingRound.findUnique({ where: { id: (params as { id: string }).id }, select: { schoolOrganizationId: true } }))
            ?.schoolOrganizationId ?? null,
      },
    },
    params: z.object({ id: z.uuid() }).strict(),
    responses: { 200: { description: 'The round' } },
    handler: async ({ params, deps }) => {
      const round = await deps.db.matchingRound.findUnique({ where: { id: params.id } });
      if (!round) throw new NotFoundProblem(`Matching round ${params.id}`);
      const input = round.input as unknown as RoundInput;
      const result = round.result as unknown as RoundResult;
      return {
        status: 200,
        body: {
          ...roundView({ ...round, dryRun: false, result }),
          createdAt: round.createdAt.toISOString(),
          createdBy: round.createdBy,
          input,
          result,
        },
      };
    },
  }),
];

const unknownPositions = (positionIds: string[]) =>
  new UnknownReferenceProblem(positionIds.map((id) => ({ path: '/positionPreferences', message: `no open position ${id} among the cohort's preferences` })));

/**
 * Runs the round as its workflow and answers once the round is recorded: Update-with-Start returns when
 * the workflow has written the round's rows, before the offers' workflows start (the workflow starts them
 * durably, and the answer needs only the rows). One call either starts the round or, for a retry of the
 * same request (same round id), attaches to the round already running (USE_EXISTING); a retry after it
 * completed runs it again, which finds its rows and its offers already there.
 */
async function runRound(deps: ApiDependencies, input: MatchingRoundInput): Promise<MatchingRoundAnswer> {
  const start = new WithStartWorkflowOperation(matchingRound, {
    workflowId: matchingRoundWorkflowId(input.roundId),
    // The rounds' own queue and worker: a round never waits behind other processes' tasks (worker/worker.ts).
    taskQueue: matchingRoundTaskQueue(deps.config.temporal),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // What the Temporal UI shows of it (core/workflow-display.ts).
    ...workflowDisplayOptions(matchingRoundDisplay(input, await organizationName(deps, input.schoolOrganizationId))),
  });
  return deps.temporal.workflow.executeUpdateWithStart(roundRecordedUpdate, { startWorkflowOperation: start, updateId: 'round-recorded' });
}
