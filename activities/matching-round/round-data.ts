// A matching round's data: its exact input read from the database (the cohort's open applications, the
// open positions they name, the seats already taken), the ids of its offers, and what the stored round
// says about an applicant. Used by the round's activities and by the API's dry run, which computes
// the same input without storing anything.
import { nameBasedId } from '../../core/name-based-id';
import type { PlacementApplication, PlacementPosition, Prisma } from '../../prisma/generated/client';
import type { PlacementPolicy } from '../../core/apprenticeship-placement/input';
import type { RoundInput } from '../../core/apprenticeship-placement/matching';
import type { MatchingRoundInput } from '../../workflows/matching-round/contract';
import { confirmedGuardians, lockEnterprises, positionFacts, seatsTaken, studentFacts } from '../placement/offers';

/** What a round is computed from: the round's workflow input without what only the offers need. */
export type RoundRequest = Pick<MatchingRoundInput, 'schoolOrganizationId' | 'cohort' | 'seed' | 'positionPreferences' | 'rules'>;

/** The stored round's input: the matching's input and the policy its offers were made with. */
export type StoredRoundInput = RoundInput & { offerPolicy: PlacementPolicy };

/** An offer's placement id: one per round and application, so a retried round makes no second offer. */
export function roundOfferId(roundId: string, applicationId: string): string {
  return nameBasedId(`placement:${roundId}:${applicationId}`);
}

/** Was the applicant's guardian confirmed when the round ran (its stored facts)? */
export function confirmedInRound(input: RoundInput, applicationId: string): boolean {
  const guardian = input.applicants.find((a) => a.applicationId === applicationId)?.facts.guardian;
  return guardian === 'named' || guardian === 'signed';
}

/**
 * The round's exact input, read in `tx`. `lockCapacity`: take the enterprises' capacity locks first (a
 * round that makes offers; a dry run reads without them). `unknownPositionIds`: preferences given for
 * positions that are not open among the cohort's preferences.
 */
export async function readRoundInput(
  tx: Prisma.TransactionClient,
  request: RoundRequest,
  options: { lockCapacity: boolean },
): Promise<{
  input: RoundInput;
  applications: (PlacementApplication & { preferences: { positionId: string; rank: number }[] })[];
  positions: PlacementPosition[];
  unknownPositionIds: string[];
}> {
  const applications = await tx.placementApplication.findMany({
    where: { schoolOrganizationId: request.schoolOrganizationId, cohort: request.cohort, status: 'open' },
    include: { preferences: true },
    orderBy: { id: 'asc' },
  });
  const guardians = await confirmedGuardians(
    tx,
    applications.map((a) => a.studentUserId),
  );
  const positionIds = [...new Set(applications.flatMap((a) => a.preferences.map((p) => p.positionId)))];
  const positions = await tx.placementPosition.findMany({ where: { id: { in: positionIds }, status: 'open' }, orderBy: { id: 'asc' } });
  const unknownPositionIds = request.positionPreferences.map((p) => p.positionId).filter((id) => !positions.some((x) => x.id === id));
  const enterpriseIds = [...new Set(positions.map((p) => p.enterpriseOrganizationId))];
  if (options.lockCapacity) await lockEnterprises(tx, enterpriseIds);
  const seats = await seatsTaken(
    tx,
    positions.map((p) => p.id),
    enterpriseIds,
  );
  const preferences = new Map(request.positionPreferences.map((p) => [p.positionId, p.preference]));
  const input: RoundInput = {
    seed: request.seed,
    policy: request.rules,
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
      preference: preferences.get(p.id) ?? { kind: 'lottery' },
    })),
    enterpriseInterns: Object.fromEntries(enterpriseIds.map((id) => [id, seats.enterprise.get(id) ?? 0])),
  };
  return { input, applications, positions, unknownPositionIds };
}
