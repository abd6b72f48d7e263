// /v1/matching-rounds: a school's matching round for a cohort. The open applications of the cohort and
// the open positions they name are matched by student-proposing deferred acceptance over the pairs the
// placement rules allow, with capacities capped by the staff shares (workflows/apprenticeship-placement/
// matching). The round is stored with its seed and its exact inputs, so anyone can re-run it; every
// match becomes an offer: an ApprenticeshipPlacement workflow. `dryRun` computes without offering.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Prisma } from '../../prisma/generated/client';
import { type ApprenticeshipPlacementInput, placementPolicyOverrides } from '../../workflows/apprenticeship-placement/contract';
import { type PositionPreference, type RoundInput, type RoundResult, runMatchingRound } from '../../workflows/apprenticeship-placement/matching';
import { NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId, nameBasedId } from '../idempotency';
import { defineRoute } from '../routing';
import { confirmedGuardians } from '../parties/guardians';
import { effectivePolicy, loadPeople, lockEnterprises, offeredRow, placementInput, positionFacts, seatsTaken, startPlacement, studentFacts } from '../placements/offer';

const positionPreference = z
  .object({
    positionId: z.uuid(),
    /** Application ids, best first; the others the position accepts come after, by lottery. */
    ranking: z.array(z.uuid()).max(10_000).optional(),
    /** Scores per application, higher first; ties and unscored by lottery. */
    scores: z.array(z.object({ applicationId: z.uuid(), score: z.number().finite() }).strict()).max(10_000).optional(),
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
    offers: z.array(z.object({ placementId: z.string().nullable(), applicationId: z.string(), studentUserId: z.string(), positionId: z.string(), preferenceRank: z.number().nullable() })),
    unmatchedApplications: z.array(z.object({ applicationId: z.string(), studentUserId: z.string(), ineligible: z.array(z.object({ positionId: z.string(), ruleIds: z.array(z.string()) })) })),
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

const offerIdOf = (roundId: string, applicationId: string) => nameBasedId(`placement:${roundId}:${applicationId}`);

function roundView(round: { id: string | null; schoolOrganizationId: string; cohort: string; dryRun: boolean; input: RoundInput; result: RoundResult }) {
  const { result, input } = round;
  return {
    id: round.id,
    schoolOrganizationId: round.schoolOrganizationId,
    cohort: round.cohort,
    seed: result.seed,
    algorithm: result.algorithm,
    dryRun: round.dryRun,
    applicants: input.applicants.length,
    positions: input.positions.length,
    matched: result.matched,
    unmatched: result.unmatched,
    offers: result.outcomes
      .filter((o) => o.positionId !== null)
      .map((o) => ({ placementId: round.id ? offerIdOf(round.id, o.applicationId) : null, applicationId: o.applicationId, studentUserId: o.studentId, positionId: o.positionId!, preferenceRank: o.preferenceRank })),
    unmatchedApplications: result.outcomes.filter((o) => o.positionId === null).map((o) => ({ applicationId: o.applicationId, studentUserId: o.studentId, ineligible: o.ineligible })),
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
        describe: 'schoolOrganizationId is the caller\'s organisation',
        organizationOf: async ({ body, deps }) => {
          const id = (body as { schoolOrganizationId: string }).schoolOrganizationId;
          return (await deps.db.organization.findUnique({ where: { id }, select: { id: true } }))?.id ?? null;
        },
        denial: 403,
      },
    },
    body: matchingRoundRequest,
    responses: { 200: { description: 'A dry run', schema: roundSchema }, 201: { description: 'The round, with its offers', schema: roundSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const roundId = deterministicId(req, principal);
      const policy = effectivePolicy(deps, body.policy);
      const rules = deps.config.placement.rules;
      const seed = body.seed ?? randomBytes(16).toString('hex');
      const unknownPositions = new Set<string>();

      const compute = async (tx: Prisma.TransactionClient) => {
        const applications = await tx.placementApplication.findMany({
          where: { schoolOrganizationId: body.schoolOrganizationId, cohort: body.cohort, status: 'open' },
          include: { preferences: true },
          orderBy: { id: 'asc' },
        });
        const guardians = await confirmedGuardians(tx, applications.map((a) => a.studentUserId));
        const positionIds = [...new Set(applications.flatMap((a) => a.preferences.map((p) => p.positionId)))];
        const positions = await tx.placementPosition.findMany({ where: { id: { in: positionIds }, status: 'open' }, orderBy: { id: 'asc' } });
        for (const p of body.positionPreferences ?? []) if (!positions.some((x) => x.id === p.positionId)) unknownPositions.add(p.positionId);
        const enterpriseIds = [...new Set(positions.map((p) => p.enterpriseOrganizationId))];
        if (!body.dryRun) await lockEnterprises(tx, enterpriseIds);
        const seats = await seatsTaken(tx, positions.map((p) => p.id), enterpriseIds);
        const preferences = new Map((body.positionPreferences ?? []).map((p) => [p.positionId, p]));
        const input: RoundInput = {
          seed,
          policy: rules,
          applicants: applications.map((a) => ({
            applicationId: a.id,
            studentId: a.studentUserId,
            facts: studentFacts(a, guardians.get(a.studentUserId) ?? []),
            preferences: [...a.preferences].sort((x, y) => x.rank - y.rank).map((p) => p.positionId),
          })),
          positions: positions.map((p) => ({
            positionId: p.id,
            enterpriseId: p.enterpriseOrganizationId,
            facts: positionFacts(p),
            capacity: p.capacity,
            currentInterns: seats.position.get(p.id) ?? 0,
            preference: preferenceOf(preferences.get(p.id)),
          })),
          enterpriseInterns: Object.fromEntries(enterpriseIds.map((id) => [id, seats.enterprise.get(id) ?? 0])),
        };
        return { input, result: runMatchingRound(input), applications, positions };
      };

      // A retried request (same Idempotency-Key) finds its round and makes sure every offer was started.
      const stored = await deps.db.matchingRound.findUnique({ where: { id: roundId } });
      let round: { input: RoundInput; result: RoundResult };
      // The offers' workflow inputs: a new round has them from its transaction (re-reading its own rows
      // cost four more sequential queries, each one a wait in a busy API's queue: a third of the round's
      // time under load); only a retry rebuilds them from the stored rows.
      let offerInputs: ApprenticeshipPlacementInput[] | undefined;
      if (stored) {
        round = { input: stored.input as unknown as RoundInput, result: stored.result as unknown as RoundResult };
      } else if (body.dryRun) {
        const { input, result } = await deps.db.$transaction((tx) => compute(tx));
        if (unknownPositions.size > 0) throw new UnknownReferenceProblem([...unknownPositions].map((id) => ({ path: '/positionPreferences', message: `no open position ${id} among the cohort's preferences` })));
        return { status: 200, body: roundView({ id: null, schoolOrganizationId: body.schoolOrganizationId, cohort: body.cohort, dryRun: true, input, result }) };
      } else {
        ({ offers: offerInputs, ...round } = await deps.db.$transaction(
          async (tx) => {
            // One round at a time per school and cohort; capacity decisions per enterprise (lockEnterprises).
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`matching-round:${body.schoolOrganizationId}:${body.cohort}`}, 0))`;
            const { input, result, applications, positions } = await compute(tx);
            if (unknownPositions.size > 0) {
              throw new UnknownReferenceProblem([...unknownPositions].map((id) => ({ path: '/positionPreferences', message: `no open position ${id} among the cohort's preferences` })));
            }
            const people = await loadPeople(
              deps,
              [...applications.flatMap((a) => [a.studentUserId, a.schoolMentorUserId, ...(a.guardianUserId ? [a.guardianUserId] : [])]), ...positions.map((p) => p.mentorUserId)],
              [body.schoolOrganizationId, ...positions.map((p) => p.enterpriseOrganizationId)],
              // Inside the transaction every query goes through tx: a query on another connection would
              // wait for a free pool connection (or a lock) while this transaction holds its own.
              tx,
            );
            const appById = new Map(applications.map((a) => [a.id, a]));
            const positionById = new Map(positions.map((p) => [p.id, p]));
            const offers = result.outcomes
              .filter((o) => o.positionId !== null)
              .map((o) =>
                placementInput({
                  placementId: offerIdOf(roundId, o.applicationId),
                  application: appById.get(o.applicationId)!,
                  position: positionById.get(o.positionId!)!,
                  people,
                  origin: { kind: 'matching_round', roundId },
                  offeredBy: principal.userId,
                  policy,
                  rules,
                  insurance: null,
                  guardianConfirmed: confirmedInRound(input, o.applicationId),
                }),
              );
            await tx.matchingRound.create({
              data: {
                id: roundId,
                schoolOrganizationId: body.schoolOrganizationId,
                cohort: body.cohort,
                seed,
                algorithm: result.algorithm,
                input: { ...input, offerPolicy: policy } as unknown as Prisma.InputJsonValue,
                result: result as unknown as Prisma.InputJsonValue,
                applicants: input.applicants.length,
                positions: input.positions.length,
                matched: result.matched,
                createdBy: principal.userId,
              },
            });
            await tx.placement.createMany({ data: offers.map((o) => offeredRow(o, roundId)), skipDuplicates: true });
            await tx.placementApplication.updateMany({ where: { id: { in: offers.map((o) => o.applicationId!) } }, data: { status: 'offered' } });
            return { input, result, offers };
          },
          { timeout: 60_000 },
        ));
      }

      // Start the offers' workflows (idempotent: deterministic workflow ids), a few at a time.
      const offerIds = round.result.outcomes.filter((o) => o.positionId !== null).map((o) => offerIdOf(roundId, o.applicationId));
      await startAll(deps, offerInputs ?? (await offersFromRows(deps, roundId, offerIds, round, principal.userId, policy)));
      return {
        status: 201,
        headers: { location: `/v1/matching-rounds/${roundId}` },
        body: roundView({ id: roundId, schoolOrganizationId: body.schoolOrganizationId, cohort: body.cohort, dryRun: false, ...round }),
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
          (await deps.db.matchingRound.findUnique({ where: { id: (params as { id: string }).id }, select: { schoolOrganizationId: true } }))?.schoolOrganizationId ?? null,
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
          ...roundView({ id: round.id, schoolOrganizationId: round.schoolOrganizationId, cohort: round.cohort, dryRun: false, input, result }),
          createdAt: round.createdAt.toISOString(),
          createdBy: round.createdBy,
          input,
          result,
        },
      };
    },
  }),
];

