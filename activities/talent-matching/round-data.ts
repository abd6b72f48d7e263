// A talent round's exact input, read from the database at the round's instant: the alliance's open
// demands (deadline not passed, seats left) and every holder whose current consent is a grant, with all
// their certificates (revoked and expired ones too: the round records why it excluded someone).
import type { Prisma } from '../../prisma/generated/client';
import type { TalentMatchingInput } from '../../core/talent-matching/input';
import type { TalentRoundData } from '../../core/talent-matching/round';
import { currentConsents } from './consents';

export async function readTalentRoundData(tx: Prisma.TransactionClient, input: TalentMatchingInput): Promise<TalentRoundData> {
  const asOf = new Date(input.asOf);
  const demands = await tx.talentDemand.findMany({
    where: { allianceId: input.allianceId, status: 'open', deadline: { gt: asOf } },
    orderBy: { id: 'asc' },
  });
  const consents = [...(await currentConsents(tx, input.allianceId)).values()].filter((c) => c.granted);
  const certificates = await tx.certificate.findMany({
    where: { candidateUserId: { in: consents.map((c) => c.userId) } },
    orderBy: { id: 'asc' },
    select: { id: true, number: true, domain: true, level: true, candidateUserId: true, validFrom: true, validUntil: true, revokedAt: true },
  });
  return {
    seed: input.seed,
    asOf: input.asOf,
    demands: demands
      .map((d) => ({
        demandId: d.id,
        organizationId: d.organizationId,
        domain: d.domain,
        level: d.level,
        seats: d.count - d.filled,
        location: d.location,
        deadline: d.deadline.toISOString(),
      }))
      .filter((d) => d.seats > 0),
    holders: consents
      .sort((a, b) => (a.userId < b.userId ? -1 : 1))
      .map((c) => ({
        userId: c.userId,
        locations: c.locations,
        certificates: certificates
          .filter((x) => x.candidateUserId === c.userId)
          .map((x) => ({
            certificateId: x.id,
            number: x.number,
            domain: x.domain,
            level: x.level,
            validFrom: x.validFrom.toISOString(),
            validUntil: x.validUntil.toISOString(),
            revokedAt: x.revokedAt?.toISOString() ?? null,
          })),
      })),
  };
}
