// An offer as its reader sees it. The talent base and the holder see whose it is; an enterprise sees
// the certificate's domain and level and, of the holder, only the fields of the holder's current
// consent (core/talent-matching/input.ts talentShareFields): a withdrawn consent shares nothing more.
import type { z } from 'zod';
import type { TalentOffer } from '../../prisma/generated/client';
import { currentConsents } from '../../activities/talent-matching/consents';
import type { ApiDependencies } from '../dependencies';
import type { offerView, sharedHolder } from './schemas';
import type { OfferReader } from './visibility';

type OfferView = z.infer<typeof offerView>;
type Shared = z.infer<typeof sharedHolder>;

/** The offers' views, each for its reader (null: the caller may not see it; left out). */
export async function offerViews(deps: ApiDependencies, offers: TalentOffer[], readerOf: (o: TalentOffer) => OfferReader | null): Promise<OfferView[]> {
  const visible = offers.flatMap((o) => {
    const reader = readerOf(o);
    return reader ? [{ o, reader }] : [];
  });
  const enterpriseReads = visible.filter((v) => v.reader === 'enterprise').map((v) => v.o);
  const shared = await sharedHolders(deps, enterpriseReads);
  return visible.map(({ o, reader }) => ({
    id: o.id,
    roundId: o.roundId,
    demandId: o.demandId,
    organizationId: o.organizationId,
    domain: o.domain,
    level: o.level,
    status: o.status as OfferView['status'],
    deadlineAt: o.deadlineAt.toISOString(),
    answeredAt: o.answeredAt?.toISOString() ?? null,
    ...(reader === 'enterprise' ? {} : { holderUserId: o.holderUserId }),
    holder: reader === 'enterprise' ? (shared.get(o.id) ?? {}) : {},
  }));
}

async function sharedHolders(deps: ApiDependencies, offers: TalentOffer[]): Promise<Map<string, Shared>> {
  const out = new Map<string, Shared>();
  if (offers.length === 0) return out;
  const rounds = await deps.db.talentRound.findMany({
    where: { id: { in: [...new Set(offers.map((o) => o.roundId))] } },
    select: { id: true, allianceId: true },
  });
  const allianceOf = new Map(rounds.map((r) => [r.id, r.allianceId]));
  const holderIds = [...new Set(offers.map((o) => o.holderUserId))];
  const [users, certificates] = await Promise.all([
    deps.db.user.findMany({ where: { id: { in: holderIds } }, select: { id: true, name: true, email: true, organization: { select: { name: true } } } }),
    deps.db.certificate.findMany({ where: { id: { in: offers.map((o) => o.certificateId) } }, select: { id: true, number: true } }),
  ]);
  const user = new Map(users.map((u) => [u.id, u]));
  const number = new Map(certificates.map((c) => [c.id, c.number]));
  const consents = new Map<string, Awaited<ReturnType<typeof currentConsents>>>();
  for (const allianceId of new Set(allianceOf.values())) consents.set(allianceId, await currentConsents(deps.db, allianceId, holderIds));
  for (const o of offers) {
    const consent = consents.get(allianceOf.get(o.roundId)!)?.get(o.holderUserId);
    const u = user.get(o.holderUserId);
    const shares = new Set(consent?.granted ? consent.shares : []);
    const view: Shared = {};
    if (shares.has('name') && u) view.name = u.name;
    if (shares.has('email') && u?.email) view.email = u.email;
    if (shares.has('organization') && u) view.organization = u.organization?.name ?? null;
    if (shares.has('certificate_number')) view.certificateNumber = number.get(o.certificateId);
    if (shares.has('locations') && consent) view.locations = consent.locations;
    out.set(o.id, view);
  }
  return out;
}
