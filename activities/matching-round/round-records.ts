// The matching round's records: the round computed and written in one transaction (the round with its
// seed and exact inputs, an offered placement row per match, the matched applications marked offered),
// and its offers read back as the ApprenticeshipPlacement workflows' inputs, a page at a time. Both are
// idempotent: a recorded round is answered from its row, and the offers are rebuilt from their rows.
import { log } from '@temporalio/activity';
import type { Database } from '../../platform/database';
import type { Prisma } from '../../prisma/generated/client';
import { runMatchingRound } from '../../core/apprenticeship-placement/matching';
import type { MatchingRoundAnswer, MatchingRoundInput } from '../../workflows/matching-round/contract';
import { loadPeople, offeredRow, type OfferPeople, offerPeopleIds, placementInput } from '../placement/offers';
import type { MatchingRoundActivities, RoundOffersPage } from './contract';
import { confirmedInRound, readRoundInput, roundOfferId, type StoredRoundInput } from './round-data';

/** No names: the rows an offer starts with name people by id only (offeredRow). */
const NAMELESS: OfferPeople = { users: new Map(), organizations: new Map() };

export function createMatchingRoundActivities(db: Database): MatchingRoundActivities {
  return {
    async recordMatchingRound(round: MatchingRoundInput): Promise<MatchingRoundAnswer> {
      const recorded = (matched: number): MatchingRoundAnswer => ({ kind: 'recorded', roundId: round.roundId, matched });
      // A coordinator waits for this answer: where its time goes, in milliseconds, for the log line below.
      const phases: Record<string, number> = {};
      let last = performance.now();
      const phase = (name: string) => {
        const now = performance.now();
        phases[name] = Math.round(now - last);
        last = now;
      };
      const answer = await db.$transaction<MatchingRoundAnswer>(
        async (tx) => {
          phase('begin');
          // One round at a time per school and cohort; capacity decisions per enterprise (readRoundInput).
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`matching-round:${round.schoolOrganizationId}:${round.cohort}`}, 0))`;
          phase('lock');
          // Recorded already: by an earlier attempt (maybe committed while this one waited for the lock),
          // or by an earlier run of the round.
          const stored = await tx.matchingRound.findUnique({ where: { id: round.roundId }, select: { matched: true } });
          if (stored) return recorded(stored.matched);
          const { input, applications, positions, unknownPositionIds } = await readRoundInput(tx, round, { lockCapacity: true });
          phase('read');
          if (unknownPositionIds.length > 0) return { kind: 'unknown_positions', positionIds: unknownPositionIds };
          const result = runMatchingRound(input);
          // The offers' rows hold ids, not names: the people's names are read with the offers' pages
          // (matchingRoundOffers), not here, which keeps the transaction (its locks held) short.
          const appById = new Map(applications.map((a) => [a.id, a]));
          const positionById = new Map(positions.map((p) => [p.id, p]));
          const offers = result.outcomes.flatMap((o) =>
            o.positionId === null
              ? []
              : [
                  placementInput({
                    placementId: roundOfferId(round.roundId, o.applicationId),
                    application: appById.get(o.applicationId)!,
                    position: positionById.get(o.positionId)!,
                    people: NAMELESS,
                    origin: { kind: 'matching_round', roundId: round.roundId },
                    offeredBy: round.offeredBy,
                    policy: round.offerPolicy,
                    rules: round.rules,
                    insurance: null,
                    guardianConfirmed: confirmedInRound(input, o.applicationId),
                  }),
                ],
          );
          const storedInput: StoredRoundInput = { ...input, offerPolicy: round.offerPolicy };
          await tx.matchingRound.create({
            data: {
              id: round.roundId,
              schoolOrganizationId: round.schoolOrganizationId,
              cohort: round.cohort,
              seed: round.seed,
              algorithm: result.algorithm,
              input: storedInput as unknown as Prisma.InputJsonValue,
              result: result as unknown as Prisma.InputJsonValue,
              applicants: input.applicants.length,
              positions: input.positions.length,
              matched: result.matched,
              createdBy: round.offeredBy,
            },
          });
          await tx.placement.createMany({ data: offers.map((o) => offeredRow(o, round.roundId)), skipDuplicates: true });
          await tx.placementApplication.updateMany({ where: { id: { in: offers.map((o) => o.applicationId!) } }, data: { status: 'offered' } });
          phase('match-write');
          return recorded(result.matched);
        },
        { timeout: 60_000 },
      );
      phase('commit');
      log.info('matching round recorded', { roundId: round.roundId, answer: answer.kind, phasesMs: phases });
      return answer;
    },

    async matchingRoundOffers({ roundId, after, limit }): Promise<RoundOffersPage> {
      const round = await db.matchingRound.findUniqueOrThrow({ where: { id: roundId }, select: { input: true, createdBy: true } });
      const rows = await db.placement.findMany({
        where: { matchingRoundId: roundId, ...(after === null ? {} : { id: { gt: after } }) },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, applicationId: true, positionId: true },
      });
      const [applications, positions] = await Promise.all([
        db.placementApplication.findMany({ where: { id: { in: rows.flatMap((r) => (r.applicationId ? [r.applicationId] : [])) } } }),
        db.placementPosition.findMany({ where: { id: { in: rows.map((r) => r.positionId) } } }),
      ]);
      const ids = offerPeopleIds(applications, positions);
      const people = await loadPeople(db, ids.userIds, ids.organizationIds);
      const appById = new Map(applications.map((a) => [a.id, a]));
      const positionById = new Map(positions.map((p) => [p.id, p]));
      const input = round.input as unknown as StoredRoundInput;
      const offers = rows.map((row) =>
        placementInput({
          placementId: row.id,
          application: appById.get(row.applicationId!)!,
          position: positionById.get(row.positionId)!,
          people,
          origin: { kind: 'matching_round', roundId },
          offeredBy: round.createdBy,
          policy: input.offerPolicy,
          rules: input.policy,
          insurance: null,
          guardianConfirmed: confirmedInRound(input, row.applicationId!),
        }),
      );
      return { offers, next: rows.length === limit ? rows[rows.length - 1]!.id : null };
    },
  };
}
