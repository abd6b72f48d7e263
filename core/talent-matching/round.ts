// A talent round, from the talent base's data to the deferred-acceptance module and back. Pure,
// deterministic and workflow-safe; the round's activity reads the data, calls runTalentRound and stores
// the result with its exact input, so anyone can re-run it.
//
//   1. Candidates: holders who consented to matching (their latest consent event is a grant) with at
//      least one certificate valid at the round's instant: not revoked, validFrom <= asOf < validUntil.
//      A consenting holder with none is excluded, with the reason (revoked, expired, not yet valid).
//   2. Hard filter: a holder may be matched to a demand only with a valid certificate of the demand's
//      domain (compared after NFKC, case and space normalisation) whose level is at least the demand's.
//   3. Holders rank the demands they qualify for: one in a location they named first, then the higher
//      level (their certificate used to the full), the earlier deadline, the id. Demands rank holders by
//      their best qualifying level, ties broken by one lottery number per holder from the round's seed.
//   4. Holder-proposing deferred acceptance (core/matching/deferred-acceptance.ts) with each demand's
//      open seats as its capacity: stable, never over a demand's count.
import { deferredAcceptance, type DaPosition, type DaStudent } from '../matching/deferred-acceptance';
import { lotteryRanks } from '../matching/lottery';
import { type CertificateLevel, levelRank } from './input';

export const TALENT_MATCHING_ALGORITHM = 'holder-proposing-deferred-acceptance/level-filter/single-tie-breaking/v1';

export interface HeldCertificate {
  certificateId: string;
  number: string;
  domain: string;
  level: CertificateLevel;
  validFrom: string;
  validUntil: string;
  revokedAt: string | null;
}

export interface TalentHolder {
  userId: string;
  /** Locations the holder would work in (from their consent); empty: anywhere. */
  locations: string[];
  certificates: HeldCertificate[];
}

export interface TalentDemandFacts {
  demandId: string;
  organizationId: string;
  domain: string;
  level: CertificateLevel;
  /** Seats still open: the demand's count less those filled and those offered in open rounds. */
  seats: number;
  location: string;
  deadline: string;
}

export interface TalentRoundData {
  seed: string;
  asOf: string;
  holders: TalentHolder[];
  demands: TalentDemandFacts[];
}

export type ExclusionReason = 'revoked' | 'expired' | 'not_yet_valid' | 'no_certificate';

export interface TalentMatch {
  demandId: string;
  userId: string;
  /** The certificate that qualifies the holder: the highest level of the domain, then the latest validity. */
  certificateId: string;
  domain: string;
  level: CertificateLevel;
}

