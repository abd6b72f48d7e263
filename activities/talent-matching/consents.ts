// A holder's consent to a talent base's matching, as its append-only events decide it: the latest event
// per person and alliance. Read by the round's activity (who is a candidate) and by the API (what an
// enterprise may see of a holder).
import type { Prisma } from '../../prisma/generated/client';
import type { TalentShareField } from '../../core/talent-matching/input';

export interface CurrentConsent {
  userId: string;
  granted: boolean;
  shares: TalentShareField[];
  locations: string[];
  at: Date;
}

type Reader = Pick<Prisma.TransactionClient, 'talentConsent'>;

/** The current consent of every person who ever answered in the alliance (or of `userIds` only). */
export async function currentConsents(db: Reader, allianceId: string, userIds?: readonly string[]): Promise<Map<string, CurrentConsent>> {
  const events = await db.talentConsent.findMany({
    where: { allianceId, ...(userIds ? { userId: { in: [...userIds] } } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const current = new Map<string, CurrentConsent>();
  for (const e of events) {
    current.set(e.userId, {
      userId: e.userId,
      granted: e.decision === 'granted',
      shares: e.decision === 'granted' ? (e.shares as TalentShareField[]) : [],
      locations: e.locations,
      at: e.createdAt,
    });
  }
  return current;
}
