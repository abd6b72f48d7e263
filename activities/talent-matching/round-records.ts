// The talent round's records: the round computed and written in one transaction (its seed, exact input
// and result, an offer row per match), the holders' answers (the offer row, the demand's filled seats),
// and the close (open offers expired, the report). Each is idempotent: a recorded round is answered from
// its row, an answer moves only an open offer, the close only open offers and the round's own row.
import type { Database } from '../../platform/database';
import type { Prisma } from '../../prisma/generated/client';
import { nameBasedId } from '../../core/name-based-id';
import { offerDeadlineAt, type TalentMatchingInput } from '../../core/talent-matching/input';
import type { TalentRoundComputed } from '../../core/talent-matching/messages';
import type { TalentOfferAnswer, TalentRoundClose } from '../../core/talent-matching/records';
import { runTalentRound, type TalentRoundData, type TalentRoundResult } from '../../core/talent-matching/round';
import { readTalentRoundData } from './round-data';

/** An offer's id: one per round and holder, so a retried round makes no second offer. */
export function talentOfferId(roundId: string, userId: string): string {
  return nameBasedId(`talent-offer:${roundId}:${userId}`);
}

/** What the workflow holds of a round, from its exact input and result (the same on a retry). */
export function computedOf(roundId: string, data: TalentRoundData, result: TalentRoundResult): TalentRoundComputed {
  const demands = new Map(data.demands.map((d) => [d.demandId, d]));
  return {
    algorithm: result.algorithm,
    holders: result.holders,
    candidates: result.candidates,
    excluded: result.excluded,
    demands: [...demands.values()].map((d) => ({ demandId: d.demandId, organizationId: d.organizationId, domain: d.domain, level: d.level, seats: d.seats })),
    seats: result.seats,
    offers: result.matches.map((m) => ({
      offerId: talentOfferId(roundId, m.userId),
      demandId: m.demandId,
      organizationId: demands.get(m.demandId)!.organizationId,
      holderUserId: m.userId,
      certificateId: m.certificateId,
      domain: demands.get(m.demandId)!.domain,
      level: m.level,
    })),
  };
}

export function createTalentMatchingActivities(db: Database) {
  return {
    async computeTalentRound(input: TalentMatchingInput): Promise<TalentRoundComputed> {
      return db.$transaction(
        async (tx) => {
          // One round at a time per alliance: the seats and candidates below are decided under it.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`talent-round:${input.allianceId}`}, 0))`;
          const stored = await tx.talentRound.findUnique({ where: { id: input.roundId }, select: { input: true, result: true } });
          if (stored) return computedOf(input.roundId, stored.input as unknown as TalentRoundData, stored.result as unknown as TalentRoundResult);
          const data = await readTalentRoundData(tx, input);
          const result = runTalentRound(data);
          const computed = computedOf(input.roundId, data, result);
          await tx.talentRound.create({
            data: {
              id: input.roundId,
              allianceId: input.allianceId,
              baseOrganizationId: input.baseOrganizationId,
              seed: input.seed,
              algorithm: result.algorithm,
              asOf: new Date(input.asOf),
              status: 'offering',
              input: data as unknown as Prisma.InputJsonValue,
              result: result as unknown as Prisma.InputJsonValue,
              holders: result.holders,
              candidates: result.candidates,
              excluded: result.excluded.length,
              demands: result.demands,
              seats: result.seats,
              matched: result.matches.length,
              createdBy: input.startedBy,
            },
          });
          const deadlineAt = new Date(offerDeadlineAt(input));
          await tx.talentOffer.createMany({
            data: computed.offers.map((o) => ({
              id: o.offerId,
              roundId: input.roundId,
              demandId: o.demandId,
              organizationId: o.organizationId,
              holderUserId: o.holderUserId,
              certificateId: o.certificateId,
              domain: o.domain,
              level: o.level,
              deadlineAt,
            })),
            skipDuplicates: true,
          });
          return computed;
        },
        { timeout: 60_000 },
      );
    },

    async recordTalentOfferAnswer(answer: TalentOfferAnswer): Promise<void> {
      await db.$transaction(async (tx) => {
        const moved = await tx.talentOffer.updateMany({
          where: { id: answer.offerId, roundId: answer.roundId, status: 'offered' },
          data: { status: answer.status, answeredAt: new Date(answer.answeredAt) },
        });
        // Only the transition fills a seat: a retried answer finds the offer answered and changes nothing.
        if (moved.count === 1 && answer.status === 'accepted') {
          const offer = await tx.talentOffer.findUniqueOrThrow({ where: { id: answer.offerId }, select: { demandId: true } });
          await tx.$executeRaw`UPDATE talent_demands SET filled = filled + 1, status = CASE WHEN filled + 1 >= count THEN 'filled' ELSE status END WHERE id = ${offer.demandId}`;
        }
      });
    },

    async closeTalentRound(close: TalentRoundClose): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.talentOffer.updateMany({
          where: { roundId: close.roundId, id: { in: close.expiredOfferIds }, status: 'offered' },
          data: { status: 'expired' },
        });
        await tx.talentRound.updateMany({
          where: { id: close.roundId, status: { in: ['matching', 'offering'] } },
          data: { status: 'closed', report: close.report as unknown as Prisma.InputJsonValue, closedAt: new Date(close.report.closedAt) },
        });
      });
    },
  };
}