/** Was the applicant's guardian confirmed when the round ran (its stored facts)? */
function confirmedInRound(input: RoundInput, applicationId: string): boolean {
  const guardian = input.applicants.find((a) => a.applicationId === applicationId)?.facts.guardian;
  return guardian === 'named' || guardian === 'signed';
}

/** The workflow input of every offer of a stored round whose row is there, rebuilt from the rows (a retry). */
async function offersFromRows(
  deps: Parameters<typeof startPlacement>[0],
  roundId: string,
  placementIds: string[],
  round: { input: RoundInput; result: RoundResult },
  offeredBy: string,
  policy: ReturnType<typeof effectivePolicy>,
): Promise<ApprenticeshipPlacementInput[]> {
  if (placementIds.length === 0) return [];
  const rows = await deps.db.placement.findMany({ where: { id: { in: placementIds } } });
  const applications = await deps.db.placementApplication.findMany({ where: { id: { in: rows.flatMap((r) => (r.applicationId ? [r.applicationId] : [])) } } });
  const positions = await deps.db.placementPosition.findMany({ where: { id: { in: rows.map((r) => r.positionId) } } });
  const people = await loadPeople(
    deps,
    [...applications.flatMap((a) => [a.studentUserId, a.schoolMentorUserId, ...(a.guardianUserId ? [a.guardianUserId] : [])]), ...positions.map((p) => p.mentorUserId)],
    [...applications.map((a) => a.schoolOrganizationId), ...positions.map((p) => p.enterpriseOrganizationId)],
  );
  const appById = new Map(applications.map((a) => [a.id, a]));
  const positionById = new Map(positions.map((p) => [p.id, p]));
  const storedPolicy = (round.input as RoundInput & { offerPolicy?: typeof policy }).offerPolicy ?? policy;
  return rows.map((row) =>
    placementInput({
      placementId: row.id,
      application: appById.get(row.applicationId!)!,
      position: positionById.get(row.positionId)!,
      people,
      origin: { kind: 'matching_round', roundId },
      offeredBy,
      policy: storedPolicy,
      rules: round.input.policy,
      insurance: null,
      guardianConfirmed: confirmedInRound(round.input, row.applicationId!),
    }),
  );
}

/** Starts the offers' workflows (idempotent: deterministic workflow ids), a few at a time. */
async function startAll(deps: Parameters<typeof startPlacement>[0], inputs: ApprenticeshipPlacementInput[]): Promise<void> {
  const queue = [...inputs];
  await Promise.all(
    Array.from({ length: Math.min(10, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await startPlacement(deps, next);
    }),
  );
}