export interface TalentRoundResult {
  algorithm: typeof TALENT_MATCHING_ALGORITHM;
  seed: string;
  asOf: string;
  holders: number;
  candidates: number;
  excluded: { userId: string; reason: ExclusionReason }[];
  demands: number;
  seats: number;
  matches: TalentMatch[];
  proposals: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A domain as it is compared and reported: NFKC, case and runs of spaces do not matter. */
export function domainKey(domain: string): string {
  return domain.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

export function sameDomain(a: string, b: string): boolean {
  return domainKey(a) === domainKey(b);
}

export function isValidAt(certificate: HeldCertificate, asOf: string): boolean {
  const at = new Date(asOf).getTime();
  return certificate.revokedAt === null && new Date(certificate.validFrom).getTime() <= at && at < new Date(certificate.validUntil).getTime();
}

/** Why a holder with no valid certificate is not a candidate (the most telling reason among theirs). */
function exclusionOf(holder: TalentHolder, asOf: string): ExclusionReason | null {
  if (holder.certificates.some((c) => isValidAt(c, asOf))) return null;
  if (holder.certificates.some((c) => c.revokedAt !== null)) return 'revoked';
  const at = new Date(asOf).getTime();
  if (holder.certificates.some((c) => new Date(c.validUntil).getTime() <= at)) return 'expired';
  if (holder.certificates.length > 0) return 'not_yet_valid';
  return 'no_certificate';
}

/** The certificate that qualifies a holder for a demand (the hard filter), or null. */
export function qualifyingCertificate(holder: TalentHolder, demand: Pick<TalentDemandFacts, 'domain' | 'level'>, asOf: string): HeldCertificate | null {
  const fitting = holder.certificates.filter((c) => isValidAt(c, asOf) && sameDomain(c.domain, demand.domain) && levelRank(c.level) >= levelRank(demand.level));
  fitting.sort((a, b) => levelRank(b.level) - levelRank(a.level) || byId(b.validUntil, a.validUntil) || byId(a.certificateId, b.certificateId));
  return fitting[0] ?? null;
}

/** The strict instance a round runs deferred acceptance on (exposed for the property tests and for audits). */
export interface TalentInstance {
  holders: TalentHolder[];
  demands: TalentDemandFacts[];
  candidates: TalentHolder[];
  excluded: TalentRoundResult['excluded'];
  students: DaStudent[];
  positions: DaPosition[];
  /** The certificate that qualifies each eligible pair, by `${userId} ${demandId}`. */
  qualifying: Map<string, HeldCertificate>;
}

export function talentInstance(data: TalentRoundData): TalentInstance {
  const holders = [...data.holders].sort((a, b) => byId(a.userId, b.userId));
  const demands = [...data.demands].sort((a, b) => byId(a.demandId, b.demandId));
  const excluded: TalentRoundResult['excluded'] = [];
  const candidates: TalentHolder[] = [];
  for (const h of holders) {
    const reason = exclusionOf(h, data.asOf);
    if (reason) excluded.push({ userId: h.userId, reason });
    else candidates.push(h);
  }
  const lottery = lotteryRanks(
    candidates.map((c) => c.userId),
    data.seed,
  );

  // The eligible pairs, each with the certificate that qualifies it.
  const qualifying = new Map<string, HeldCertificate>();
  const pairKey = (userId: string, demandId: string) => `${userId} ${demandId}`;
  const students: DaStudent[] = [];
  const eligibleFor = new Map<string, string[]>(demands.map((d) => [d.demandId, []]));
  for (const h of candidates) {
    const fits: { demand: TalentDemandFacts; certificate: HeldCertificate }[] = [];
    for (const d of demands) {
      const certificate = qualifyingCertificate(h, d, data.asOf);
      if (!certificate || d.seats <= 0) continue;
      qualifying.set(pairKey(h.userId, d.demandId), certificate);
      eligibleFor.get(d.demandId)!.push(h.userId);
      fits.push({ demand: d, certificate });
    }
    const wants = (d: TalentDemandFacts) => (h.locations.length === 0 || h.locations.some((l) => sameDomain(l, d.location)) ? 0 : 1);
    fits.sort(
      (x, y) =>
        wants(x.demand) - wants(y.demand) ||
        levelRank(y.demand.level) - levelRank(x.demand.level) ||
        byId(x.demand.deadline, y.demand.deadline) ||
        byId(x.demand.demandId, y.demand.demandId),
    );
    students.push({ id: h.userId, preferences: fits.map((f) => f.demand.demandId) });
  }
  const positions: DaPosition[] = demands.map((d) => {
    const level = (userId: string) => levelRank(qualifying.get(pairKey(userId, d.demandId))!.level);
    const priority = [...eligibleFor.get(d.demandId)!].sort((a, b) => level(b) - level(a) || lottery.get(a)! - lottery.get(b)!);
    return { id: d.demandId, capacity: Math.max(0, d.seats), priority };
  });
  return { holders, demands, candidates, excluded, students, positions, qualifying };
}

export function runTalentRound(data: TalentRoundData): TalentRoundResult {
  const { holders, demands, candidates, excluded, students, positions, qualifying } = talentInstance(data);
  const pairKey = (userId: string, demandId: string) => `${userId} ${demandId}`;
  const { assignment, proposals } = deferredAcceptance(students, positions);
  const matches: TalentMatch[] = [];
  for (const h of candidates) {
    const demandId = assignment.get(h.userId) ?? null;
    if (demandId === null) continue;
    const certificate = qualifying.get(pairKey(h.userId, demandId))!;
    matches.push({ demandId, userId: h.userId, certificateId: certificate.certificateId, domain: certificate.domain, level: certificate.level });
  }
  return {
    algorithm: TALENT_MATCHING_ALGORITHM,
    seed: data.seed,
    asOf: data.asOf,
    holders: holders.length,
    candidates: candidates.length,
    excluded,
    demands: demands.length,
    seats: demands.reduce((n, d) => n + Math.max(0, d.seats), 0),
    matches,
    proposals,
  };
}

/**
 * Everything a round's result must respect, as sentences (none for a sound result): the level filter
 * and the domain, a valid certificate of the holder's, a demand's seats, one offer per holder, no
 * excluded holder matched. The tests check every round with it; anyone can check a stored round.
 */
export function roundViolations(data: TalentRoundData, result: TalentRoundResult): string[] {
  const violations: string[] = [];
  const holders = new Map(data.holders.map((h) => [h.userId, h]));
  const demands = new Map(data.demands.map((d) => [d.demandId, d]));
  const excluded = new Set(result.excluded.map((e) => e.userId));
  const perDemand = new Map<string, number>();
  const seen = new Set<string>();
  for (const m of result.matches) {
    const holder = holders.get(m.userId);
    const demand = demands.get(m.demandId);
    if (!holder || !demand) {
      violations.push(`match ${m.userId} -> ${m.demandId} names an unknown holder or demand`);
      continue;
    }
    if (seen.has(m.userId)) violations.push(`holder ${m.userId} matched twice`);
    seen.add(m.userId);
    if (excluded.has(m.userId)) violations.push(`excluded holder ${m.userId} matched`);
    const certificate = holder.certificates.find((c) => c.certificateId === m.certificateId);
    if (!certificate || !isValidAt(certificate, data.asOf)) violations.push(`holder ${m.userId} matched without a valid certificate`);
    else {
      if (levelRank(certificate.level) < levelRank(demand.level))
        violations.push(`holder ${m.userId} (${certificate.level}) below demand ${m.demandId} (${demand.level})`);
      if (!sameDomain(certificate.domain, demand.domain)) violations.push(`holder ${m.userId} (${certificate.domain}) outside demand ${m.demandId}'s domain`);
    }
    perDemand.set(m.demandId, (perDemand.get(m.demandId) ?? 0) + 1);
  }
  for (const [demandId, n] of perDemand) {
    if (n > demands.get(demandId)!.seats) violations.push(`demand ${demandId}: ${n} matches for ${demands.get(demandId)!.seats} seats`);
  }
  return violations;
}
